"""``coprogetta generate --scale N``: a synthetic national dataset, N districts of the demo's shape.

The plan (names, dates, amounts) is ``coprogetta.lib.synthetic``; this command writes it table by
table, in batches of ``--batch`` rows, one transaction per batch: ``bulk_create`` where the new
ids are needed, ``COPY`` on PostgreSQL for the rest (time entries, counts, progress...). Progress
goes to stderr. Generated organisations carry tax codes matching
``synthetic.TAX_CODE_PATTERN``: a database holding them is refused unless ``--append`` (more
districts after the existing ones) or ``--force`` (the generated data deleted first).
"""

from __future__ import annotations

import sys
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime
from datetime import time as dtime
from itertools import islice
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coprogetta.accounts.models import Membership, Organization
from coprogetta.agreements.models import (
    Action,
    Agreement,
    AgreementRole,
    Area,
    Assignment,
    BudgetLine,
    Contribution,
    FeeTier,
    Party,
    PaymentTranche,
    StaffCost,
)
from coprogetta.lib import synthetic
from coprogetta.lib.synthetic import District
from coprogetta.monitoring.models import (
    ActionProgress,
    EnrolmentCount,
    Expense,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    TimeEntry,
)
from coprogetta.territory.models import (
    Activity,
    Need,
    NeedsAnalysis,
    Programme,
    Resource,
    join_codes,
)

NAMESPACE = uuid.UUID("6f1d2c3e-58b4-4c8e-9a57-2b1c0f9e7d11")
Row = Sequence[Any]
Filler = tuple["models.Field[Any, Any]", Callable[[], Any]]


def batched(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def fmt_duration(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 60}m{seconds % 60:02d}s" if seconds >= 60 else f"{seconds}s"


class Writer:
    """Writes rows table by table, in batches, each in its own transaction, showing progress."""

    def __init__(self, batch: int, err: Any) -> None:
        self.batch = batch
        self.err = err
        self.copy = connection.vendor == "postgresql"
        self.counts: dict[str, tuple[int, float]] = {}

    def write(
        self, label: str, model: type[models.Model], names: Sequence[str], rows: Iterable[Row],
        total: int, *, returning: bool = False,
    ) -> list[int]:
        """Insert ``rows`` (values for the attributes ``names``); the new ids if ``returning``."""
        ids: list[int] = []
        started = shown = time.monotonic()
        done = 0
        fill = self._filler(model, names)
        for chunk in batched(rows, self.batch):
            with transaction.atomic():
                if self.copy and returning:
                    # the ids are drawn from the table's sequence, then the rows are copied
                    new = self._reserve(model, len(chunk))
                    rows_with_ids = [(pk, *row) for pk, row in zip(new, chunk, strict=True)]
                    self._copy(model, ("id", *names), rows_with_ids, fill)
                    ids.extend(new)
                elif self.copy:
                    self._copy(model, names, chunk, fill)
                else:
                    created = model.objects.bulk_create(
                        [model(**dict(zip(names, row, strict=True))) for row in chunk]
                    )
                    if returning:
                        ids.extend(obj.pk for obj in created)
            done += len(chunk)
            now = time.monotonic()
            if now - shown >= 1 or done >= total:
                shown = now
                self._show(label, done, total, now - started)
        if done == 0:
            self._show(label, 0, 0, 0.0)
        self.counts[label] = (done, time.monotonic() - started)
        return ids

    @staticmethod
    def _reserve(model: type[models.Model], count: int) -> list[int]:
        """``count`` new ids from the sequence of ``model``'s table."""
        table = model._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, count],
            )
            return [pk for (pk,) in cursor.fetchall()]

    def _show(self, label: str, done: int, total: int, elapsed: float) -> None:
        rate = done / elapsed if elapsed > 0 else 0.0
        percent = 100.0 if total == 0 else min(100.0, 100.0 * done / total)
        eta = (total - done) / rate if rate and total > done else 0.0
        self.err.write(
            f"{label:<22} {percent:5.1f}%  {done:>10,}/{total:,} rows  {rate:>9,.0f} rows/s  "
            f"ETA {fmt_duration(eta)}\n"
        )
        self.err.flush()

    @staticmethod
    def _filler(model: type[models.Model], names: Sequence[str]) -> list[Filler]:
        """Fields left out of ``names`` and how COPY fills them (what ``Model()`` would)."""
        given = set(names)
        now = timezone.now()
        result = []
        for f in model._meta.concrete_fields:
            if f.primary_key or f.attname in given:
                continue
            if getattr(f, "auto_now_add", False) or getattr(f, "auto_now", False):
                result.append((f, lambda: now))
            else:
                result.append((f, f.get_default))
        return result

    def _copy(
        self, model: type[models.Model], names: Sequence[str], rows: list[Row],
        fill: list[Filler],
    ) -> None:
        fields = [model._meta.pk if name == "id" else model._meta.get_field(name.removesuffix("_id"))
                  if name.endswith("_id") else model._meta.get_field(name) for name in names]
        json_at = [i for i, f in enumerate(fields) if isinstance(f, models.JSONField)]
        columns = [f.column for f in fields] + [f.column for f, _ in fill]
        quote = connection.ops.quote_name
        sql = (f"COPY {quote(model._meta.db_table)} ({', '.join(quote(c) for c in columns)}) "
               "FROM STDIN")
        extra = [f.get_db_prep_save(make(), connection) for f, make in fill]
        with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            for row in rows:
                values = list(row)
                for i in json_at:
                    values[i] = fields[i].get_db_prep_save(values[i], connection)
                copy.write_row(values + extra)


