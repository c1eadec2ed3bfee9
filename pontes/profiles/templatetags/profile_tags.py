"""Template filters of migration profiles: figures written the way the reader's language writes them."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

register = template.Library()


def plain_number(value: Decimal | int | float) -> str:
    number = Decimal(str(value))
    places = 0 if number == number.to_integral_value() else min(2, max(1, -number.as_tuple().exponent))  # type: ignore[operator]
    return number_format(number, decimal_pos=places, use_l10n=True, force_grouping=True)


@register.filter
def figure(value: Any) -> SafeString:
    """A number, "—" for no figure, or the note of a hidden figure."""
    if value is None or value == "":
        return format_html('<span class="no-figure" title="{}">—</span>', _("no figure"))
    if isinstance(value, (Decimal, int, float)):
        return format_html('<span class="num">{}</span>', plain_number(value))
    return format_html('<span class="hidden-figure">{}</span>', value)


@register.filter
def signed(value: Any) -> SafeString:
    if value is None:
        return format_html("{}", "")
    text = plain_number(abs(value))
    sign = "+" if value > 0 else "−" if value < 0 else ""
    return format_html('<span class="num">{}{}</span>', sign, text)
