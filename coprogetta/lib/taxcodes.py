"""Italian tax codes: codice fiscale (11 digits or 16 characters) or partita IVA.

An organisation's codice fiscale has the same 11-digit form (and check digit) as a partita
IVA; a person's codice fiscale has 16 characters. Pure Python; no Django import.
"""

from __future__ import annotations

import re

from stdnum.exceptions import ValidationError
from stdnum.it import codicefiscale, iva

#: Whitespace (no-break spaces included) and the separators people type inside a code.
_SEPARATORS = re.compile(r"[\s\-:]+")


class TaxCodeError(ValueError):
    """A code that is neither a valid codice fiscale nor a valid partita IVA."""


def normalise_tax_code(value: str) -> str:
    """Return the compact, upper-case, checked code; raise TaxCodeError if it is invalid.

    Spaces and dashes are dropped, and the ``IT`` prefix of a VAT number ("IT00111540191")
    is removed: ``" it 001 115 401 91 "`` -> ``"00111540191"``.
    """
    if value is not None and not isinstance(value, str):
        raise TypeError(f"a tax code is text, not {type(value).__name__}")
    compact = _SEPARATORS.sub("", value or "").upper()
    if compact.startswith("IT") and len(compact) == 13:
        compact = compact[2:]
    try:
        if len(compact) == 11:
            return str(iva.validate(compact))
        return str(codicefiscale.validate(compact))
    except ValidationError as error:
        raise TaxCodeError(str(error)) from None
