"""Pages of the territory ("Territorio"): the resources directory, each agreement's needs
analysis, programmes of activities and coverage matrix."""

from django.urls import path

from . import hsds_views, plan_views, views

app_name = "territory"
urlpatterns = [
    path("risorse/", views.directory, name="directory"),
    path("risorse/nuova/", views.resource_create, name="resource_create"),
    path("risorse/hsds.zip", hsds_views.hsds_export_zip, name="hsds_export_zip"),
    path("risorse/hsds.json", hsds_views.hsds_export_json, name="hsds_export_json"),
    path("risorse/importa-hsds/", hsds_views.hsds_import, name="hsds_import"),
    path("risorse/<int:resource>/", views.resource_detail, name="resource_detail"),
    path("risorse/<int:resource>/modifica/", views.resource_edit, name="resource_edit"),
    path("risorse/<int:resource>/elimina/", views.resource_delete, name="resource_delete"),
    path("accordi/<int:pk>/", plan_views.agreement_territory, name="agreement"),
    path("accordi/<int:pk>/bisogni/", plan_views.needs, name="needs"),
    path("accordi/<int:pk>/bisogni/nuova-versione/", plan_views.analysis_create, name="analysis_create"),
    path("analisi/<int:analysis>/elimina/", plan_views.analysis_delete, name="analysis_delete"),
    path("analisi/<int:analysis>/bisogni/nuovo/", plan_views.need_create, name="need_create"),
    path("bisogni/<int:need>/modifica/", plan_views.need_edit, name="need_edit"),
    path("bisogni/<int:need>/elimina/", plan_views.need_delete, name="need_delete"),
    path("accordi/<int:pk>/programmi/", plan_views.programme_list, name="programmes"),
    path("accordi/<int:pk>/programmi/nuovo/", plan_views.programme_create, name="programme_create"),
    path("programmi/<int:programme>/", plan_views.programme_detail, name="programme_detail"),
    path("programmi/<int:programme>/modifica/", plan_views.programme_edit, name="programme_edit"),
    path("programmi/<int:programme>/elimina/", plan_views.programme_delete, name="programme_delete"),
    path("programmi/<int:programme>/copia/", plan_views.programme_copy, name="programme_copy"),
    path("programmi/<int:programme>/attivita/nuova/", plan_views.activity_create, name="activity_create"),
    path("attivita/<int:activity>/modifica/", plan_views.activity_edit, name="activity_edit"),
    path("attivita/<int:activity>/elimina/", plan_views.activity_delete, name="activity_delete"),
    path("accordi/<int:pk>/copertura/", plan_views.coverage, name="coverage"),
    path(
        "accordi/<int:pk>/copertura/scarica/<str:fmt>/",
        plan_views.coverage_download,
        name="coverage_download",
    ),
]
