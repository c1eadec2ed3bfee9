"""Template helpers: translated content, permission checks, language names."""

from typing import Any

from django import template

from ..languages import language_name as _language_name
from ..permissions import has_perm
from ..translation import TranslatableModel, TranslatedText

register = template.Library()


@register.simple_tag(takes_context=True)
def tr(context: template.Context, obj: TranslatableModel, field: str) -> TranslatedText:
    """`{% tr service "name" %}`: the field in the reader's language, with fallback and mark."""
    return obj.tr(field)


@register.simple_tag(takes_context=True)
def can(context: template.Context, permission: str, obj: Any = None) -> bool:
    """`{% can "core.view_audit" territory as allowed %}`."""
    request = context.get("request")
    return request is not None and has_perm(request.user, permission, obj)


@register.filter
def language_name(code: str) -> str:
    return _language_name(code)


@register.filter
def get_item(mapping: dict[Any, Any], key: Any) -> Any:
    """`{{ row|get_item:code }}` for dictionaries keyed by variables."""
    return mapping.get(key) if hasattr(mapping, "get") else None