class Command(BaseCommand):
    help = (
        "Generate a synthetic national dataset: --scale N districts (1: one district, about 10 "
        "agreements; 600: all of Italy), reproducible from --seed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", type=int, required=True, help="number of districts")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--batch", type=int, default=5000, help="rows per insert and transaction")
        parser.add_argument("--password", default="", help="password of the generated users "
                            "(unusable if not given)")
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--append", action="store_true",
                           help="add districts after the generated ones already in the database")
        group.add_argument("--force", action="store_true",
                           help="delete the generated data already in the database first")

    def handle(self, *args: Any, **options: Any) -> None:
        scale: int = options["scale"]
        if scale < 1:
            raise CommandError(_("--scale must be at least 1."))
        if options["batch"] < 1:
            raise CommandError(_("--batch must be at least 1."))
        err = options.get("stderr") or sys.stderr
        generated = Organization.objects.filter(tax_code__regex=synthetic.TAX_CODE_PATTERN)
        first = 0
        if generated.exists():
            existing = generated.filter(kind=Organization.Kind.CONSORTIUM).count()
            if options["force"]:
                err.write(_("Deleting the generated data already in the database (%(n)s districts).")
                          % {"n": existing} + "\n")
                remove_generated()
            elif options["append"]:
                first = existing
            else:
                raise CommandError(_(
                    "This database already holds generated data (%(n)s districts). Use --append to "
                    "add districts after them, or --force to delete them and generate again."
                ) % {"n": existing})
        started = time.monotonic()
        districts = []
        for index in range(first, first + scale):
            districts.append(synthetic.district(options["seed"], index))
            if len(districts) % 50 == 0 or len(districts) == scale:
                err.write(f"{'plan':<22} {100 * len(districts) / scale:5.1f}%  "
                          f"{len(districts):>10,}/{scale:,} districts\n")
        writer = Writer(options["batch"], err)
        password = make_password(options["password"]) if options["password"] else None
        logins = write_all(writer, districts, options["seed"], password)
        total_rows = sum(n for n, _ in writer.counts.values())
        elapsed = time.monotonic() - started
        size = sum((synthetic.sizes(d) for d in districts), synthetic.Sizes())
        self.stdout.write(_(
            "Generated %(districts)s districts (%(first)s–%(last)s, seed %(seed)s): %(agreements)s "
            "agreements, %(areas)s areas, %(actions)s actions, %(entries)s time entries, "
            "%(resources)s resources, %(rows)s rows in all, in %(time)s."
        ) % {
            "districts": scale, "first": first + 1, "last": first + scale, "seed": options["seed"],
            "agreements": f"{size.agreements:,}", "areas": f"{size.areas:,}",
            "actions": f"{size.actions:,}", "entries": f"{size.time_entries:,}",
            "resources": f"{size.resources:,}", "rows": f"{total_rows:,}",
            "time": fmt_duration(elapsed),
        })
        self.stdout.write(_("One user per role (district %(n)s):") % {"n": first + 1})
        for role, name in logins:
            self.stdout.write(f"  {role:<12} {name}")
        if not options["password"]:
            self.stdout.write(_("The generated users have no usable password; give --password to set one."))


