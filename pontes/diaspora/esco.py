"""ESCO, the European classification of skills and occupations, when its files are loaded.

The European Commission publishes ESCO as CSV files, one set per language: `skills_fr.csv`,
`occupations_fr.csv`, `ISCOGroups_fr.csv` and so on. `read_directory` reads the ones of a folder
(any languages), checking each row; `services.load_esco` saves them all or nothing. Once loaded:

- ISCO-08 codes are checked against the full classification and named at every level, in the
  reader's language when ESCO has it (`isco_groups`);
- the words people write about their skills are matched to an ESCO skill or occupation by its
  preferred or alternative labels (`find`), which gives them a stable address, and an occupation
  its ISCO-08 unit group, which matching then uses.

Without the files nothing changes: codes are checked to the sub-major group and words stay words.
"""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import get_language

# The file name of each kind, with its language: skills_en.csv, occupations_pt.csv, ISCOGroups_ar.csv.
FILE_PATTERN = re.compile(r"^(skills|occupations|ISCOGroups)_([a-z]{2,3})\.csv$")
CONCEPT_TYPES = {"skills": "KnowledgeSkillCompetence", "occupations": "Occupation", "ISCOGroups": "ISCOGroup"}
KINDS = {"skills": "skill", "occupations": "occupation", "ISCOGroups": "isco_group"}
REQUIRED_COLUMNS = {
    "skills": ("conceptUri", "preferredLabel"),
    "occupations": ("conceptUri", "preferredLabel", "iscoGroup"),
    "ISCOGroups": ("conceptUri", "preferredLabel", "code"),
}
URI_PREFIX = "http://data.europa.eu/esco/"
ISCO_CODE = re.compile(r"^\d{1,4}$")


@dataclass
class Concept:
    uri: str
    kind: str
    isco: str = ""
    labels: dict[str, str] = field(default_factory=dict)
    names: set[str] = field(default_factory=set)


@dataclass
class ReadResult:
    concepts: dict[str, Concept] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)


def fold(text: str) -> str:
    """How labels and people's words are compared: case and spacing do not matter."""
    return " ".join(text.casefold().split())


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        for row in reader:
            yield reader.line_num, {k: (v or "") for k, v in row.items() if k is not None}


def read_directory(directory: Path) -> ReadResult:
    """Every ESCO file of `directory`, merged by concept address; each problem named by file, row
    and column. A folder with no ESCO file is itself a problem."""
    result = ReadResult()
    paths = sorted(p for p in directory.iterdir() if FILE_PATTERN.match(p.name)) if directory.is_dir() else []
    if not paths:
        result.errors.append(
            f"{directory}: no ESCO file found (expected names such as skills_en.csv, occupations_en.csv, "
            "ISCOGroups_en.csv)."
        )
        return result
    for path in paths:
        match = FILE_PATTERN.match(path.name)
        assert match is not None
        stem, language = match.groups()
        result.files.append(path.name)
        try:
            _read_file(path, stem, language, result)
        except (UnicodeDecodeError, csv.Error) as error:
            result.errors.append(f"{path.name}: not a readable CSV file in UTF-8 ({error}).")
    return result


def _read_file(path: Path, stem: str, language: str, result: ReadResult) -> None:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        header = next(csv.reader(handle), [])
    missing = [c for c in REQUIRED_COLUMNS[stem] if c not in header]
    if missing:
        result.errors.append(f"{path.name}, row 1: missing column(s) {', '.join(missing)}.")
        return
    position = {name: _column_letter(header.index(name)) for name in header}
    for line, row in _rows(path):
        where = f"{path.name}, row {line}"
        uri = row["conceptUri"].strip()
        if not uri.startswith(URI_PREFIX):
            result.errors.append(
                f"{where}, column {position['conceptUri']} (conceptUri): “{uri}” is not an ESCO address."
            )
            continue
        expected = CONCEPT_TYPES[stem]
        if row.get("conceptType") and row["conceptType"].strip() != expected:
            result.errors.append(
                f"{where}, column {position['conceptType']} (conceptType): “{row['conceptType']}” in the "
                f"{stem} file (expected {expected})."
            )
            continue
        label = " ".join(row["preferredLabel"].split())
        if not label:
            result.errors.append(f"{where}, column {position['preferredLabel']} (preferredLabel): empty.")
            continue
        isco = ""
        code_column = {"occupations": "iscoGroup", "ISCOGroups": "code"}.get(stem)
        if code_column:
            isco = row[code_column].strip()
            if not ISCO_CODE.match(isco):
                result.errors.append(
                    f"{where}, column {position[code_column]} ({code_column}): “{isco}” is not an "
                    "ISCO-08 code."
                )
                continue
        concept = result.concepts.setdefault(uri, Concept(uri=uri, kind=KINDS[stem], isco=isco))
        if concept.kind != KINDS[stem]:
            result.errors.append(f"{where}: {uri} is already a {concept.kind} in another file.")
            continue
        concept.isco = concept.isco or isco
        concept.labels[language] = label
        concept.names.add(fold(label))
        for alternative in row.get("altLabels", "").splitlines():
            if alternative.strip():
                concept.names.add(fold(alternative))


# Reads of what is loaded. They change only when `services.load_esco` runs, which clears them; other
# processes see new files after a restart.


@functools.cache
def isco_groups() -> dict[str, dict[str, str]]:
    """The label of every loaded ISCO-08 group by code, by language: {} when none is loaded."""
    from .models import EscoConcept

    return dict(EscoConcept.objects.filter(kind=EscoConcept.Kind.ISCO_GROUP).values_list("isco", "labels"))


def clear_caches() -> None:
    isco_groups.cache_clear()


def group_label(code: str, language: str | None = None) -> str | None:
    labels = isco_groups().get(code)
    if not labels:
        return None
    language = (language or get_language() or "en").split("-")[0]
    return labels.get(language) or labels.get("en") or next(iter(labels.values()))


def find(words: str) -> tuple[str, str] | None:
    """The (address, ISCO-08 code) of the ESCO occupation or skill these words name exactly, in any
    loaded language; an occupation when both fit, since it also gives a code."""
    from .models import EscoConcept

    folded = fold(words)
    if not folded:
        return None
    found = (
        EscoConcept.objects.filter(
            kind__in=[EscoConcept.Kind.OCCUPATION, EscoConcept.Kind.SKILL], names__contains=f"\n{folded}\n"
        )
        .order_by("kind", "uri")  # "occupation" sorts before "skill"
        .values_list("uri", "isco")
        .first()
    )
    return (found[0], found[1]) if found else None
