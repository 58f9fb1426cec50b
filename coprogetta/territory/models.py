"""The territory of an agreement: its needs, the resources that exist there (modelled on Open
Referral HSDS) and the programmes of activities that answer the needs with the resources.

Only aggregate information is kept: a need says "adolescents of San Carlo", never who.
"""

import uuid

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coprogetta.accounts.models import Organization
from coprogetta.agreements.models import Agreement, Versioned, amount_field

MIN_LATITUDE, MAX_LATITUDE = -90, 90
MIN_LONGITUDE, MAX_LONGITUDE = -180, 180


class TargetGroup(models.TextChoices):
    """Who a need concerns and whom a resource is for."""

    EARLY_0_3 = "early_0_3", _("Early childhood 0–3")
    EARLY_3_6 = "early_3_6", _("Early childhood 3–6")
    CHILDREN = "children", _("Children")
    PRE_ADOLESCENTS = "pre_adolescents", _("Pre-adolescents")
    ADOLESCENTS = "adolescents", _("Adolescents")
    YOUNG_ADULTS = "young_adults", _("Young adults")
    FAMILIES = "families", _("Families")
    FRAGILE_ADULTS = "fragile_adults", _("Adults in fragile situations")
    ELDERLY = "elderly", _("Elderly people")
    DISABILITIES = "disabilities", _("People with disabilities")


