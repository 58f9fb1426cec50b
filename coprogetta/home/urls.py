"""The public pages: home, glossary, accessibility statement."""

from django.urls import path

from . import views

app_name = "home"
urlpatterns = [
    path("", views.home, name="home"),
    path("glossario/", views.glossary, name="glossary"),
    path("accessibilita/", views.accessibility, name="accessibility"),
]
