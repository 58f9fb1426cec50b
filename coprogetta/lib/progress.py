"""The progress of actions, rolled up per area and for the agreement.

Each action counts with its status, its percentage and a weight (its budget). Cancelled
actions are left out; a done action counts as 100 %. When no counted action of a scope has
a budget, the actions weigh the same (and the result says so). Results are rounded half-up
to one decimal.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

NOT_STARTED = "not_started"
IN_PROGRESS = "in_progress"
DONE = "done"
DELAYED = "delayed"
CANCELLED = "cancelled"
STATUSES = (NOT_STARTED, IN_PROGRESS, DONE, DELAYED, CANCELLED)

ONE_DECIMAL = Decimal("0.1")
HUNDRED = Decimal(100)


class ProgressError(ValueError):
    """An item the roll-up cannot count: unknown status, percentage or weight out of range."""


@dataclass(frozen=True)
class Item:
    """One action: its status, its percentage (0..100) and its weight (its budget, >= 0)."""

    status: str
    percent: int
    weight: Decimal


@dataclass(frozen=True)
class Rollup:
    """The weighted percentage (None if nothing counts) and how it was weighted."""

    percent: Decimal | None
    weighted_by_budget: bool
    counted: int


def _check(item: Item) -> None:
    if item.status not in STATUSES:
        raise ProgressError(f"unknown status {item.status!r}")
    if not 0 <= item.percent <= 100:
        raise ProgressError(f"a percentage is between 0 and 100, not {item.percent}")
    if item.weight < 0:
        raise ProgressError(f"a weight cannot be negative ({item.weight})")


def counted_percent(item: Item) -> int:
    """The percentage an item counts with: 100 when done, its own otherwise."""
    return 100 if item.status == DONE else item.percent


def rollup(items: Iterable[Item]) -> Rollup:
    """The progress of a scope: the mean of the counted percentages weighted by budget."""
    counted = []
    for item in items:
        _check(item)
        if item.status != CANCELLED:
            counted.append(item)
    if not counted:
        return Rollup(None, False, 0)
    by_budget = any(item.weight > 0 for item in counted)
    weights = [item.weight if by_budget else Decimal(1) for item in counted]
    total = sum(weights, Decimal(0))
    weighted = sum(
        (w * counted_percent(item) for w, item in zip(weights, counted, strict=True)), Decimal(0)
    )
    percent = (weighted / total).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)
    return Rollup(percent, by_budget, len(counted))


def checkpoint_problem(status: str, percent: int) -> str | None:
    """Why a checkpoint's status and percentage disagree, or None if they agree.

    ``"percent_range"``: not 0..100; ``"done_not_100"``; ``"not_started_not_0"``;
    ``"status"``: an unknown status.
    """
    if status not in STATUSES:
        return "status"
    if not 0 <= percent <= 100:
        return "percent_range"
    if status == DONE and percent != 100:
        return "done_not_100"
    if status == NOT_STARTED and percent != 0:
        return "not_started_not_0"
    return None
