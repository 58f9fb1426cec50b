"""Form fields that understand numbers as Italians type them."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from coprogetta.lib.textparse.numbers import NumberFormatError, format_number, parse_number


class ItalianDecimalField(forms.DecimalField):
    """Accepts "26,25", "1.234,56", "1234.56" and "€ 1.234"; shows "1.234,56"."""

    default_error_messages = {
        "invalid": _('Enter a number, for example 1.234,56 or 26,25.'),
    }

    def __init__(self, *args: object, places: int = 2, **kwargs: object) -> None:
        self.places = places
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def to_python(self, value: object) -> Decimal | None:
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        try:
            return parse_number(str(value))
        except NumberFormatError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None

    def prepare_value(self, value: object) -> object:
        if isinstance(value, Decimal):
            return format_number(value, self.places)
        return value


class AmountField(ItalianDecimalField):
    """A non-negative amount in euro with at most two decimals."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("min_value", Decimal("0"))
        kwargs.setdefault("max_value", Decimal("99999999999.99"))
        kwargs.setdefault("max_digits", 13)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(*args, **kwargs)
