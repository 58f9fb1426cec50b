"""Concurrent writes with real parallel database connections: one thread, one connection each.

- Lost update: of several edits started from the same version, exactly one is saved; the
  others get ``EditConflict`` and the stored value is the winner's (an action, a budget line,
  the agreement).
- Tranches: 20 parallel payments (service and API) pay each tranche once; 20 parallel new
  tranches never take the total past the budget.
- Expenses: 20 parallel expenses on one line never take it over its plan without a reason.

The tests run on PostgreSQL (CI sets DATABASE_URL), where rows are locked with SELECT ... FOR
UPDATE, and on SQLite, whose IMMEDIATE transactions let one writer in at a time (the others
wait up to the 20 s timeout).
"""

import threading
from collections import Counter
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from rest_framework.test import APIClient

from coprogetta.accounts import services as account_services
from coprogetta.accounts.models import AuditEntry
from coprogetta.accounts.services import EditConflict
from coprogetta.agreements import budget_services, services
from coprogetta.agreements.models import Action, Agreement, BudgetLine, PaymentTranche
from coprogetta.api.token_services import api_token_create
from coprogetta.monitoring import expense_services
from coprogetta.monitoring.models import Expense
from tests import factories as f

pytestmark = pytest.mark.django_db(transaction=True)

#: How long a thread may take before the test gives up on it (SQLite writers queue up).
JOIN_TIMEOUT = 120


def in_parallel(count: int, work: Callable[[int], Any]) -> list[tuple[str, Any]]:
    """Run ``work(0) … work(count - 1)`` in ``count`` threads, released together.

    Each thread has its own database connection (Django's are per thread) and closes it at the
    end. Returns ("ok", result) or ("error", exception) per thread, in order.
    """
    ready = threading.Barrier(count)
    results: list[tuple[str, Any]] = [("missing", None)] * count

    def run(index: int) -> None:
        try:
            ready.wait(timeout=30)
            results[index] = ("ok", work(index))
        except Exception as error:  # noqa: BLE001 -- every outcome is examined by the test
            results[index] = ("error", error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,), name=f"parallel-{i}") for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(JOIN_TIMEOUT)
    assert not any(t.is_alive() for t in threads), "a thread did not finish"
    return results


def outcomes(results: list[tuple[str, Any]]) -> Counter[str]:
    """How many threads succeeded, and how many were refused by which exception."""
    return Counter("ok" if kind == "ok" else type(value).__name__ for kind, value in results)


def unexpected(results: list[tuple[str, Any]], *allowed: type[BaseException]) -> list[Any]:
    return [v for kind, v in results if kind == "error" and not isinstance(v, allowed)]


def api_client(user: Any) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {api_token_create(user=user, name='parallel')[1]}")
    return client


# -- lost update -----------------------------------------------------------------------------


def _edit_action(world: Any, obj: Action, value: str, version: int) -> Any:
    return services.action_update(user=world.owner, action=obj, title=value, version=version)


def _edit_line(world: Any, obj: BudgetLine, value: str, version: int) -> Any:
    return budget_services.budget_line_update(
        user=world.owner, line=obj, area=obj.area, action=obj.action, description=value,
        unit_amount=obj.unit_amount, quantity=obj.quantity, unit=obj.unit, vat_rate=obj.vat_rate,
        vat_included=obj.vat_included, version=version,
    )


def _edit_agreement(world: Any, obj: Agreement, value: str, version: int) -> Any:
    return services.agreement_update(user=world.owner, agreement=obj, title=value, version=version)


def _make_action(world: Any) -> Action:
    return f.ActionFactory(area=f.AreaFactory(agreement=world.agreement), title="Azione")


def _make_line(world: Any) -> BudgetLine:
    return f.BudgetLineFactory(agreement=world.agreement)


def _make_agreement(world: Any) -> Agreement:
    return world.agreement


LOST_UPDATE = [
    pytest.param(_make_action, _edit_action, "title", id="action"),
    pytest.param(_make_line, _edit_line, "description", id="budget line"),
    pytest.param(_make_agreement, _edit_agreement, "title", id="agreement"),
]


@pytest.mark.parametrize(("make", "edit", "field"), LOST_UPDATE)
def test_of_parallel_edits_from_one_version_exactly_one_is_saved(world, make, edit, field):
    """Eight threads load the record at version 1, then all save at once."""
    obj = make(world)
    model = type(obj)
    loaded = threading.Barrier(8)

    def work(index: int) -> Any:
        mine = model._default_manager.get(pk=obj.pk)
        assert mine.version == 1
        loaded.wait(timeout=30)  # nobody saves before everybody has loaded version 1
        return edit(world, mine, f"value {index}", mine.version)

    results = in_parallel(8, work)

    assert not unexpected(results, EditConflict)
    assert outcomes(results) == Counter({"ok": 1, "EditConflict": 7})
    winner = next(i for i, (kind, _) in enumerate(results) if kind == "ok")
    stored = model._default_manager.get(pk=obj.pk)
    assert getattr(stored, field) == f"value {winner}"
    assert stored.version == 2
    assert all(e.current_version == 2 for kind, e in results if kind == "error")
    updates = AuditEntry.objects.filter(action="update", object_type=model._meta.label_lower)
    assert [u.changes[field][1] for u in updates] == [f"value {winner}"]


