"""ESCO files: read with every problem located, loaded all or nothing, then used to name ISCO-08
codes and to code the words people write about their skills."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pontes.diaspora import esco, services, vocabularies
from pontes.diaspora.models import EscoConcept

pytestmark = pytest.mark.django_db

ESCO = "http://data.europa.eu/esco/"
GROUP_COLUMNS = ["conceptType", "conceptUri", "code", "preferredLabel", "status", "altLabels", "inScheme"]
OCCUPATION_COLUMNS = [
    "conceptType",
    "conceptUri",
    "iscoGroup",
    "preferredLabel",
    "altLabels",
    "status",
    "code",
]
SKILL_COLUMNS = ["conceptType", "conceptUri", "skillType", "reuseLevel", "preferredLabel", "altLabels"]


@pytest.fixture(autouse=True)
def _fresh_caches():
    esco.clear_caches()
    yield
    esco.clear_caches()


def _write(path: Path, columns: list[str], rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        writer.writerows(rows)


@pytest.fixture
def esco_dir(tmp_path: Path) -> Path:
    """A few concepts in the layout of the published files (English and French)."""
    _write(
        tmp_path / "ISCOGroups_en.csv",
        GROUP_COLUMNS,
        [
            ["ISCOGroup", f"{ESCO}isco/C22", "22", "Health professionals", "released", "", ""],
            ["ISCOGroup", f"{ESCO}isco/C221", "221", "Medical doctors", "released", "", ""],
            [
                "ISCOGroup",
                f"{ESCO}isco/C2211",
                "2211",
                "Generalist medical practitioners",
                "released",
                "",
                "",
            ],
            [
                "ISCOGroup",
                f"{ESCO}isco/C7411",
                "7411",
                "Building and related electricians",
                "released",
                "",
                "",
            ],
        ],
    )
    _write(
        tmp_path / "ISCOGroups_fr.csv",
        GROUP_COLUMNS,
        [["ISCOGroup", f"{ESCO}isco/C2211", "2211", "Médecins généralistes", "released", "", ""]],
    )
    _write(
        tmp_path / "occupations_en.csv",
        OCCUPATION_COLUMNS,
        [
            [
                "Occupation",
                f"{ESCO}occupation/test-electrician",
                "7411",
                "building electrician",
                "electrician\nhouse wirer",
                "released",
                "7411.1",
            ]
        ],
    )
    _write(
        tmp_path / "skills_en.csv",
        SKILL_COLUMNS,
        [
            [
                "KnowledgeSkillCompetence",
                f"{ESCO}skill/test-beekeeping",
                "skill/competence",
                "sector-specific",
                "keep bees",
                "beekeeping\napiculture",
            ]
        ],
    )
    return tmp_path


def test_loading_names_isco_codes_at_every_level_in_the_readers_language(esco_dir) -> None:
    assert vocabularies.isco_label("2211") == "Health professionals"  # sub-major level, shipped
    report = services.load_esco(directory=esco_dir)
    assert report.errors == [] and report.created == 6
    assert vocabularies.isco_label("2211") == "Generalist medical practitioners"
    with translation.override("fr"):
        assert vocabularies.isco_label("2211") == "Médecins généralistes"
    with translation.override("es"):  # no Spanish file: English
        assert vocabularies.isco_label("2211") == "Generalist medical practitioners"
    # With the classification loaded, codes must exist in it.
    assert vocabularies.is_isco("2211") and not vocabularies.is_isco("2219")
    assert vocabularies.is_isco("22")


def test_a_persons_words_take_the_esco_concept_they_name(esco_dir, world, make_user) -> None:
    services.load_esco(directory=esco_dir)
    person = services.register_person(
        user=make_user("returnee"),
        name="Nadia Test",
        attachment="returnee",
        residence_country="MA",
        territories=[world.town],
        consents=["jobs"],
        skills=[{"label": "  House   Wirer "}, {"label": "Beekeeping"}, {"label": "argan oil pressing"}],
    )
    skills = {s.label: (s.esco_uri, s.isco) for s in person.skills.all()}
    # An occupation also gives its ISCO-08 unit group, which matching uses.
    assert skills["House Wirer"] == (f"{ESCO}occupation/test-electrician", "7411")
    assert skills["Beekeeping"] == (f"{ESCO}skill/test-beekeeping", "")
    assert skills["argan oil pressing"] == ("", "")  # free words stay words


def test_without_files_words_stay_words(world, make_user) -> None:
    person = services.register_person(
        user=make_user("returnee"),
        name="Nadia Test",
        attachment="returnee",
        residence_country="MA",
        territories=[world.town],
        consents=["jobs"],
        skills=[{"label": "beekeeping"}],
    )
    assert person.skills.get().esco_uri == ""


def test_loading_again_adds_languages_and_updates(esco_dir, tmp_path_factory) -> None:
    services.load_esco(directory=esco_dir)
    spanish = tmp_path_factory.mktemp("es")
    _write(
        spanish / "skills_es.csv",
        SKILL_COLUMNS,
        [["KnowledgeSkillCompetence", f"{ESCO}skill/test-beekeeping", "", "", "criar abejas", "apicultura"]],
    )
    report = services.load_esco(directory=spanish)
    assert (report.created, report.updated) == (0, 1)
    concept = EscoConcept.objects.get(uri=f"{ESCO}skill/test-beekeeping")
    assert concept.labels == {"en": "keep bees", "es": "criar abejas"}
    assert esco.find("Apicultura") == (concept.uri, "") and esco.find("beekeeping") == (concept.uri, "")
    # Whole labels only: part of one is not a match.
    assert esco.find("bees") is None


def test_every_problem_is_located_and_nothing_is_saved(esco_dir) -> None:
    _write(
        esco_dir / "occupations_fr.csv",
        OCCUPATION_COLUMNS,
        [
            ["Occupation", "https://example.org/not-esco", "7411", "électricien", "", "", ""],
            ["Occupation", f"{ESCO}occupation/x", "74a1", "électricienne", "", "", ""],
            ["Skill", f"{ESCO}occupation/y", "7411", "plombier", "", "", ""],
            ["Occupation", f"{ESCO}occupation/z", "7126", "", "", "", ""],
        ],
    )
    report = services.load_esco(directory=esco_dir)
    assert report.errors == [
        "occupations_fr.csv, row 2, column B (conceptUri): "
        "“https://example.org/not-esco” is not an ESCO address.",
        "occupations_fr.csv, row 3, column C (iscoGroup): “74a1” is not an ISCO-08 code.",
        "occupations_fr.csv, row 4, column A (conceptType): "
        "“Skill” in the occupations file (expected Occupation).",
        "occupations_fr.csv, row 5, column D (preferredLabel): empty.",
    ]
    assert not EscoConcept.objects.exists()


def test_missing_columns_and_empty_folders_are_refused(tmp_path) -> None:
    assert "no ESCO file found" in services.load_esco(directory=tmp_path).errors[0]
    _write(tmp_path / "skills_en.csv", ["conceptUri", "label"], [[f"{ESCO}skill/a", "a"]])
    assert services.load_esco(directory=tmp_path).errors == [
        "skills_en.csv, row 1: missing column(s) preferredLabel."
    ]


def test_the_command_loads_or_fails_with_the_problems(esco_dir, tmp_path_factory, capsys) -> None:
    call_command("load_esco", str(esco_dir))
    assert "6 concepts added" in capsys.readouterr().out
    with pytest.raises(CommandError, match="nothing was saved"):
        call_command("load_esco", str(tmp_path_factory.mktemp("empty")))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=st.lists(
        st.lists(
            st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=12), min_size=0, max_size=8
        ),
        max_size=6,
    )
)
def test_any_file_is_read_into_concepts_or_located_problems(tmp_path_factory, rows) -> None:
    folder = tmp_path_factory.mktemp("fuzz")
    _write(folder / "occupations_en.csv", OCCUPATION_COLUMNS, rows)
    result = esco.read_directory(folder)
    for error in result.errors:
        assert error.startswith("occupations_en.csv")
    for concept in result.concepts.values():
        assert concept.uri.startswith(ESCO) and concept.isco.isdigit() and concept.labels["en"]
