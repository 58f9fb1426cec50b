"""Response headers every page gets (the browser's permissions, download file names), and the
cap on the size of any request.

The Content-Security-Policy is django-csp's (``CONTENT_SECURITY_POLICY`` in the settings); the
others (HSTS, nosniff, Referrer-Policy, COOP, X-Frame-Options) are Django's own.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from urllib.parse import quote, unquote

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

#: Features no page of Coprogetta uses.
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

_FILENAME = re.compile(r"""filename\*?\s*=\s*(?:UTF-8''([^;]+)|"((?:[^"\\]|\\.)*)"|([^;]+))""", re.I)


def ascii_filename(name: str) -> str:
    """``"Relazione n° 1/2016.pdf"`` -> ``"Relazione_n_1_2016.pdf"``: letters, digits, ``.-_``."""
    name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    name = re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("._") or "download"
    return name[:150]


def content_disposition(filename: str, *, attachment: bool = True) -> str:
    """A ``Content-Disposition`` value: a safe ASCII ``filename`` (letters, digits, ``.-_``),
    and, when that is not the exact name, the exact name as ``filename*`` (RFC 6266/5987)."""
    kind = "attachment" if attachment else "inline"
    base = filename.replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C")
    fallback = ascii_filename(base)
    if fallback == base:
        return f'{kind}; filename="{fallback}"'
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(base, safe='')}"


def _rewrite(value: str) -> str:
    """The header again, from the file name it carries (the ``filename*`` one if present)."""
    attachment = not value.strip().lower().startswith("inline")
    names: dict[str, str | None] = {"ext": None, "plain": None}
    for match in _FILENAME.finditer(value):
        encoded, quoted, bare = match.groups()
        if encoded is not None:
            names["ext"] = unquote(encoded.strip())
        elif names["plain"] is None:
            names["plain"] = (quoted if quoted is not None else (bare or "")).replace('\\"', '"').strip()
    name = names["ext"] or names["plain"]
    if not name:
        return "attachment" if attachment else "inline"
    return content_disposition(name, attachment=attachment)


class SecurityHeadersMiddleware:
    """Permissions-Policy on every response; every download's file name made safe."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if "Content-Disposition" in response.headers:
            response["Content-Disposition"] = _rewrite(response["Content-Disposition"])
        return response


class RequestSizeLimitMiddleware:
    """Refuse (413) a request whose body is larger than ``COPROGETTA_MAX_REQUEST_BYTES``, before
    Django reads it; each upload form has its own, smaller limit (expense documents 10 MB,
    imported agreements and HSDS packages 20 MB)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = int(settings.COPROGETTA_MAX_REQUEST_BYTES)
        if length > limit:
            message = _("The request is too large: at most %(limit)s MB.") % {"limit": limit // (1024 * 1024)}
            return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
