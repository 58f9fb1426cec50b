from django.urls import path

from . import budget_urls, people_views, version_urls, views

app_name = "agreements"
urlpatterns: list = [
    path("", views.agreement_list, name="list"),
    path("nuovo/", views.agreement_create, name="create"),
    path("<int:pk>/", views.agreement_detail, name="detail"),
    path("<int:pk>/modifica/", views.agreement_edit, name="edit"),
    path("<int:pk>/elimina/", views.agreement_delete, name="delete"),
    path("<int:pk>/parti/nuova/", views.party_create, name="party_create"),
    path("<int:pk>/parti/<int:item>/modifica/", views.party_edit, name="party_edit"),
    path("<int:pk>/parti/<int:item>/elimina/", views.party_delete, name="party_delete"),
    path("<int:pk>/ambiti/nuovo/", views.area_create, name="area_create"),
    path("<int:pk>/ambiti/<int:area>/", views.area_detail, name="area_detail"),
    path("<int:pk>/ambiti/<int:area>/modifica/", views.area_edit, name="area_edit"),
    path("<int:pk>/ambiti/<int:area>/elimina/", views.area_delete, name="area_delete"),
    path("<int:pk>/ambiti/<int:area>/azioni/nuova/", views.action_create, name="action_create"),
    path("<int:pk>/azioni/<int:item>/modifica/", views.action_edit, name="action_edit"),
    path("<int:pk>/azioni/<int:item>/elimina/", views.action_delete, name="action_delete"),
    path("<int:pk>/persone/", people_views.people_list, name="people_list"),
    path("<int:pk>/persone/<int:person>/ruolo/", people_views.people_role, name="people_role"),
    path("<int:pk>/persone/<int:person>/ruolo/elimina/", people_views.people_role_delete,
         name="people_role_delete"),
    path("<int:pk>/persone/<int:person>/incarichi/nuovo/", people_views.people_assign,
         name="people_assign"),
    path("<int:pk>/incarichi/<int:item>/elimina/", people_views.assignment_delete,
         name="assignment_delete"),
] + budget_urls.urlpatterns + version_urls.urlpatterns