@pytest.mark.parametrize(("make", "edit", "field"), LOST_UPDATE)
def test_an_edit_waiting_on_an_open_transaction_sees_its_change(world, make, edit, field):
    """The first edit holds its transaction open (after writing, before committing) while the
    second one starts: the second must wait for it, then be refused, not overwrite it."""
    obj = make(world)
    model = type(obj)
    first_wrote, second_started = threading.Event(), threading.Event()
    record = account_services.audit_record

    def slow_record(**kwargs: Any) -> Any:
        entry = record(**kwargs)
        if threading.current_thread().name == "parallel-0":
            first_wrote.set()
            assert second_started.wait(timeout=30)
            threading.Event().wait(0.5)  # the second is now waiting for the row (or database)
        return entry

    def work(index: int) -> Any:
        mine = model._default_manager.get(pk=obj.pk)
        if index == 1:
            assert first_wrote.wait(timeout=30)
            second_started.set()
        return edit(world, mine, f"value {index}", 1)

    with mock.patch.object(account_services, "audit_record", slow_record):
        results = in_parallel(2, work)

    assert results[0][0] == "ok", results
    assert isinstance(results[1][1], EditConflict), results
    stored = model._default_manager.get(pk=obj.pk)
    assert (getattr(stored, field), stored.version) == ("value 0", 2)


# -- tranches --------------------------------------------------------------------------------


@pytest.fixture
def invoiced(world):
    """Five invoiced tranches of 2.000 € on a budget of 12.480 € (a line of 12 × 1.000 € + 4 %)."""
    f.BudgetLineFactory(agreement=world.agreement)
    tranches = []
    for number in range(5):
        tranche = budget_services.tranche_create(
            user=world.owner, agreement=world.agreement, area=None, due_date=date(2016, 2 + number, 1),
            due_text="", amount=Decimal("2000.00"), percent=None, is_balance=False,
        )
        budget_services.tranche_invoice(
            user=world.owner, tranche=tranche, invoice_number=f"{number + 1}/2016",
            invoice_date=date(2016, 2 + number, 1),
        )
        tranches.append(tranche)
    return tranches


def _paid(world: Any) -> tuple[Decimal, int]:
    paid = PaymentTranche.objects.filter(agreement=world.agreement, status=PaymentTranche.Status.PAID)
    return sum((t.amount for t in paid), Decimal(0)), paid.count()


def _assert_each_paid_once(world: Any, tranches: list[PaymentTranche]) -> None:
    total, count = _paid(world)
    assert count == len(tranches)
    assert total == Decimal("10000.00") <= budget_services.tranche_budget(world.agreement, None)
    for tranche in tranches:
        steps = AuditEntry.objects.filter(
            object_type="agreements.paymenttranche", object_id=str(tranche.pk), action="update",
        ).order_by("id")
        assert [s.changes["status"] for s in steps] == [["planned", "invoiced"], ["invoiced", "paid"]]


def test_twenty_parallel_payments_pay_each_tranche_once(world, invoiced):
    """Four threads per tranche pay it at once, through the service."""

    def work(index: int) -> Any:
        tranche = PaymentTranche.objects.get(pk=invoiced[index % 5].pk)
        return budget_services.tranche_pay(user=world.owner, tranche=tranche, paid_date=date(2016, 7, 1))

    results = in_parallel(20, work)

    assert not unexpected(results, ValidationError)
    assert outcomes(results) == Counter({"ok": 5, "ValidationError": 15})
    winners = Counter(invoiced[i % 5].pk for i, (kind, _) in enumerate(results) if kind == "ok")
    assert set(winners.values()) == {1}  # one success per tranche
    refusals = {e.messages[0] for kind, e in results if kind == "error"}
    assert len(refusals) == 1 and "01/07/2016" in refusals.pop()  # "already paid on 01/07/2016"
    _assert_each_paid_once(world, invoiced)


