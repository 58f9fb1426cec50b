"""Monitoring pages of an agreement: hours ("Ore"), enrolments ("Iscrizioni"), expenses ("Spese")."""

from django.urls import path

from . import dashboard_views, expense_views, indicator_urls, progress_urls, views

app_name = "monitoring"
urlpatterns = [
    path("<int:pk>/cruscotto/", dashboard_views.dashboard, name="dashboard"),
    path("<int:pk>/ore/", views.timeentry_list, name="timeentry_list"),
    path("<int:pk>/ore/nuova/", views.timeentry_create, name="timeentry_create"),
    path("<int:pk>/ore/<int:item>/modifica/", views.timeentry_edit, name="timeentry_edit"),
    path("<int:pk>/ore/<int:item>/elimina/", views.timeentry_delete, name="timeentry_delete"),
    path("<int:pk>/iscrizioni/", views.enrolment_list, name="enrolment_list"),
    path(
        "<int:pk>/voci/<int:line>/iscrizioni/nuova/", views.enrolment_create, name="enrolment_create"
    ),
    path("<int:pk>/iscrizioni/<int:item>/modifica/", views.enrolment_edit, name="enrolment_edit"),
    path("<int:pk>/iscrizioni/<int:item>/elimina/", views.enrolment_delete, name="enrolment_delete"),
    path("<int:pk>/spese/", expense_views.expense_list, name="expense_list"),
    path("<int:pk>/spese/nuova/", expense_views.expense_create, name="expense_create"),
    path("<int:pk>/spese/<int:item>/modifica/", expense_views.expense_edit, name="expense_edit"),
    path("<int:pk>/spese/<int:item>/elimina/", expense_views.expense_delete, name="expense_delete"),
    path(
        "<int:pk>/spese/<int:item>/documento/", expense_views.expense_document, name="expense_document"
    ),
] + indicator_urls.urlpatterns + progress_urls.urlpatterns
