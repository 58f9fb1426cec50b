"""Background jobs, under /lavori/."""

from django.urls import path

from . import job_views

app_name = "jobs"
urlpatterns = [
    path("<uuid:job>/", job_views.job_detail, name="detail"),
    path("<uuid:job>/stato/", job_views.job_status, name="status"),
]
