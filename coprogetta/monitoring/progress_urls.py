"""Routes of the progress pages, added to the monitoring app's under /accordi/<pk>/."""

from django.urls import URLPattern, path

from . import progress_views as views

urlpatterns: list[URLPattern] = [
    path("<int:pk>/avanzamento/", views.progress_list, name="progress_list"),
    path(
        "<int:pk>/azioni/<int:action>/avanzamento/nuovo/", views.progress_create,
        name="progress_create",
    ),
    path("<int:pk>/avanzamento/<int:item>/modifica/", views.progress_edit, name="progress_edit"),
    path("<int:pk>/avanzamento/<int:item>/elimina/", views.progress_delete, name="progress_delete"),
]