def write_all(
    writer: Writer, districts: list[District], seed: int, password: str | None
) -> list[tuple[str, str]]:
    """Write every table of ``districts``; the first district's user of each role."""
    w = writer.write
    # organisations: municipalities and consortia, then the cooperatives (members of a consortium)
    heads = [(d, o) for d in districts for o in d.organizations if o.kind != "cooperative"]
    coops = [(d, o) for d in districts for o in d.organizations if o.kind == "cooperative"]
    total = len(heads) + len(coops)
    head_ids = w("organisations", Organization, ("name", "kind", "tax_code", "consortium_id"),
                 ((o.name, o.kind, o.tax_code, None) for _, o in heads), total, returning=True)
    org: dict[tuple[int, int], int] = {
        (d.index, o.key): pk for (d, o), pk in zip(heads, head_ids, strict=True)}
    coop_ids = w("organisations (coops)", Organization, ("name", "kind", "tax_code", "consortium_id"),
                 ((o.name, o.kind, o.tax_code,
                   org[d.index, d.consortium.key] if o.member_of_consortium else None)
                  for d, o in coops), len(coops), returning=True)
    org.update({(d.index, o.key): pk for (d, o), pk in zip(coops, coop_ids, strict=True)})

    users = [(d, u) for d in districts for u in d.users]
    user_ids = w("users", get_user_model(), ("username", "password", "email", "is_active"),
                 ((u.username, password or make_password(None), f"{u.username}@example.invalid", True)
                  for _, u in users), len(users), returning=True)
    user: dict[tuple[int, str], int] = {
        (d.index, u.role): pk for (d, u), pk in zip(users, user_ids, strict=True)}
    w("memberships", Membership, ("user_id", "organization_id", "role"),
      ((user[d.index, u.role], org[d.index, u.organization], u.role) for d, u in users), len(users))

    agreements = [(d, n, a) for d in districts for n, a in enumerate(d.agreements)]
    agreement_ids = w(
        "agreements", Agreement,
        ("title", "kind", "status", "start_date", "end_date", "tender_base_amount",
         "financial_regime", "monitoring_frequency", "monitoring_every_months",
         "programme_every_months"),
        ((a.title, a.kind, a.status, a.start, a.end, a.tender_base, a.regime, "semestrale", 6, 4)
         for _, _, a in agreements), len(agreements), returning=True)
    parties = [(pk, d, p) for (d, _, a), pk in zip(agreements, agreement_ids, strict=True) for p in a.parties]
    w("parties", Party, ("agreement_id", "organization_id", "role"),
      ((pk, org[d.index, key], role) for pk, d, (key, role) in parties), len(parties))

    areas = [(pk, d, n, area) for (d, n, a), pk in zip(agreements, agreement_ids, strict=True)
             for area in a.areas]
    area_ids = w("areas", Area, ("agreement_id", "number", "title", "target"),
                 ((pk, area.number, area.title, area.target) for pk, _, _, area in areas),
                 len(areas), returning=True)
    actions = [(area_pk, d, action) for (_, d, _, area), area_pk in zip(areas, area_ids, strict=True)
               for action in area.actions]
    action_ids = w(
        "actions", Action,
        ("area_id", "kind", "number", "title", "description", "responsible_id", "schedule_text",
         "schedule", "status", "progress"),
        ((area_pk, x.kind, x.number, x.title, x.description, org[d.index, x.responsible],
          x.schedule_text, x.schedule(), x.status, x.progress) for area_pk, d, x in actions),
        len(actions), returning=True)
    action_pk = iter(action_ids)
    # per area: (agreement pk, area pk, [action pks]) in plan order
    area_rows = [(agr_pk, area_pk, d, n, area, [next(action_pk) for _ in area.actions])
                 for (agr_pk, d, n, area), area_pk in zip(areas, area_ids, strict=True)]

    w("assignments", Assignment, ("agreement_id", "user_id", "area_id"),
      ((agr_pk, user[d.index, "operator"], area_pk)
       for agr_pk, area_pk, d, _, area, _ in area_rows if area.number == 1),
      len(agreements))

    lines = [(agr_pk, area_pk, pks, line) for agr_pk, area_pk, _, _, area, pks in area_rows
             for line in area.lines]
    line_ids = w(
        "budget lines", BudgetLine,
        ("agreement_id", "area_id", "action_id", "position", "description", "unit_amount",
         "quantity", "unit", "vat_rate", "vat_included"),
        ((agr_pk, area_pk, None if line.action is None else pks[line.action], position,
          line.description, line.unit_amount, line.quantity, line.unit, line.vat_rate,
          line.vat_included) for position, (agr_pk, area_pk, pks, line) in enumerate(lines)),
        len(lines), returning=True)
    tiers = [(pk, tier) for (_, _, _, line), pk in zip(lines, line_ids, strict=True) for tier in line.tiers]
    w("fee tiers", FeeTier, ("budget_line_id", "min_count", "max_count", "unit_amount", "renegotiate"),
      ((pk, low, high, amount, amount is None) for pk, (low, high, amount) in tiers), len(tiers))
    counts = [(pk, c) for (_, _, _, line), pk in zip(lines, line_ids, strict=True) for c in line.counts]
    w("enrolment counts", EnrolmentCount, ("budget_line_id", "month", "count"),
      ((pk, month, count) for pk, (month, count) in counts), len(counts))

    staff = [(agr_pk, area_pk, s) for agr_pk, area_pk, _, _, area, _ in area_rows for s in area.staff]
    staff_ids = w(
        "staff costs", StaffCost,
        ("agreement_id", "area_id", "position", "role", "count", "hourly_rate", "hours", "vat_rate",
         "vat_included", "period_start", "period_end"),
        ((agr_pk, area_pk, position, s.role, s.count, s.hourly_rate, s.hours, s.vat_rate,
          s.vat_included, s.start, s.end) for position, (agr_pk, area_pk, s) in enumerate(staff)),
        len(staff), returning=True)
    first_staff: dict[int, int] = {}
    for (_agr, area_pk, _staff), pk in zip(staff, staff_ids, strict=True):
        first_staff.setdefault(area_pk, pk)

    areas_of: dict[int, list[int]] = {}
    for agr_pk, area_pk, *_rest in area_rows:
        areas_of.setdefault(agr_pk, []).append(area_pk)
    contributions = [(pk, d, c) for (d, _, a), pk in zip(agreements, agreement_ids, strict=True)
                     for c in a.contributions]
    contribution_ids = w(
        "contributions", Contribution,
        ("agreement_id", "area_id", "position", "description", "kind", "amount", "percent"),
        ((pk, None if c.area is None else areas_of[pk][c.area], position, c.description, c.kind,
          c.amount, c.percent) for position, (pk, _, c) in enumerate(contributions)),
        len(contributions), returning=True)
    expenses = [(agr_pk, pk, d, e) for (agr_pk, d, c), pk in zip(contributions, contribution_ids, strict=True)
                for e in c.expenses]
    w("expenses", Expense,
      ("agreement_id", "contribution_id", "date", "amount", "description", "recorded_by_id"),
      ((agr_pk, pk, day, amount, text, user[d.index, "coordinator"])
       for agr_pk, pk, d, (day, amount, text) in expenses), len(expenses))

    tranches = [(pk, t) for (_, _, a), pk in zip(agreements, agreement_ids, strict=True) for t in a.tranches]
    w("tranches", PaymentTranche,
      ("agreement_id", "position", "due_date", "percent", "is_balance", "status", "invoice_number",
       "invoice_date", "paid_date"),
      ((pk, position, t.due, t.percent, t.percent is None, t.status, t.invoice_number,
        t.invoice_date, t.paid_date) for position, (pk, t) in enumerate(tranches)), len(tranches))

    end_of = {pk: a.end for (_, _, a), pk in zip(agreements, agreement_ids, strict=True)}

    def entry_rows() -> Iterator[Row]:
        for agr_pk, area_pk, d, n, area, pks in area_rows:
            operator = user[d.index, "operator"]
            for position, (action, action_pk) in enumerate(zip(area.actions, pks, strict=True)):
                for day, hours, on_staff in synthetic.time_entries(
                    seed, d.index, n, area.number, position, action, end_of[agr_pk]
                ):
                    if on_staff:
                        yield agr_pk, first_staff[area_pk], None, operator, day, hours
                    else:
                        yield agr_pk, None, action_pk, operator, day, hours

    entries = sum(action.entries for *_, area, _ in area_rows for action in area.actions)
    w("time entries", TimeEntry, ("agreement_id", "staff_cost_id", "action_id", "user_id", "date", "hours"),
      entry_rows(), entries)

    progress = [(pk, d, p) for (_, d, x), pk in zip(actions, action_ids, strict=True) for p in x.checkpoints]
    w("progress checkpoints", ActionProgress, ("action_id", "date", "status", "percent", "recorded_by_id"),
      ((pk, p.day, p.status, p.percent, user[d.index, "coordinator"]) for pk, d, p in progress),
      len(progress))

    indicators = [(agr_pk, area_pk, d, area.indicator, position)
                  for position, (agr_pk, area_pk, d, _, area, _) in enumerate(area_rows)]
    indicator_ids = w(
        "indicators", Indicator,
        ("agreement_id", "area_id", "position", "name", "unit", "baseline", "source"),
        ((agr_pk, area_pk, position, i.name, i.unit, i.baseline, "Registri del servizio")
         for agr_pk, area_pk, _, i, position in indicators), len(indicators), returning=True)
    targets = [(pk, t) for (*_, i, _), pk in zip(indicators, indicator_ids, strict=True) for t in i.targets]
    w("indicator targets", IndicatorTarget, ("indicator_id", "period_end", "target"),
      ((pk, day, value) for pk, (day, value) in targets), len(targets))
    values = [(pk, d, v) for (_, _, d, i, _), pk in zip(indicators, indicator_ids, strict=True)
              for v in i.values]
    tz = timezone.get_current_timezone()
    w("indicator values", IndicatorValue,
      ("indicator_id", "period_end", "value", "status", "reported_by_id", "approved_by_id", "approved_at"),
      ((pk, day, value, "approved" if ok else "submitted", user[d.index, "coordinator"],
        user[d.index, "officer"] if ok else None,
        datetime.combine(day, dtime(12), tzinfo=tz) if ok else None)
       for pk, d, (day, value, ok) in values), len(values))

    resources = [(d, n, r) for d in districts for n, r in enumerate(d.resources)]
    resource_ids = w(
        "resources", Resource,
        ("owner_id", "uid", "kind", "name", "description", "provider_uid", "provider_name",
         "location_uid", "location_name", "address", "city", "latitude", "longitude", "zone",
         "min_age", "max_age", "target_groups", "cost_description", "cost_amount", "capacity",
         "contact_name", "languages"),
        ((org[d.index, r.owner], uuid.uuid5(NAMESPACE, f"{seed}/{d.index}/{n}/service"), r.kind,
          r.name, f"{r.name}: servizio del territorio di {r.city}.",
          uuid.uuid5(NAMESPACE, f"{seed}/{d.index}/{r.owner}/organization"), r.provider,
          uuid.uuid5(NAMESPACE, f"{seed}/{d.index}/{n}/location"), r.name, f"Via Roma {n % 90 + 1}",
          r.city, r.latitude, r.longitude, r.zone, r.min_age, r.max_age,
          join_codes(list(r.target_groups)),
          "" if r.cost is None else ("Gratuito" if not r.cost else f"€ {r.cost} a settimana"),
          r.cost, r.capacity, "Ufficio servizi sociali", "it")
         for d, n, r in resources), len(resources), returning=True)
    resource_pk = {(d.index, n): pk for (d, n, _), pk in zip(resources, resource_ids, strict=True)}

    analysis_ids = w("needs analyses", NeedsAnalysis, ("agreement_id", "date", "title", "notes"),
                     ((pk, a.start, f"Analisi dei bisogni – {a.title}", "Piano di zona, dati aggregati.")
                      for (_, _, a), pk in zip(agreements, agreement_ids, strict=True)),
                     len(agreements), returning=True)
    needs = [(pk, need) for (_, _, a), pk in zip(agreements, analysis_ids, strict=True) for need in a.needs]
    starts = (a.start for _, _, a in agreements for _ in a.needs)
    need_ids = w("needs", Need,
                 ("analysis_id", "target_group", "zone", "description", "evidence", "priority",
                  "recorded_on"),
                 ((pk, x.target_group, x.zone, x.description, x.evidence, x.priority, a_start)
                  for (pk, x), a_start in zip(needs, starts, strict=True)),
                 len(needs), returning=True)
    need_iter = iter(need_ids)
    need_pks = [[next(need_iter) for _ in a.needs] for _, _, a in agreements]

    programmes = [(pk, a_pos, p)
                  for a_pos, ((_, _, a), pk) in enumerate(zip(agreements, agreement_ids, strict=True))
                  for p in a.programmes]
    programme_ids = w("programmes", Programme, ("agreement_id", "title", "start_date", "end_date"),
                      ((pk, p.title, p.start, p.end) for pk, _, p in programmes), len(programmes),
                      returning=True)
    activities = [(pk, a_pos, act) for (_, a_pos, p), pk in zip(programmes, programme_ids, strict=True)
                  for act in p.activities]
    activity_ids = w("activities", Activity,
                     ("programme_id", "title", "budget", "expected_participants", "responsible_id"),
                     ((pk, act[0], act[3], act[4],
                       org[agreements[a_pos][0].index, agreements[a_pos][0].consortium.key])
                      for pk, a_pos, act in activities), len(activities), returning=True)
    links = [(pk, need_pks[a_pos][k]) for (_, a_pos, act), pk in zip(activities, activity_ids, strict=True)
             for k in act[1]]
    w("activity needs", Activity.needs.through, ("activity_id", "need_id"), links, len(links))
    used = [(pk, resource_pk[agreements[a_pos][0].index, k])
            for (_, a_pos, act), pk in zip(activities, activity_ids, strict=True) for k in act[2]]
    w("activity resources", Activity.resources.through, ("activity_id", "resource_id"), used, len(used))

    first = districts[0]
    return [(role, synthetic.username(first.index, role)) for role in synthetic.ROLES]


