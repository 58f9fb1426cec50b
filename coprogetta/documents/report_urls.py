"""Routes of the monitoring reports, added to the documents app's under /accordi/<pk>/."""

from django.urls import URLPattern, path

from . import report_views

urlpatterns: list[URLPattern] = [
    path("<int:pk>/relazioni/", report_views.report_list, name="report_list"),
    path("<int:pk>/relazioni/genera/", report_views.report_generate, name="report_generate"),
    path("<int:pk>/relazioni/anteprima/", report_views.report_preview, name="report_preview"),
    path("<int:pk>/relazioni/<int:item>/scarica/", report_views.report_download, name="report_download"),
    path("<int:pk>/relazioni/tabelle/", report_views.report_table, name="report_table"),
]
