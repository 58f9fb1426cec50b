from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("", views.organization_list, name="organization_list"),
    path("nuova/", views.organization_create, name="organization_create"),
    path("<int:pk>/modifica/", views.organization_edit, name="organization_edit"),
]
