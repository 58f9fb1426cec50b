"""The economic data of the Crema 2016 sample ("Scheda economica di sintesi"), on the world's agreement."""

from decimal import Decimal

import pytest
from django.utils import translation

from coprogetta.agreements.models import Contribution, VatRate

from .. import factories as f

AREAS = {
    1: "Servizi rivolti alle famiglie con bambini nella fascia di età dell'infanzia",
    2: "Servizi rivolti ai minori e alle famiglie",
    3: "Servizi rivolti ai disabili",
    4: "Servizi rivolti agli anziani",
    5: "Servizi di integrazione lavorativa",
}

# (area, description, unit amount, quantity, unit, VAT rate)
LINES = [
    (1, "Asilo Nido Via Dante/Pesadori e Centro prima infanzia", "26736.87", "11", "month", "4"),
    (2, "Servizio di assistenza domiciliare minori", "3568.85", "6", "month", "4"),
    (2, "Centri di aggregazione giovanile", "62280.00", "1", "lump_sum", "4"),
    (3, "Servizio di assistenza domiciliare disabili", "2300.00", "12", "month", "4"),
    (3, "Centro diurno disabili", "7283.00", "12", "month", "4"),
    (4, "Servizio di assistenza domiciliare anziani", "42479.93", "1", "lump_sum", "4"),
    (5, "Apertura e chiusura impianti e strutture comunali", "426842.00", "1", "lump_sum", "22"),
    (5, "Servizio di facchinaggio", "16550.00", "1", "lump_sum", "22"),
    (5, "Manutenzione aree verdi", "167962.11", "1", "lump_sum", "22"),
]
ITEMS = {1: "5540.00", 2: "8450.00", 3: "11490.00", 4: "11140.00", 5: "39500.00"}
QUOTAS = {3: "9000.00", 5: "1550.49"}

#: The sample's figures, as the page shows them.
SHOWN = {
    "net": "€ 1.146.628,71",
    "vat": "€ 155.908,88",
    "gross": "€ 1.302.537,59",
    "area3": ("€ 114.996,00", "€ 4.599,84", "€ 119.595,84"),
    "items": "€ 76.120,00",
    "quota": "€ 10.550,49",
    "resources": "€ 86.670,49",
    "ratio": "7,56 %",
}
#: The same figures as numbers.
FIGURES = {
    "net": Decimal("1146628.71"),
    "vat": Decimal("155908.88"),
    "gross": Decimal("1302537.59"),
    "area3": (Decimal("114996.00"), Decimal("4599.84"), Decimal("119595.84")),
    "items": Decimal("76120.00"),
    "quota": Decimal("10550.49"),
    "resources": Decimal("86670.49"),
    "ratio": Decimal("7.56"),
}


def quota_label(language: str = "it") -> str:
    """The sample's "Quota parte 1%" label, in ``language`` (English until the catalogue has it)."""
    with translation.override(language):
        return translation.gettext("%(percent)s quota") % {"percent": "1%"}


def add_crema_economics(agreement):
    """Add the sample's five areas, nine budget lines and the consortium's resources."""
    areas = {n: f.AreaFactory(agreement=agreement, number=n, title=t) for n, t in AREAS.items()}
    for position, (area, description, unit_amount, quantity, unit, rate) in enumerate(LINES):
        f.BudgetLineFactory(
            agreement=agreement, area=areas[area], description=description, position=position,
            unit_amount=Decimal(unit_amount), quantity=Decimal(quantity), unit=unit,
            vat_rate=VatRate(rate),
        )
    for n, amount in ITEMS.items():
        f.ContributionFactory(
            agreement=agreement, area=areas[n], kind=Contribution.Kind.ITEM, position=n,
            description=f"Risorse del Consorzio per l'ambito {n}", amount=Decimal(amount),
        )
    for n, amount in QUOTAS.items():
        f.ContributionFactory(
            agreement=agreement, area=areas[n], kind=Contribution.Kind.QUOTA, position=10 + n,
            description=f"Quota parte dell'1% dell'importo annuale posto a base di gara, ambito {n}",
            amount=Decimal(amount), percent=Decimal("1"),
        )
    return agreement


@pytest.fixture
def crema(world):
    """The world, its agreement carrying the Crema 2016 economics."""
    add_crema_economics(world.agreement)
    return world
