from django.urls import path

from . import history_views, views

app_name = "accounts"
urlpatterns = [
    path("", views.organization_list, name="organization_list"),
    path("nuova/", views.organization_create, name="organization_create"),
    path("<int:pk>/modifica/", views.organization_edit, name="organization_edit"),
    path("<int:pk>/storico/", history_views.organization_history, name="organization_history"),
]
