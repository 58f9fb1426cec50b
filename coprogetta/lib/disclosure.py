"""Small counts in published aggregates: a count below the threshold is shown as "< N".

No Django import here. A count of people small enough to point at someone (two children
enrolled in a service in a small town) is never published or exported as such; the threshold
is the setting ``COPROGETTA_MIN_COUNT`` (3 by default), which callers pass in.
"""

from __future__ import annotations

DEFAULT_MIN_COUNT = 3


def is_suppressed(count: int | None, threshold: int = DEFAULT_MIN_COUNT) -> bool:
    """True if ``count`` may not be published (``None``, no count, is not a count)."""
    if threshold < 1:
        raise ValueError("the threshold of small counts is at least 1")
    return count is not None and count < threshold


def public_count(count: int | None, threshold: int = DEFAULT_MIN_COUNT) -> int | str | None:
    """``count`` as it may be published: ``"< 3"`` below the threshold, else the count itself."""
    if count is not None and count < 0:
        raise ValueError("a count cannot be negative")
    return f"< {threshold}" if is_suppressed(count, threshold) else count
