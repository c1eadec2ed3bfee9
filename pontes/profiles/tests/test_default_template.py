"""The default indicator template of local migration profiles: consistent, complete, translated."""

from __future__ import annotations

import copy
import re
from collections import Counter
from collections.abc import Iterator

import pytest

from pontes.profiles import default_template as template
from pontes.profiles.default_template import (
    DISAGGREGATIONS,
    DOMAINS,
    INDICATORS,
    LANGUAGES,
    UNITS,
    IndicatorSpec,
    check,
)

CODE = re.compile(r"^[A-Z0-9]+(\.[A-Z0-9_]+)+$")
ARABIC_LETTER = re.compile("[\u0621-\u064a]")
# English texts that are genuinely the same in another language (short codes, symbols). None so far.
SAME_AS_ENGLISH: frozenset[str] = frozenset()


def _texts() -> Iterator[tuple[str, dict[str, str]]]:
    """Every translated text of the template, with where it is."""
    for code, labels in UNITS.items():
        yield f"unit {code}", labels
    for code, spec in DISAGGREGATIONS.items():
        name, values = spec["name"], spec["values"]
        assert isinstance(name, dict) and isinstance(values, dict)
        yield f"disaggregation {code}", name
        for value, labels in values.items():
            yield f"disaggregation {code} {value}", labels
    for domain in DOMAINS:
        yield f"domain {domain['code']}", domain["name"]
    for indicator in INDICATORS:
        yield f"{indicator['code']} name", indicator["name"]
        yield f"{indicator['code']} definition", indicator["definition"]


def test_check_finds_no_problem() -> None:
    assert check() == []


def test_at_least_forty_indicators() -> None:
    assert len(INDICATORS) >= 40


def test_every_domain_has_at_least_four_indicators() -> None:
    per_domain = Counter(indicator["domain"] for indicator in INDICATORS)
    assert {
        domain["code"]: per_domain[domain["code"]] for domain in DOMAINS if per_domain[domain["code"]] < 4
    } == {}
    assert set(per_domain) <= {domain["code"] for domain in DOMAINS}


def test_codes_are_upper_case_with_dots() -> None:
    assert [indicator["code"] for indicator in INDICATORS if not CODE.match(indicator["code"])] == []
    assert len({indicator["code"] for indicator in INDICATORS}) == len(INDICATORS)


def test_every_text_in_every_language() -> None:
    missing = [
        f"{where} [{lang}]"
        for where, texts in _texts()
        for lang in LANGUAGES
        if not isinstance(texts.get(lang), str) or not texts[lang].strip()
    ]
    assert missing == []
    assert [where for where, texts in _texts() if set(texts) != set(LANGUAGES)] == []


def test_translations_are_not_the_english_text() -> None:
    untranslated = [
        f"{where} [{lang}]: {texts[lang]!r}"
        for where, texts in _texts()
        for lang in LANGUAGES[1:]
        if texts[lang].strip() == texts["en"].strip() and texts["en"] not in SAME_AS_ENGLISH
    ]
    assert untranslated == []


def test_arabic_texts_are_in_arabic_script() -> None:
    assert [where for where, texts in _texts() if not ARABIC_LETTER.search(texts["ar"])] == []


def test_counts_are_additive_and_rates_are_not() -> None:
    for indicator in INDICATORS:
        if indicator["numerator"] or indicator["denominator"]:
            assert not indicator["additive"], indicator["code"]
        if indicator["unit"] in {"percent", "percentage_points", "per_1000", "index_0_100", "ratio"}:
            assert not indicator["additive"], indicator["code"]


def test_check_reports_broken_indicators(monkeypatch: pytest.MonkeyPatch) -> None:
    share = next(indicator for indicator in INDICATORS if indicator["code"] == "POP.MIG.SHARE")
    broken: IndicatorSpec = copy.deepcopy(share)
    broken["domain"] = "nowhere"
    broken["additive"] = True
    broken["numerator"] = "POP.NOT.THERE"
    broken["disaggregations"] = ["age_group", "sex", "colour"]
    broken["phases"] = ["stay", "holiday"]
    broken["maximum"] = 200
    del broken["name"]["ar"]
    duplicate = copy.deepcopy(share)
    monkeypatch.setattr(template, "INDICATORS", [*INDICATORS, broken, duplicate])

    problems = "\n".join(check())

    for expected in (
        "POP.MIG.SHARE: duplicate code",
        "unknown domain 'nowhere'",
        "POP.MIG.SHARE name: missing text in ar",
        "numerator POP.NOT.THERE is not an indicator",
        "additive, but its unit 'percent' is not a count or a sum",
        "unknown disaggregations ['colour']",
        "unknown phases ['holiday']",
        "unit percent needs the range 0 to 100",
    ):
        assert expected in problems
