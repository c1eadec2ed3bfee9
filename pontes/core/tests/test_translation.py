from hypothesis import given
from hypothesis import strategies as st

from pontes.core.models import Territory
from pontes.core.translation import TranslatedText, fallback_chain


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
