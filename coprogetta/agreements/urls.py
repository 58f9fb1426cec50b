from django.urls import path  # noqa: F401

from . import budget_urls

app_name = "agreements"
urlpatterns: list = [] + budget_urls.urlpatterns
