"""URLs of the deadlines page and the calendar feeds."""

from django.urls import path

from . import deadline_views

urlpatterns: list = [
    path("scadenze/", deadline_views.deadlines, name="deadlines"),
    path("scadenze/calendario/", deadline_views.user_feed, name="user_feed"),
    path("accordi/<int:pk>/calendario/", deadline_views.agreement_feed, name="agreement_feed"),
    path("calendario/<str:token>.ics", deadline_views.feed, name="feed"),
]