def test_twenty_parallel_payments_through_the_api(world, invoiced):
    """The same through the API: each thread its own client; the losers get 400 or 409."""
    clients = [api_client(world.owner) for _ in range(20)]
    base = f"/api/v1/agreements/{world.agreement.pk}/tranches"
    versions = {t.pk: PaymentTranche.objects.get(pk=t.pk).version for t in invoiced}

    def work(index: int) -> Any:
        tranche = invoiced[index % 5].pk
        body: dict[str, Any] = {"paid_date": "2016-07-01"}
        if index % 2:  # half of them say which version they saw
            body["version"] = versions[tranche]
        return clients[index].post(f"{base}/{tranche}/pay/", body, format="json").status_code

    results = in_parallel(20, work)

    assert [kind for kind, _ in results] == ["ok"] * 20, results
    codes = [code for _, code in results]
    assert codes.count(200) == 5
    assert set(codes) <= {200, 400, 409}
    winners = Counter(invoiced[i % 5].pk for i, code in enumerate(codes) if code == 200)
    assert set(winners.values()) == {1}
    _assert_each_paid_once(world, invoiced)


def test_twenty_parallel_new_tranches_never_pass_the_budget(world):
    """Twenty threads each add a tranche of 1.000 € to a budget of 12.480 €: twelve fit."""
    f.BudgetLineFactory(agreement=world.agreement)
    budget = budget_services.tranche_budget(world.agreement, None)
    assert budget == Decimal("12480.00")

    def work(index: int) -> Any:
        agreement = Agreement.objects.get(pk=world.agreement.pk)
        return budget_services.tranche_create(
            user=world.owner, agreement=agreement, area=None, due_date=date(2016, 12, 31),
            due_text="", amount=Decimal("1000.00"), percent=None, is_balance=False,
        )

    results = in_parallel(20, work)

    assert not unexpected(results, ValidationError)
    assert outcomes(results) == Counter({"ok": 12, "ValidationError": 8})
    amounts = PaymentTranche.objects.filter(agreement=world.agreement).values_list("amount", flat=True)
    assert sum(amounts, Decimal(0)) == Decimal("12000.00") <= budget


# -- expenses --------------------------------------------------------------------------------


@pytest.fixture
def line(world):
    """A budget line planning 1.040 € (1.000 € + 4 % VAT)."""
    return f.BudgetLineFactory(agreement=world.agreement, quantity=Decimal("1"))


def _spend(world: Any, line: BudgetLine, amount: str, reason: str = "") -> Expense:
    return expense_services.expense_create(
        user=world.member, agreement=Agreement.objects.get(pk=world.agreement.pk),
        line=BudgetLine.objects.get(pk=line.pk), date=date(2016, 3, 1), amount=Decimal(amount),
        description="Materiale", over_budget_reason=reason,
    )


def test_twenty_parallel_expenses_never_take_a_line_over_its_plan_without_a_reason(world, line):
    """Twenty expenses of 100 € on a plan of 1.040 €: ten fit, the others are asked a reason."""
    results = in_parallel(20, lambda index: _spend(world, line, "100.00"))

    assert not unexpected(results, ValidationError)
    assert outcomes(results) == Counter({"ok": 10, "ValidationError": 10})
    assert all(list(e.message_dict) == ["over_budget_reason"] for kind, e in results if kind == "error")
    spent = sum(Expense.objects.filter(budget_line=line).values_list("amount", flat=True), Decimal(0))
    assert spent == Decimal("1000.00") <= line.amounts.gross


def test_twenty_parallel_expenses_with_a_reason_are_all_recorded(world, line):
    results = in_parallel(20, lambda index: _spend(world, line, "100.00", reason="Prezzi aumentati"))

    assert outcomes(results) == Counter({"ok": 20})
    assert Expense.objects.filter(budget_line=line).count() == 20


def test_twenty_parallel_expenses_through_the_api(world, line):
    clients = [api_client(world.member) for _ in range(20)]
    url = f"/api/v1/agreements/{world.agreement.pk}/expenses/"
    body = {"budget_line": line.pk, "date": "2016-03-01", "amount": "100.00", "description": "Materiale"}

    results = in_parallel(20, lambda index: clients[index].post(url, body, format="json").status_code)

    codes = Counter(code for _, code in results)
    assert codes == Counter({201: 10, 400: 10}), results
    spent = sum(Expense.objects.filter(budget_line=line).values_list("amount", flat=True), Decimal(0))
    assert spent == Decimal("1000.00")


def test_the_connections_were_really_parallel(world):
    """Each thread had a connection of its own (not the test's), open at the same time."""
    seen: list[int] = []
    together = threading.Barrier(4)

    def work(index: int) -> Any:
        connection.ensure_connection()
        seen.append(id(connection.connection))
        together.wait(timeout=30)  # all four are open here
        return None

    connection.ensure_connection()
    in_parallel(4, work)
    assert len(set(seen)) == 4
    assert id(connection.connection) not in seen
