"""URLs of the deadlines page and the calendar feeds."""

urlpatterns: list = []
