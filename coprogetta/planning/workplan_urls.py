"""URLs of the work plan (Gantt chart, table, PDF)."""

urlpatterns: list = []
