"""Routes of the indicator pages, added to the monitoring app's under /accordi/<pk>/."""

from django.urls import URLPattern, path

from . import indicator_views as views

urlpatterns: list[URLPattern] = [
    path("<int:pk>/indicatori/", views.indicator_list, name="indicator_list"),
    path("<int:pk>/indicatori/nuovo/", views.indicator_create, name="indicator_create"),
    path("<int:pk>/indicatori/<int:item>/modifica/", views.indicator_edit, name="indicator_edit"),
    path("<int:pk>/indicatori/<int:item>/elimina/", views.indicator_delete, name="indicator_delete"),
    path(
        "<int:pk>/indicatori/<int:indicator>/valori/nuovo/", views.indicatorvalue_create,
        name="indicatorvalue_create",
    ),
    path(
        "<int:pk>/indicatori/valori/<int:item>/modifica/", views.indicatorvalue_edit,
        name="indicatorvalue_edit",
    ),
    path(
        "<int:pk>/indicatori/valori/<int:item>/elimina/", views.indicatorvalue_delete,
        name="indicatorvalue_delete",
    ),
    path(
        "<int:pk>/indicatori/valori/<int:item>/approva/", views.indicatorvalue_approve,
        name="indicatorvalue_approve",
    ),
]
