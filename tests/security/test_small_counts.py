"""Counts below COPROGETTA_MIN_COUNT are published as "< N"."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coprogetta.lib.disclosure import DEFAULT_MIN_COUNT, is_suppressed, public_count


@pytest.mark.parametrize(("count", "shown"), [(0, "< 3"), (1, "< 3"), (2, "< 3"), (3, 3), (22, 22),
                                              (None, None)])
def test_counts_below_three_are_shown_as_less_than_three(count, shown):
    assert public_count(count) == shown


def test_the_threshold_is_the_setting():
    from coprogetta import settings as production

    assert production.COPROGETTA_MIN_COUNT == DEFAULT_MIN_COUNT == 3
    assert public_count(4, threshold=5) == "< 5"
    assert public_count(5, threshold=5) == 5


@given(st.integers(min_value=0, max_value=10_000), st.integers(min_value=1, max_value=50))
def test_a_published_count_is_never_below_the_threshold(count, threshold):
    shown = public_count(count, threshold)
    assert shown == f"< {threshold}" if count < threshold else shown == count
    assert is_suppressed(count, threshold) == (count < threshold)


def test_nonsense_is_refused():
    with pytest.raises(ValueError):
        public_count(-1)
    with pytest.raises(ValueError):
        is_suppressed(1, 0)
