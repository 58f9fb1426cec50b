"""URLs of the "Storico" pages of agreements and of the administrators' security page."""

from django.urls import path, register_converter

from . import history_views


class ModelLabelConverter:
    """``app_label.model_name`` in lower case, e.g. ``agreements.budgetline`` (an unknown one
    resolves, and its page answers 404 to whoever may read the agreement)."""

    regex = r"[a-z0-9_]+(?:\.[a-z0-9_]+)?"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ModelLabelConverter, "label")

app_name = "history"
urlpatterns = [
    path("accordi/<int:pk>/storico/", history_views.agreement_history, name="agreement"),
    path("accordi/<int:pk>/storico/<label:kind>/<int:object_id>/", history_views.object_history,
         name="object"),
    path("amministrazione/sicurezza/", history_views.security_events, name="security"),
]
