"""URLs of an agreement's negotiation versions: list, freeze, show, approve, compare, download."""

from django.urls import path

from . import version_views as views

urlpatterns: list = [
    path("<int:pk>/versioni/", views.version_list, name="version_list"),
    path("<int:pk>/versioni/nuova/", views.version_freeze, name="version_freeze"),
    path("<int:pk>/versioni/confronto/", views.version_diff, name="version_diff"),
    path("<int:pk>/versioni/<int:item>/", views.version_detail, name="version_detail"),
    path("<int:pk>/versioni/<int:item>/approva/", views.version_approve, name="version_approve"),
    path("<int:pk>/versioni/<int:item>/json/", views.version_download, name="version_download"),
]