def remove_generated() -> None:
    """Delete every generated row: the generated organisations' agreements and all they hold."""
    orgs = Organization.objects.filter(tax_code__regex=synthetic.TAX_CODE_PATTERN)
    agreements = Party.objects.filter(organization__in=orgs).values("agreement_id")
    by_agreement: list[tuple[type[models.Model], str]] = [
        (Activity.needs.through, "activity__programme__agreement_id__in"),
        (Activity.resources.through, "activity__programme__agreement_id__in"),
        (Activity, "programme__agreement_id__in"),
        (Programme, "agreement_id__in"),
        (Need, "analysis__agreement_id__in"),
        (NeedsAnalysis, "agreement_id__in"),
        (ActionProgress, "action__area__agreement_id__in"),
        (IndicatorValue, "indicator__agreement_id__in"),
        (IndicatorTarget, "indicator__agreement_id__in"),
        (Indicator, "agreement_id__in"),
        (TimeEntry, "agreement_id__in"),
        (Expense, "agreement_id__in"),
        (EnrolmentCount, "budget_line__agreement_id__in"),
        (FeeTier, "budget_line__agreement_id__in"),
        (PaymentTranche, "agreement_id__in"),
        (Contribution, "agreement_id__in"),
        (StaffCost, "agreement_id__in"),
        (BudgetLine, "agreement_id__in"),
        (Assignment, "agreement_id__in"),
        (AgreementRole, "agreement_id__in"),
        (Action, "area__agreement_id__in"),
        (Area, "agreement_id__in"),
    ]
    with transaction.atomic():
        for model, lookup in by_agreement:
            qs = model.objects.filter(**{lookup: agreements})
            qs._raw_delete(qs.db)
        # what is left of the agreements (parties, anything made by hand since) goes the usual way
        Agreement.objects.filter(pk__in=list(agreements.values_list("agreement_id", flat=True))).delete()
        resources = Resource.objects.filter(owner__in=orgs)
        resources._raw_delete(resources.db)
        get_user_model().objects.filter(
            username__regex=rf"^{synthetic.USERNAME_PREFIX}[0-9]{{4}}-({'|'.join(synthetic.ROLES)})$"
        ).delete()
        Organization.objects.filter(pk__in=orgs.filter(consortium__isnull=False)).delete()
        orgs.delete()
