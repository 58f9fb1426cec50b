from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("", views.organization_list, name="organization_list"),
]
