from decimal import Decimal

import pytest

from coprogetta.lib import money


def test_float_is_refused():
    with pytest.raises(TypeError):
        money.round_half_up(0.1)


def test_nursery_line_reproduces_the_sample():
    line = money.line_amounts(Decimal("26736.87"), 11, "4")
    assert line == money.LineAmounts(Decimal("294105.57"), Decimal("11764.22"), Decimal("305869.79"))
