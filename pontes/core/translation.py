"""The one mechanism for translatable user content, reused by every app.

A translatable model keeps each translatable field's original text in its ordinary column,
written in `original_language`, and the other languages in one JSON column:
`translations = {"fr": {"name": "…"}, "ar": {"name": "…"}}`. This works the same on SQLite
and PostgreSQL, for any ISO 639 language a territory serves, not only the UI languages.

Reading goes through a fallback chain: the requested language, then the languages the
territory serves, then the original. A text served from a fallback carries a visible
"not yet translated" mark and its own `lang`/`dir` attributes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from django.conf import settings
from django.db import models
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from .languages import base_language, is_rtl

if TYPE_CHECKING:
    from .models import Territory


@dataclass(frozen=True, slots=True)
class TranslatedText:
    """A piece of user content in the best available language, and which language that is."""

    text: str
    language: str
    requested: str

    @property
    def is_fallback(self) -> bool:
        return bool(self.text) and base_language(self.language) != base_language(self.requested)

    @property
    def direction(self) -> str:
        return "rtl" if is_rtl(self.language) else "ltr"

    def __str__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        return bool(self.text)

    @property
    def html(self) -> SafeString:
        """For templates that stored the text with `{% tr … as x %}`: `{{ x.html }}`."""
        return self.__html__()

    def __html__(self) -> SafeString:
        if not self.is_fallback:
            return format_html('<span lang="{}" dir="{}">{}</span>', self.language, self.direction, self.text)
        return format_html(
            '<span lang="{}" dir="{}">{}</span> <small class="untranslated">{}</small>',
            self.language,
            self.direction,
            self.text,
            _("(not yet translated)"),
        )


def fallback_chain(requested: str, territory_languages: list[str], original: str) -> list[str]:
    """Requested language, then the territory's languages, then the original; no repeats."""
    chain: list[str] = []
    for code in [requested, base_language(requested), *territory_languages, original]:
        if code and code not in chain:
            chain.append(code)
    return chain


class _Translatable(Protocol):
    @property
    def translatable_fields(self) -> tuple[str, ...]: ...

    original_language: str
    translations: Any

    def territory_languages(self) -> list[str]: ...


def translate_fields(
    record: _Translatable, fields: tuple[str, ...], language: str | None = None
) -> dict[str, TranslatedText]:
    """Each field's text in the best available language along the fallback chain (worked out
    once for all the fields)."""
    requested = language or get_language() or settings.LANGUAGE_CODE
    chain = fallback_chain(requested, record.territory_languages(), record.original_language)
    # For each language of the chain, where its texts are: the columns, or the JSON entries
    # under the exact code and its base language (as in `text_in()`).
    original_base = base_language(record.original_language)
    by_language: dict[str, dict[str, str]] = record.translations or {}
    sources: list[tuple[str, dict[str, str] | None, dict[str, str]]] = []
    for code in chain:
        base = base_language(code)
        if base == original_base:
            sources.append((code, None, {}))
        else:
            sources.append((code, by_language.get(code) or {}, by_language.get(base) or {}))
    out: dict[str, TranslatedText] = {}
    for field in fields:
        if field not in record.translatable_fields:
            raise ValueError(f"{type(record).__name__}.{field} is not translatable")
        found = TranslatedText(text="", language=requested, requested=requested)
        for code, exact, by_base in sources:
            text = getattr(record, field) if exact is None else (exact.get(field) or by_base.get(field))
            if text:
                found = TranslatedText(text=str(text), language=code, requested=requested)
                break
        out[field] = found
    return out


class TranslatableRow:
    """A translatable record read as plain values (`QuerySet.values()`) rather than as a model
    instance, for long lists where building instances would cost more than the query: its
    columns are attributes, and its texts translate exactly as the model's do."""

    def __init__(
        self,
        model: type[TranslatableModel],
        values: dict[str, Any],
        territory_languages: list[str],
        **related: Any,
    ) -> None:
        self._values = values | related
        self.translatable_fields = model.translatable_fields
        self.original_language: str = values["original_language"]
        self.translations: Any = values.get("translations") or {}
        self._territory_languages = territory_languages

    def __getattr__(self, name: str) -> Any:
        try:
            return self.__dict__["_values"][name]
        except KeyError:
            raise AttributeError(name) from None

    def territory_languages(self) -> list[str]:
        return self._territory_languages

    def texts(self, fields: tuple[str, ...], language: str | None = None) -> dict[str, TranslatedText]:
        return translate_fields(self, fields, language)

    def tr(self, field: str, language: str | None = None) -> TranslatedText:
        return self.texts((field,), language)[field]


class TranslatableModel(models.Model):
    """Abstract base: declare `translatable_fields` and, if needed, `translation_territory()`."""

    translatable_fields: ClassVar[tuple[str, ...]] = ()
    # Lookup from this model to the Territory that owns it, used to scope staff reports.
    territory_lookup: ClassVar[str] = "territory"

    original_language = models.CharField(
        gettext_lazy("original language"),
        max_length=16,
        default=settings.LANGUAGE_CODE,
        help_text=gettext_lazy("ISO 639 code of the language the texts are written in (e.g. es, ar, fr)."),
    )
    translations = models.JSONField(gettext_lazy("translations"), default=dict, blank=True)

    class Meta:
        abstract = True

    def translation_territory(self) -> Territory | None:
        return getattr(self, "territory", None)

    def territory_languages(self) -> list[str]:
        territory = self.translation_territory()
        return territory.effective_languages() if territory is not None else []

    def text_in(self, field: str, language: str) -> str:
        """The text of `field` in exactly `language`, or '' when there is none."""
        if field not in self.translatable_fields:
            raise ValueError(f"{type(self).__name__}.{field} is not translatable")
        if base_language(language) == base_language(self.original_language):
            return str(getattr(self, field) or "")
        by_language: dict[str, dict[str, str]] = self.translations or {}
        exact = by_language.get(language, {}).get(field) or by_language.get(base_language(language), {}).get(
            field
        )
        return str(exact or "")

    def tr(self, field: str, language: str | None = None) -> TranslatedText:
        return self.texts((field,), language)[field]

    def texts(self, fields: tuple[str, ...], language: str | None = None) -> dict[str, TranslatedText]:
        """`tr()` for several fields at once (lists of records ask for many texts each)."""
        return translate_fields(self, fields, language)

    def set_translation(self, language: str, field: str, text: str) -> None:
        """Set (or clear, with empty text) one translation in memory; services save."""
        if field not in self.translatable_fields:
            raise ValueError(f"{type(self).__name__}.{field} is not translatable")
        if base_language(language) == base_language(self.original_language):
            setattr(self, field, text)
            return
        data: dict[str, dict[str, str]] = dict(self.translations or {})
        entry = dict(data.get(language, {}))
        if text.strip():
            entry[field] = text.strip()
        else:
            entry.pop(field, None)
        if entry:
            data[language] = entry
        else:
            data.pop(language, None)
        self.translations = data

    def missing_translations(self, languages: list[str]) -> dict[str, list[str]]:
        """For each wanted language, the fields that have an original text but no translation."""
        missing: dict[str, list[str]] = {}
        for code in languages:
            fields = [f for f in self.translatable_fields if getattr(self, f) and not self.text_in(f, code)]
            if fields:
                missing[code] = fields
        return missing

    def translation_snapshot(self) -> dict[str, Any]:
        return {"original_language": self.original_language, "translations": self.translations}