class NeedsAnalysis(models.Model):
    """One dated version of an agreement's analysis of the territory's needs."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="needs_analyses")
    date = models.DateField(_("date of this version"))
    title = models.CharField(_("title"), max_length=200)
    notes = models.TextField(_("method and sources"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("needs analysis")
        verbose_name_plural = _("needs analyses")
        ordering = ["-date", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "date"], name="needsanalysis_unique_date"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.date:%d/%m/%Y})"


class Need(Versioned):
    """An aggregate need of a target group in a zone, with its evidence and priority."""

    class Priority(models.IntegerChoices):
        HIGH = 1, _("High")
        MEDIUM = 2, _("Medium")
        LOW = 3, _("Low")

    analysis = models.ForeignKey(NeedsAnalysis, on_delete=models.CASCADE, related_name="needs")
    target_group = models.CharField(_("target group"), max_length=20, choices=TargetGroup.choices)
    zone = models.CharField(
        _("zone or neighbourhood"), max_length=100, help_text=_("For example: San Carlo, Zona 3.")
    )
    description = models.TextField(_("description"))
    evidence = models.TextField(
        _("evidence or source"),
        help_text=_("Aggregate data only: figures, reports, meetings. No personal data."),
    )
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=Priority.choices, default=Priority.MEDIUM
    )
    recorded_on = models.DateField(_("date recorded"), default=timezone.localdate)

    class Meta:
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        ordering = ["priority", "target_group", "zone", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(priority__in=[1, 2, 3]), name="need_priority_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.get_target_group_display()} — {self.zone}: {self.short_description}"

    @property
    def short_description(self) -> str:
        text = " ".join(self.description.split())
        return text if len(text) <= 80 else text[:79] + "…"


class Resource(Versioned):
    """A resource or opportunity of the territory: an HSDS service of an organisation at a
    location, with its schedule, eligibility, cost, capacity, contact and languages.

    It belongs to the organisation that recorded it (``owner``); the HSDS ids make a round
    trip through a data package keep the same records.
    """

    class Kind(models.TextChoices):
        SERVICE = "service", _("Service")
        SPACE = "space", _("Space")
        PROGRAMME = "programme", _("Programme")
        VOLUNTEERING = "volunteering", _("Volunteering or traineeship")
        FUNDING = "funding", _("Funding")

    owner = models.ForeignKey(
        Organization,
        verbose_name=_("recorded by"),
        on_delete=models.CASCADE,
        related_name="territory_resources",
    )
    uid = models.UUIDField(_("HSDS service id"), default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.SERVICE)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    # HSDS organization
    provider_uid = models.UUIDField(_("HSDS organisation id"), default=uuid.uuid4, editable=False)
    provider_name = models.CharField(_("provider"), max_length=200)
    # HSDS location and address
    location_uid = models.UUIDField(_("HSDS location id"), default=uuid.uuid4, editable=False)
    location_name = models.CharField(_("place"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    city = models.CharField(_("town"), max_length=100, default="Crema")
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        help_text=_("Decimal degrees, between -90 and 90 (Crema is about 45,36)."),
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        help_text=_("Decimal degrees, between -180 and 180 (Crema is about 9,68)."),
    )
    zone = models.CharField(_("zone or neighbourhood"), max_length=100, blank=True)
    # HSDS schedule, eligibility, cost, capacity, contact, languages
    schedule_text = models.CharField(
        _("opening times"),
        max_length=300,
        blank=True,
        help_text=_("As people say it, for example: dal lunedì al venerdì 16-18."),
    )
    min_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    #: Target groups, stored as ",code,code," so that one filter works on every database.
    target_groups = models.CharField(_("target groups"), max_length=250, blank=True)
    cost_description = models.CharField(
        _("cost"), max_length=300, blank=True, help_text=_("For example: free; € 5 a week.")
    )
    cost_amount = amount_field(_("cost in euro"), null=True, blank=True)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("How many people at once.")
    )
    contact_name = models.CharField(
        _("contact"), max_length=200, blank=True, help_text=_("An office or a role, not a private person.")
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telephone"), max_length=40, blank=True)
    url = models.URLField(_("web page"), blank=True)
    #: ISO 639-1 codes separated by commas, for example "it,en".
    languages = models.CharField(_("languages"), max_length=100, blank=True, default="it")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        ordering = ["name", "id"]
        # the directory's order, for those who see many resources (200,000 at scale 600)
        indexes = [models.Index(fields=["name", "id"], name="resource_directory_order")]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True)
                | Q(latitude__gte=MIN_LATITUDE, latitude__lte=MAX_LATITUDE),
                name="resource_latitude_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True)
                | Q(longitude__gte=MIN_LONGITUDE, longitude__lte=MAX_LONGITUDE),
                name="resource_longitude_range",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="resource_coordinates_both",
            ),
            models.CheckConstraint(
                condition=Q(min_age__isnull=True) | Q(max_age__isnull=True) | Q(min_age__lte=F("max_age")),
                name="resource_age_range",
            ),
            models.CheckConstraint(
                condition=Q(cost_amount__isnull=True) | Q(cost_amount__gte=0),
                name="resource_cost_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def target_group_codes(self) -> list[str]:
        return [code for code in self.target_groups.split(",") if code]

    @property
    def target_group_labels(self) -> list[str]:
        labels = dict(TargetGroup.choices)
        return [str(labels.get(code, code)) for code in self.target_group_codes]

    @property
    def language_codes(self) -> list[str]:
        return [code.strip() for code in self.languages.split(",") if code.strip()]

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None and self.longitude is not None


def join_codes(codes: list[str]) -> str:
    """The stored form of target groups: ``",a,b,"`` in the order of ``TargetGroup`` (empty
    for none; unknown codes last)."""
    order = {code: index for index, code in enumerate(TargetGroup.values)}
    kept = sorted({code for code in codes if code}, key=lambda c: (order.get(c, len(order)), c))
    return f",{','.join(kept)}," if kept else ""


class Programme(Versioned):
    """A programme of activities of an agreement over a period, four months by default."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="programmes")
    title = models.CharField(_("title"), max_length=200)
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("programme of activities")
        verbose_name_plural = _("programmes of activities")
        ordering = ["start_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="programme_end_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Activity(Versioned):
    """An activity of a programme: the needs it answers and the resources it uses."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="activities")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    needs = models.ManyToManyField(
        Need, verbose_name=_("needs answered"), blank=True, related_name="activities"
    )
    resources = models.ManyToManyField(
        Resource, verbose_name=_("resources used"), blank=True, related_name="activities"
    )
    responsible = models.ForeignKey(
        Organization,
        verbose_name=_("responsible organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="territory_activities",
    )
    schedule_text = models.CharField(_("schedule (as written)"), max_length=300, blank=True)
    #: The normalised schedule (``coprogetta.lib.schedules.Schedule.to_dict()``), or None.
    schedule = models.JSONField(_("normalised schedule"), null=True, blank=True)
    places = models.CharField(
        _("places"), max_length=300, blank=True, help_text=_("Where the activity takes place.")
    )
    budget = amount_field(_("budget"), default=0)
    expected_participants = models.PositiveIntegerField(_("expected participants"), default=0)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["programme", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(budget__gte=0), name="activity_budget_not_negative"),
        ]

    def __str__(self) -> str:
        return self.title
