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
from functools import lru_cache
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


@lru_cache(maxsize=4096)
def _sources(
    requested: str, territory_languages: tuple[str, ...], original: str
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Where the texts of each language of the chain are: `(code, ())` for the columns, else
    `(code, keys)` for the JSON entries under the exact code, then its base language (as in
    `text_in()`). The same few chains serve whole lists of records: worked out once each."""
    original_base = base_language(original)
    sources: list[tuple[str, tuple[str, ...]]] = []
    for code in fallback_chain(requested, list(territory_languages), original):
        base = base_language(code)
        sources.append((code, () if base == original_base else tuple(dict.fromkeys((code, base)))))
    return tuple(sources)


def best_texts(
    record: _Translatable, fields: tuple[str, ...], language: str | None = None
) -> tuple[str, dict[str, tuple[str, str]]]:
    """The requested language, and for each field that has a text anywhere along the fallback
    chain: that text and its language. `translate_fields()` without building a
    `TranslatedText` per field, for long lists."""
    requested = language or get_language() or settings.LANGUAGE_CODE
    sources = _sources(requested, tuple(record.territory_languages()), record.original_language)
    # The places to look, in order: None for the columns, else a language's entries; entries
    # absent, empty or already looked at are skipped (they cannot hold a text found later).
    by_language: dict[str, dict[str, str]] = record.translations or {}
    places: list[tuple[str, dict[str, str] | None]] = []
    seen: set[int] = set()
    columns_seen = False
    for code, keys in sources:
        if not keys:
            if not columns_seen:
                columns_seen = True
                places.append((code, None))
            continue
        for key in keys:
            entries = by_language.get(key)
            if entries and id(entries) not in seen:
                seen.add(id(entries))
                places.append((code, entries))
    translatable = record.translatable_fields
    for field in fields:
        if field not in translatable:
            raise ValueError(f"{type(record).__name__}.{field} is not translatable")
    # Place by place, the fields still without a text: a language's entries are few (often
    # just a name), so they are gone through rather than asked for every field.
    found: dict[str, tuple[str, str]] = {}
    for code, entries in places:
        if entries is None:
            for field in fields:
                if field not in found and (text := getattr(record, field)):
                    found[field] = (str(text), code)
        else:
            for field, text in entries.items():
                if text and field in fields and field not in found:
                    found[field] = (str(text), code)
        if len(found) == len(fields):
            break
    out = {field: found[field] for field in fields if field in found} if len(found) > 1 else found
    return requested, out


def translate_fields(
    record: _Translatable, fields: tuple[str, ...], language: str | None = None
) -> dict[str, TranslatedText]:
    """Each field's text in the best available language along the fallback chain (worked out
    once for all the fields)."""
    requested, found = best_texts(record, fields, language)
    out: dict[str, TranslatedText] = {}
    for field in fields:
        text, code = found.get(field) or ("", requested)
        out[field] = TranslatedText(text=text, language=code, requested=requested)
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
        # Plain instance attributes: lists read each of them a few dozen times per record.
        attributes = self.__dict__
        attributes.update(values)
        attributes.update(related)
        for name in _RESERVED:
            if name in attributes:
                raise ValueError(f"{model.__name__}.{name} would hide what rows need of their own.")
        self.translatable_fields = model.translatable_fields
        self.original_language: str = values["original_language"]
        self.translations: Any = values.get("translations") or {}
        self._territory_languages = territory_languages

    def __getattr__(self, name: str) -> Any:
        # Columns are found before this is asked; it stands for them to type checkers.
        raise AttributeError(name)

    def territory_languages(self) -> list[str]:
        return self._territory_languages

    def texts(self, fields: tuple[str, ...], language: str | None = None) -> dict[str, TranslatedText]:
        return translate_fields(self, fields, language)

    def tr(self, field: str, language: str | None = None) -> TranslatedText:
        return self.texts((field,), language)[field]


_RESERVED = ("territory_languages", "texts", "tr", "translatable_fields", "_territory_languages")


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
