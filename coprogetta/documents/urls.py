"""Documents of an agreement, under /accordi/<pk>/."""

from django.urls import path

from . import import_urls, report_urls, views

app_name = "documents"
urlpatterns = [
    path("<int:pk>/scheda-economica/", views.summary, name="summary"),
    path("<int:pk>/scheda-economica.<str:fmt>", views.summary_export, name="summary_export"),
] + report_urls.urlpatterns + import_urls.urlpatterns
