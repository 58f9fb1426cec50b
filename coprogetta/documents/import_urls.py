"""Routes of the document import (upload, progress, review, confirm), under /accordi/importa/."""

from django.urls import path

from . import import_views

urlpatterns = [
    path("importa/", import_views.import_upload, name="import_upload"),
    path("importa/<int:draft>/", import_views.import_review, name="import_review"),
    path("importa/<int:draft>/conferma/", import_views.import_confirm, name="import_confirm"),
    path("importa/<int:draft>/scarta/", import_views.import_discard, name="import_discard"),
]
