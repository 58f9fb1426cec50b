"""URLs: login, language switch, and each app's pages."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from coprogetta.health import health

urlpatterns = [
    path("", include("coprogetta.home.urls")),
    path("accesso/", auth_views.LoginView.as_view(), name="login"),
    path("uscita/", auth_views.LogoutView.as_view(), name="logout"),
    path("lingua/", login_not_required(set_language), name="set_language"),
    path("salute/", health, name="health"),
    path("admin/", admin.site.urls),
    path("organizzazioni/", include("coprogetta.accounts.urls")),
    path("", include("coprogetta.accounts.history_urls")),
    path("accordi/", include("coprogetta.agreements.urls")),
    path("accordi/", include("coprogetta.documents.urls")),
    path("accordi/", include("coprogetta.monitoring.urls")),
    path("lavori/", include("coprogetta.documents.job_urls")),
    path("territorio/", include("coprogetta.territory.urls")),
    path("", include("coprogetta.planning.urls")),
    path("api/v1/", include("coprogetta.api.urls")),
]
