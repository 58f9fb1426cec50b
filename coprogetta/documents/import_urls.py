"""Routes of the document import (upload, progress, review, confirm), under /accordi/importa/."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
