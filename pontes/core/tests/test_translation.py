import pytest
from hypothesis import given
from hypothesis import strategies as st

from pontes.core.languages import base_language
from pontes.core.models import Territory
from pontes.core.translation import TranslatableRow, TranslatedText, best_texts, fallback_chain


def test_fallback_chain_order_and_no_repeats():
    assert fallback_chain("fr-ca", ["es", "fr", "ar"], "es") == ["fr-ca", "fr", "es", "ar"]


def test_requested_language_first_then_territory_languages_then_original(world):
    province = world.province  # written in French, with an Arabic name; the country serves ar, fr
    assert province.tr("name", "ar").text == "إقليم ألفا"
    assert not province.tr("name", "ar").is_fallback
    # Spanish is missing: the territory's first language (Arabic) comes before the original.
    spanish = province.tr("name", "es")
    assert spanish.text == "إقليم ألفا"
    assert spanish.language == "ar"
    assert spanish.is_fallback
    assert province.tr("name", "fr").text == "Province Alpha"


def test_fallback_text_is_marked_and_carries_its_language_and_direction(world):
    html = str(world.province.tr("name", "es").html)
    assert 'lang="ar"' in html
    assert 'dir="rtl"' in html
    assert "not yet translated" in html
    exact = str(world.province.tr("name", "ar").html)
    assert "not yet translated" not in exact


def test_text_is_escaped():
    text = TranslatedText(text="<script>alert(1)</script>", language="en", requested="fr")
    assert "<script>" not in str(text.html)


def test_set_translation_and_missing_report(world):
    city = world.city
    city.set_translation("fr", "name", "Ville Bêta")
    city.set_translation("ar", "name", "  ")
    assert city.text_in("name", "fr") == "Ville Bêta"
    assert city.missing_translations(["fr", "ar"]) == {"ar": ["name"]}
    city.set_translation("fr", "name", "")
    assert "fr" not in city.translations


language_codes = st.sampled_from(["en", "fr", "es", "ar", "wo", "zgh", "pt-br"])
texts = st.text(min_size=0, max_size=30)


@given(
    original=language_codes,
    requested=language_codes,
    territory_languages=st.lists(language_codes, max_size=4),
    translations=st.dictionaries(language_codes, st.fixed_dictionaries({"name": texts}), max_size=5),
    name=texts,
)
def test_tr_always_answers_with_a_text_that_exists_in_some_language(
    original, requested, territory_languages, translations, name
):
    territory = Territory(
        name=name, original_language=original, translations=translations, languages=territory_languages
    )
    result = territory.tr("name", requested)
    candidates = (
        {name}
        | {entry["name"].strip() for entry in translations.values()}
        | {entry["name"] for entry in translations.values()}
    )
    if result.text:
        assert result.text in candidates
        assert result.is_fallback == (result.language.split("-")[0] != requested.split("-")[0])
    else:
        assert not name


def _reference_texts(record, fields, requested):
    """The fallback rule as written out in the module's documentation, field by field and language
    by language, to check the quicker reading against."""
    chain = fallback_chain(requested, record.territory_languages(), record.original_language)
    by_language = record.translations or {}
    out = {}
    for field in fields:
        for code in chain:
            if base_language(code) == base_language(record.original_language):
                text = getattr(record, field)
            else:
                text = (by_language.get(code) or {}).get(field) or (
                    by_language.get(base_language(code)) or {}
                ).get(field)
            if text:
                out[field] = (text, code)
                break
    return out


entries = st.dictionaries(st.sampled_from(["name", "description", "note"]), texts, max_size=3)


@given(
    original=language_codes,
    requested=language_codes,
    territory_languages=st.lists(language_codes, max_size=4),
    translations=st.dictionaries(language_codes | st.sampled_from(["pt", "fr-ca"]), entries, max_size=5),
    name=texts,
    description=texts,
)
def test_best_texts_follow_the_fallback_rule_field_by_field(
    original, requested, territory_languages, translations, name, description
):
    territory = Territory(
        name=name,
        description=description,
        original_language=original,
        translations=translations,
        languages=territory_languages,
    )
    fields = ("description", "name")
    expected = _reference_texts(territory, fields, requested)
    assert best_texts(territory, fields, requested) == (requested, expected)
    assert list(best_texts(territory, fields, requested)[1]) == list(expected)  # in the fields' order
    row = TranslatableRow(
        Territory,
        {
            "name": name,
            "description": description,
            "original_language": original,
            "translations": translations,
        },
        territory_languages,
    )
    assert row.texts(fields, requested) == territory.texts(fields, requested)


def test_a_field_that_is_not_translatable_is_refused_by_rows_and_models(world):
    with pytest.raises(ValueError):
        best_texts(world.city, ("slug",), "fr")
    row = TranslatableRow(Territory, {"name": "Beta", "original_language": "es", "slug": "beta"}, [])
    with pytest.raises(ValueError):
        row.tr("slug", "fr")
    assert row.slug == "beta" and row.tr("name", "fr").text == "Beta"
    with pytest.raises(AttributeError):
        row.kind  # noqa: B018 - not read: a missing column is an error, as on a model


def test_a_row_refuses_columns_that_would_hide_its_own_methods():
    with pytest.raises(ValueError):
        TranslatableRow(Territory, {"name": "Beta", "original_language": "es", "texts": "?"}, [])
