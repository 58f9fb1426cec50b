"""Planning pages: the work plan (Gantt) and the deadlines, calendar feeds."""

from . import deadline_urls, workplan_urls

app_name = "planning"
urlpatterns = workplan_urls.urlpatterns + deadline_urls.urlpatterns
