"""Reading an eligibility register from CSV: every row checked, every problem with its row and
column; the caller saves nothing unless the whole file is clean."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.translation import gettext as _

from pontes.core.csvfiles import dialect_for

COLUMNS = ("name", "birth_date", "address", "document", "seat_group")
# Rule columns: optional, "yes"/"no" (also 1/0, true/false, sí/oui/نعم).
RULE_COLUMNS = ("resident", "no_municipal_vote", "regular_status")
MAX_BYTES = 2 * 1024 * 1024
YES = {"yes", "y", "1", "true", "sí", "si", "oui", "نعم"}
NO = {"no", "n", "0", "false", "non", "لا"}


@dataclass(frozen=True)
class RegisterRow:
    line: int
    name: str
    birth_date: datetime.date
    address: str
    document: str
    seat_group: str
    checks: dict[str, bool]


@dataclass(frozen=True)
class RowError:
    row: int  # 1 is the header line
    column: str
    message: str

    def __str__(self) -> str:
        return _("Row %(row)s, column “%(column)s”: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


def parse_register(
    data: bytes, seat_groups: Mapping[str, object]
) -> tuple[list[RegisterRow], list[RowError]]:
    """Rows and problems of a CSV register; `seat_groups` maps the accepted group names."""
    if len(data) > MAX_BYTES:
        return [], [RowError(1, "", _("The file is larger than 2 MB."))]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [RowError(1, "", _("The file is not UTF-8 text."))]
    reader = csv.reader(io.StringIO(text), dialect_for(text))
    try:
        header = [cell.strip().lower() for cell in next(reader)]
    except StopIteration:
        return [], [RowError(1, "", _("The file is empty."))]
    except csv.Error as error:
        return [], [RowError(1, "", str(error))]
    errors: list[RowError] = []
    for column in COLUMNS:
        if column not in header:
            errors.append(RowError(1, column, _("This column is missing.")))
    if errors:
        return [], errors
    rows: list[RegisterRow] = []
    seen_documents: dict[str, int] = {}
    line = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            errors.append(RowError(line + 1, "", str(error)))
            break
        line += 1
        if not any(cell.strip() for cell in cells):
            continue
        values = {name: (cells[i].strip() if i < len(cells) else "") for i, name in enumerate(header)}
        row_errors: list[RowError] = []
        for column in ("name", "address", "document", "seat_group"):
            if not values[column]:
                row_errors.append(RowError(line, column, _("This value is missing.")))
        birth: datetime.date | None = None
        try:
            birth = datetime.date.fromisoformat(values["birth_date"])
        except ValueError:
            row_errors.append(RowError(line, "birth_date", _("Write the date as YYYY-MM-DD.")))
        if values["seat_group"] and values["seat_group"] not in seat_groups:
            row_errors.append(
                RowError(line, "seat_group", _("No seat group of this election has this name."))
            )
        if len(values["name"]) > 200:
            row_errors.append(RowError(line, "name", _("At most 200 characters.")))
        if len(values["document"]) > 80:
            row_errors.append(RowError(line, "document", _("At most 80 characters.")))
        document = values["document"].upper()
        if document and document in seen_documents:
            row_errors.append(
                RowError(
                    line, "document", _("Same document as row %(row)s.") % {"row": seen_documents[document]}
                )
            )
        elif document:
            seen_documents[document] = line
        checks: dict[str, bool] = {}
        for column in RULE_COLUMNS:
            if column not in values or not values[column]:
                continue
            answer = values[column].lower()
            if answer in YES:
                checks[column] = True
            elif answer in NO:
                checks[column] = False
            else:
                row_errors.append(RowError(line, column, _("Write yes or no.")))
        errors.extend(row_errors)
        if not row_errors and birth is not None:
            rows.append(
                RegisterRow(
                    line,
                    values["name"],
                    birth,
                    values["address"],
                    values["document"],
                    values["seat_group"],
                    checks,
                )
            )
    if not rows and not errors:
        errors.append(RowError(1, "", _("The file has no voters.")))
    return rows, errors
