"""Routes of the monitoring reports, added to the documents app's under /accordi/<pk>/."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
