"""Every UI string is translated into French, Spanish and Arabic, and the catalogues are current."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("fr", "es", "ar")
APPS_WITH_LOCALE = sorted(p.parent for p in (ROOT / "pontes").glob("*/locale"))
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w*\}")


def catalogue(app: Path, language: str):
    with (app / "locale" / language / "LC_MESSAGES" / "django.po").open("rb") as handle:
        return read_po(handle, locale=language)


def test_every_app_ships_its_catalogues() -> None:
    assert APPS_WITH_LOCALE, "no app has a locale/ folder"
    for app in APPS_WITH_LOCALE:
        for language in LANGUAGES:
            assert (app / "locale" / language / "LC_MESSAGES" / "django.po").exists(), (app.name, language)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("app", APPS_WITH_LOCALE, ids=lambda p: p.name)
def test_catalogue_is_complete_and_placeholders_match(app: Path, language: str) -> None:
    cat = catalogue(app, language)
    problems = []
    for message in cat:
        if not message.id:
            continue
        if message.fuzzy:
            problems.append(f"fuzzy: {message.id!r}")
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings) or (len(strings) < cat.num_plurals and isinstance(message.id, tuple)):
            problems.append(f"untranslated: {ids[0]!r}")
            continue
        expected = set(PLACEHOLDER.findall(ids[-1]))
        for text in strings:
            found = set(PLACEHOLDER.findall(text))
            # A plural form may spell the number out ("one item"), dropping %(counter)s only.
            if found - expected or (expected - found) - {"%(counter)s"}:
                problems.append(f"placeholders differ: {ids[0]!r} -> {text!r}")
    assert not problems, "\n".join(problems)


EXPECTED_PLURALS = {
    "fr": "nplurals=2; plural=(n > 1);",
    "es": "nplurals=2; plural=(n != 1);",
    "ar": "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : "
    "n%100>=11 && n%100<=99 ? 4 : 5);",
}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("app", APPS_WITH_LOCALE, ids=lambda p: p.name)
def test_plural_rule_is_right(app: Path, language: str) -> None:
    """Arabic has six plural forms; a wrong rule silently picks the wrong one for 11-99."""
    text = (app / "locale" / language / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    header = "".join(line.strip().strip('"').replace("\\n", "") for line in text.splitlines()[:30])
    assert EXPECTED_PLURALS[language].replace(" ", "") in header.replace(" ", "")


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext is installed by `make test`")
@pytest.mark.parametrize("app", APPS_WITH_LOCALE, ids=lambda p: p.name)
def test_catalogues_contain_every_string_of_the_source(app: Path, tmp_path: Path) -> None:
    copy = tmp_path / app.name
    shutil.copytree(app, copy, ignore=shutil.ignore_patterns("*.mo", "__pycache__"))
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "manage.py"),
            "makemessages",
            "-l",
            "fr",
            "--no-location",
            "--no-obsolete",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
    )
    with (copy / "locale" / "fr" / "LC_MESSAGES" / "django.po").open("rb") as handle:
        fresh = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}
    shipped = {m.id if isinstance(m.id, str) else m.id[0] for m in catalogue(app, "fr") if m.id}
    assert not fresh - shipped, (
        f"strings missing from the catalogues (run `make messages`): {sorted(fresh - shipped)}"
    )
    assert not shipped - fresh, (
        f"obsolete strings in the catalogues (run `make messages`): {sorted(shipped - fresh)}"
    )
