"""Italian tax codes of organisations: codice fiscale (11 digits or 16 characters) or partita IVA."""

from __future__ import annotations

from stdnum.exceptions import ValidationError
from stdnum.it import codicefiscale, iva


class TaxCodeError(ValueError):
    """A code that is neither a valid codice fiscale nor a valid partita IVA."""


def normalise_tax_code(value: str) -> str:
    """Return the compact, checked code; raise TaxCodeError if its check digit is wrong."""
    compact = "".join((value or "").split()).upper()
    if compact.startswith("IT") and len(compact) == 13:
        compact = compact[2:]
    try:
        if len(compact) == 11:
            return str(iva.validate(compact))
        return str(codicefiscale.validate(compact))
    except ValidationError as error:
        raise TaxCodeError(str(error)) from None
