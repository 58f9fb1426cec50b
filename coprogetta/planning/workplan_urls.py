"""URLs of the work plan (Gantt chart, table, PDF)."""

from django.urls import path

from . import workplan_views as views

urlpatterns: list = [
    path("accordi/<int:pk>/piano-di-lavoro/", views.workplan, name="workplan"),
    path("accordi/<int:pk>/ambiti/<int:area>/piano-di-lavoro/", views.workplan_area, name="workplan_area"),
    path("accordi/<int:pk>/piano-di-lavoro.pdf", views.workplan_pdf, name="workplan_pdf"),
]
