"""Routes of the progress pages, added to the monitoring app's under /accordi/<pk>/."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
