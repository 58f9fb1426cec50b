"""``{% term "tranche" %}``: a domain word with its short definition, for every user.

The word is followed by a small help link to its entry on the glossary page (works without
JavaScript); the link is described by the definition (``aria-describedby``, read by screen
readers) and shows it as a tooltip on hover and keyboard focus (CSS; Escape hides it,
``coprogetta/glossary.js``). ``{% term "tranche" _("Tranches") %}`` keeps a heading's own
wording.

Only web pages (rendered with the request) get the help: a document rendered from the same
templates (the PDFs, e-mails) gets the word alone.
"""

from django import template
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from coprogetta.glossary import term_get, vat_term_key

register = template.Library()


@register.simple_tag(takes_context=True)
def term(context: template.Context, key: str, label: object = None) -> SafeString:
    """The word ``label`` (default: the term's name) with its explanation; see the module."""
    entry = term_get(key)
    text = entry.name if label is None or label == "" else label
    request = context.get("request")
    if request is None:
        return format_html("{}", text)
    number = getattr(request, "_glossary_terms", 0) + 1  # ids unique in the page
    request._glossary_terms = number
    tip_id = f"term-tip-{number}"
    return format_html(
        '<span class="cp-term">{label}<a class="cp-term-help" href="{url}#{key}" '
        'aria-describedby="{tip_id}"><svg class="icon" aria-hidden="true" focusable="false">'
        '<use href="{sprites}#it-help-circle"></use></svg><span class="visually-hidden">{sr}</span>'
        '</a><span class="cp-term-tip" id="{tip_id}" role="tooltip">{definition}</span></span>',
        label=text,
        url=reverse("home:glossary"), key=entry.key, tip_id=tip_id,
        sprites=static("bootstrap-italia/svg/sprites.svg"),
        sr=_("(glossary: %(term)s)") % {"term": entry.name},
        definition=entry.definition,
    )


@register.simple_tag(takes_context=True)
def vat_term(context: template.Context, rate: object, label: object) -> SafeString:
    """``label`` (a VAT rate as shown, e.g. "4 %") explained when the glossary has that rate."""
    key = vat_term_key(rate)
    if key is None:
        return format_html("{}", label)
    return term(context, key, label)
