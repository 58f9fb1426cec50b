"""URLs of an agreement's money: budget lines, fee tiers, contributions, tranches, staff costs."""

from django.urls import path

from . import budget_views as views

urlpatterns: list = [
    path("<int:pk>/voci/nuova/", views.budgetline_create, name="budgetline_create"),
    path("<int:pk>/voci/<int:item>/modifica/", views.budgetline_edit, name="budgetline_edit"),
    path("<int:pk>/voci/<int:item>/elimina/", views.budgetline_delete, name="budgetline_delete"),
    path("<int:pk>/voci/<int:line>/fasce/nuova/", views.feetier_create, name="feetier_create"),
    path("<int:pk>/fasce/<int:item>/modifica/", views.feetier_edit, name="feetier_edit"),
    path("<int:pk>/fasce/<int:item>/elimina/", views.feetier_delete, name="feetier_delete"),
    path("<int:pk>/contributi/nuovo/", views.contribution_create, name="contribution_create"),
    path("<int:pk>/contributi/<int:item>/modifica/", views.contribution_edit, name="contribution_edit"),
    path("<int:pk>/contributi/<int:item>/elimina/", views.contribution_delete, name="contribution_delete"),
    path("<int:pk>/tranche/nuova/", views.tranche_create, name="tranche_create"),
    path("<int:pk>/tranche/<int:item>/modifica/", views.tranche_edit, name="tranche_edit"),
    path("<int:pk>/tranche/<int:item>/elimina/", views.tranche_delete, name="tranche_delete"),
    path("<int:pk>/tranche/<int:item>/fattura/", views.tranche_invoice, name="tranche_invoice"),
    path("<int:pk>/tranche/<int:item>/pagamento/", views.tranche_pay, name="tranche_pay"),
    path("<int:pk>/tranche/<int:item>/riapri/", views.tranche_reopen, name="tranche_reopen"),
    path("<int:pk>/personale/nuovo/", views.staffcost_create, name="staffcost_create"),
    path("<int:pk>/personale/<int:item>/modifica/", views.staffcost_edit, name="staffcost_edit"),
    path("<int:pk>/personale/<int:item>/elimina/", views.staffcost_delete, name="staffcost_delete"),
]
