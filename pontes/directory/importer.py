"""Importing Open Referral HSDS 3.1 data into the directory: all or nothing, every error reported.

`import_hsds(actor=…, territory=…, source=…)` reads a file set, checks all of it, and only when
nothing is wrong writes everything in one transaction. It returns an `ImportReport` holding the
counts of records created and updated per entity, warnings, and, when something is wrong, every
`ImportError(file, row, field, message)` found; in that case nothing at all is saved.

Accepted sources
----------------
`source` is a path (`str` or `Path`), an uploaded file (anything with `.read()` and `.name`), raw
`bytes`, or an already parsed JSON value. The formats are:

* **An HSDS JSON set**, one JSON document that is
  - a list of full records (`[{service}, …]`, as in the API's `/services`), or one full record
    (`{"id": …, …}`), or an API page (`{"contents": [ … ], "total_items": …}`). The kind of
    record is taken from the file name (`service…`, `organization…`, `location…`,
    `service_at_location…`, `taxonomy_term…`, `taxonomy…`), else from its shape, else service;
  - an object of collections: `{"organizations": […], "services": […], "locations": […],
    "service_at_locations": […], "taxonomies": […], "taxonomy_terms": […], …}`. Keys may be the
    plural names above, the HSDS schema names (`"service_at_location"`) or the tabular file
    names (`"services.csv"`, as in the HSDS `tabular.json` example).

  Records may nest as HSDS full records do (a service holding its organisation, places, phones,
  schedules, attributes…) or refer to each other by `…_id`, or mix both. The same record may
  appear several times (the HSDS examples repeat a phone under the service, its contact and its
  place): occurrences are merged and each link is kept.
* **The HSDS tabular datapackage**: a directory or a `.zip` holding `datapackage.json` and the
  CSV files (`organizations.csv`, `services.csv`, `locations.csv`, `service_at_location.csv`,
  `addresses.csv`, `phones.csv`, `schedules.csv`, `languages.csv`, `cost_options.csv`,
  `required_documents.csv`, `service_areas.csv`, `accessibility.csv`, `contacts.csv`,
  `taxonomies.csv`, `taxonomy_terms.csv`, `attributes.csv`, `programs.csv`, `funding.csv`,
  `metadata.csv`). Other HSDS tables are skipped with a warning. A single `.csv` file named
  like one of these is accepted too.

Pontes extensions: attributes whose taxonomy term is one of ours (`vocabularies.*.term_id`, or a
term of a taxonomy named `pontes-<key>`) set the service's needs, phases, target groups, delivery
modes, levels and territory roles instead of being stored as attributes. Records may carry
`x_pontes_language` (the language of their texts), `x_pontes_translations`
(`{"fr": {"name": …}}`), and services `x_pontes_open_to_all`, `x_pontes_no_documents_needed`,
`x_pontes_legal_basis`, `x_pontes_partners` (organisation ids) and the code lists
`x_pontes_needs`, `x_pontes_phases`, … directly; service areas `x_pontes_territory` (the slug
of the territory they cover, or `{"slug": …}`). A set that uses none of our vocabularies leaves
the services' facets as they are.

Rules
-----
* Row numbers count as a person does: in a CSV file the header is row 1 and the first record
  row 2; in JSON the record's position in its list, from 1, with a path (`phones[0].number`) to
  the field inside it. Records of an object of collections name their list in the file
  (`set.json#/services`).
* Ids are UUIDs, as in HSDS. Importing the same ids again updates the rows, never duplicates
  them; organisations match `Organisation.uuid`. New organisations belong to the given territory.
  A field absent from a record is left as it is; a field present but empty (or null) is cleared.
* A reference a record cannot do without (a service's organisation, both ends of a service at a
  location, an address's place, a cost's service, an attribute's term, …) must name a record in
  the files or in Pontes, else it is an error. Optional links to records we do not have (a
  parent organisation, a term's parent, one of several links of a phone or contact) are dropped
  with a warning, unless none of the record's links is left.
* Services and places get the given territory, or a territory below it: a place the one whose
  bounding box holds its coordinates, or whose name is the place's city; a service the one all
  its places share. Records already owned by a territory outside the given one are not changed.

Design: a reader per format turns the files into normalised flat `Record`s; one `Validator`
checks them (HSDS JSON Schemas, then typed checks against the models, then references and
ownership); one `Writer` saves them. Readers know nothing about the database; the validator and
the writer know nothing about files.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import re
import unicodedata
import uuid
import zipfile
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any, cast

import pycountry
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, models, transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime, parse_time
from django.utils.text import slugify
from django.utils.translation import gettext as _

from pontes.core import audit
from pontes.core.languages import normalise_language_code, validate_language_code
from pontes.core.models import AuditEntry, Organisation, Territory, User
from pontes.core.permissions import require

from . import index, vocabularies
from .models import (
    Accessibility,
    Address,
    Attribute,
    Contact,
    CostOption,
    Funding,
    Language,
    Location,
    MetadataEntry,
    Phone,
    Program,
    RequiredDocument,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from .schedules import parse_byday

# Guards against archives that expand to far more than they weigh.
MAX_ARCHIVE_BYTES = 200 * 1024 * 1024
MAX_ARCHIVE_FILES = 500
BATCH = 500
# Text columns at least this wide hold prose, which is shortened (with a warning) when too long.
LONG_TEXT = 200


# --- What the caller gets back ------------------------------------------------------------


@dataclass(frozen=True)
class _Located:
    file: str
    row: int
    field: str
    message: str

    def __str__(self) -> str:
        parts = [self.file or "-"]
        if self.row:
            parts.append(str(self.row))
        if self.field:
            parts.append(self.field)
        return ":".join(parts) + ": " + self.message


@dataclass(frozen=True)
class ImportError(_Located):  # the name the exchange page uses; a report line, not an exception
    """Something wrong in the files: nothing is saved while there is one."""


@dataclass(frozen=True)
class ImportWarning(_Located):
    """Something skipped or adjusted; the import still goes ahead."""


@dataclass
class ImportReport:
    source: str
    dry_run: bool = False
    errors: list[ImportError] = field(default_factory=list)
    warnings: list[ImportWarning] = field(default_factory=list)
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def saved(self) -> bool:
        return self.ok and not self.dry_run

    def counts(self) -> list[tuple[str, int, int]]:
        """(entity, created, updated) for every entity touched, in writing order."""
        names = [spec.plural for spec in ENTITIES.values()]
        return [
            (name, self.created.get(name, 0), self.updated.get(name, 0))
            for name in names
            if self.created.get(name) or self.updated.get(name)
        ]


# --- The HSDS entities we import ----------------------------------------------------------


@dataclass(frozen=True)
class Link:
    target: str  # entity referred to
    attr: str  # model field holding it
    needed: bool = False  # a record cannot do without it


@dataclass(frozen=True)
class Nested:
    entity: str
    link: str | None  # field of the child naming its parent (children) or of the parent (objects)
    inherit: tuple[tuple[str, str], ...] = ()  # (child field, parent field) copied when missing


ATTRIBUTES = Nested("attribute", None)
METADATA = Nested("metadata", None)


@dataclass(frozen=True)
class Spec:
    name: str  # HSDS schema name
    plural: str  # collection key in JSON sets and name in reports
    csv: str
    model: type[models.Model]
    fields: dict[str, str]  # HSDS field -> model field
    links: dict[str, Link] = field(default_factory=dict)
    children: dict[str, Nested] = field(default_factory=dict)
    objects: dict[str, Nested] = field(default_factory=dict)
    ignored: frozenset[str] = frozenset()  # nested HSDS parts Pontes does not keep
    multi_parent: bool = False  # at least one of its links must resolve
    extensions: frozenset[str] = frozenset()

    @property
    def translatable(self) -> bool:
        return bool(getattr(self.model, "translatable_fields", ()))


def _same(names: str) -> dict[str, str]:
    """HSDS fields kept in model fields of the same name."""
    return {name: name for name in names.split()}


COMMON = {"attributes": ATTRIBUTES, "metadata": METADATA}
TEXT_EXTENSIONS = frozenset({"x_pontes_language", "x_pontes_translations"})
LIST_FIELDS = {
    "need": "needs",
    "phase": "phases",
    "target-group": "target_groups",
    "delivery-mode": "delivery_modes",
    "level": "levels",
    "territory-role": "territory_roles",
}
SERVICE_EXTENSIONS = TEXT_EXTENSIONS | {
    "x_pontes_open_to_all",
    "x_pontes_no_documents_needed",
    "x_pontes_legal_basis",
    "x_pontes_partners",
    *(f"x_pontes_{name}" for name in LIST_FIELDS.values()),
}

# In writing order: a record only refers to entities above it (parents are set in a second pass).
ENTITIES: dict[str, Spec] = {
    spec.name: spec
    for spec in [
        Spec(
            "taxonomy",
            "taxonomies",
            "taxonomies.csv",
            Taxonomy,
            _same("name description uri version"),
            children={"metadata": METADATA},
        ),
        Spec(
            "taxonomy_term",
            "taxonomy_terms",
            "taxonomy_terms.csv",
            TaxonomyTerm,
            {**_same("code name description language term_uri"), "taxonomy": "taxonomy_detail"},
            links={
                "taxonomy_id": Link("taxonomy", "taxonomy"),
                "parent_id": Link("taxonomy_term", "parent"),
            },
            objects={"taxonomy_detail": Nested("taxonomy", "taxonomy_id")},
            children={"metadata": METADATA},
        ),
        Spec(
            "organization",
            "organizations",
            "organizations.csv",
            Organisation,
            _same("name alternate_name description email website year_incorporated legal_status logo uri"),
            links={"parent_organization_id": Link("organization", "parent")},
            children={
                "funding": Nested("funding", "organization_id"),
                "contacts": Nested("contact", "organization_id"),
                "phones": Nested("phone", "organization_id"),
                "locations": Nested("location", "organization_id"),
                "programs": Nested("program", "organization_id"),
                "services": Nested("service", "organization_id"),
                **COMMON,
            },
            ignored=frozenset({"additional_websites", "organization_identifiers"}),
            extensions=TEXT_EXTENSIONS | {"x_pontes_kind"},
        ),
        Spec(
            "program",
            "programs",
            "programs.csv",
            Program,
            _same("name alternate_name description"),
            links={"organization_id": Link("organization", "organization", needed=True)},
            children=COMMON,
            extensions=TEXT_EXTENSIONS,
        ),
        Spec(
            "service",
            "services",
            "services.csv",
            Service,
            _same(
                "name alternate_name description url email status interpretation_services "
                "application_process fees_description accreditations eligibility_description "
                "minimum_age maximum_age assured_date assurer_email alert"
            ),
            links={
                "organization_id": Link("organization", "organization", needed=True),
                "program_id": Link("program", "program"),
            },
            children={
                "phones": Nested("phone", "service_id"),
                "schedules": Nested("schedule", "service_id"),
                "service_areas": Nested("service_area", "service_id"),
                "service_at_locations": Nested("service_at_location", "service_id"),
                "languages": Nested("language", "service_id"),
                "funding": Nested("funding", "service_id"),
                "cost_options": Nested("cost_option", "service_id"),
                "required_documents": Nested("required_document", "service_id"),
                "contacts": Nested("contact", "service_id"),
                **COMMON,
            },
            objects={
                "organization": Nested("organization", "organization_id"),
                "program": Nested("program", "program_id", inherit=(("organization_id", "organization_id"),)),
            },
            ignored=frozenset({"additional_urls", "capacities"}),
            extensions=SERVICE_EXTENSIONS,
        ),
        Spec(
            "location",
            "locations",
            "locations.csv",
            Location,
            _same(
                "location_type url name alternate_name description transportation latitude longitude "
                "external_identifier external_identifier_type"
            ),
            links={"organization_id": Link("organization", "organization")},
            children={
                "languages": Nested("language", "location_id"),
                "addresses": Nested("address", "location_id"),
                "contacts": Nested("contact", "location_id"),
                "accessibility": Nested("accessibility", "location_id"),
                "phones": Nested("phone", "location_id"),
                "schedules": Nested("schedule", "location_id"),
                **COMMON,
            },
            extensions=TEXT_EXTENSIONS,
        ),
        Spec(
            "service_at_location",
            "service_at_locations",
            "service_at_location.csv",
            ServiceAtLocation,
            _same("description"),
            links={
                "service_id": Link("service", "service", needed=True),
                "location_id": Link("location", "location", needed=True),
            },
            children={
                "service_areas": Nested("service_area", "service_at_location_id"),
                "contacts": Nested("contact", "service_at_location_id"),
                "phones": Nested("phone", "service_at_location_id"),
                "schedules": Nested("schedule", "service_at_location_id"),
                **COMMON,
            },
            objects={
                "location": Nested("location", "location_id"),
                "service": Nested("service", "service_id"),
            },
            extensions=TEXT_EXTENSIONS,
        ),
        Spec(
            "address",
            "addresses",
            "addresses.csv",
            Address,
            _same(
                "attention address_1 address_2 city region state_province postal_code country address_type"
            ),
            links={"location_id": Link("location", "location", needed=True)},
            children=COMMON,
        ),
        Spec(
            "accessibility",
            "accessibility",
            "accessibility.csv",
            Accessibility,
            _same("description details url"),
            links={"location_id": Link("location", "location", needed=True)},
            children=COMMON,
        ),
        Spec(
            "contact",
            "contacts",
            "contacts.csv",
            Contact,
            _same("name title department email"),
            links={
                "organization_id": Link("organization", "organization"),
                "service_id": Link("service", "service"),
                "service_at_location_id": Link("service_at_location", "service_at_location"),
                "location_id": Link("location", "location"),
            },
            children={"phones": Nested("phone", "contact_id"), **COMMON},
            multi_parent=True,
        ),
        Spec(
            "phone",
            "phones",
            "phones.csv",
            Phone,
            _same("number extension type description"),
            links={
                "location_id": Link("location", "location"),
                "service_id": Link("service", "service"),
                "organization_id": Link("organization", "organization"),
                "contact_id": Link("contact", "contact"),
                "service_at_location_id": Link("service_at_location", "service_at_location"),
            },
            children={"languages": Nested("language", "phone_id"), **COMMON},
            multi_parent=True,
        ),
        Spec(
            "language",
            "languages",
            "languages.csv",
            Language,
            _same("name code note"),
            links={
                "service_id": Link("service", "service"),
                "location_id": Link("location", "location"),
                "phone_id": Link("phone", "phone"),
            },
            children=COMMON,
            multi_parent=True,
        ),
        Spec(
            "schedule",
            "schedules",
            "schedules.csv",
            Schedule,
            _same(
                "valid_from valid_to dtstart timezone until count wkst freq interval byday byweekno "
                "bymonthday byyearday description opens_at closes_at schedule_link attending_type notes"
            ),
            links={
                "service_id": Link("service", "service"),
                "location_id": Link("location", "location"),
                "service_at_location_id": Link("service_at_location", "service_at_location"),
            },
            children=COMMON,
            multi_parent=True,
        ),
        Spec(
            "cost_option",
            "cost_options",
            "cost_options.csv",
            CostOption,
            _same("valid_from valid_to option currency amount amount_description"),
            links={"service_id": Link("service", "service", needed=True)},
            children=COMMON,
        ),
        Spec(
            "required_document",
            "required_documents",
            "required_documents.csv",
            RequiredDocument,
            _same("document uri"),
            links={"service_id": Link("service", "service", needed=True)},
            children=COMMON,
        ),
        Spec(
            "service_area",
            "service_areas",
            "service_areas.csv",
            ServiceArea,
            _same("name description extent extent_type uri"),
            links={
                "service_id": Link("service", "service"),
                "service_at_location_id": Link("service_at_location", "service_at_location"),
            },
            children=COMMON,
            multi_parent=True,
            extensions=frozenset({"x_pontes_territory"}),
        ),
        Spec(
            "funding",
            "funding",
            "funding.csv",
            Funding,
            _same("source"),
            links={
                "organization_id": Link("organization", "organization"),
                "service_id": Link("service", "service"),
            },
            children=COMMON,
            multi_parent=True,
        ),
        Spec(
            "attribute",
            "attributes",
            "attributes.csv",
            Attribute,
            _same("link_id link_entity link_type value label"),
            links={"taxonomy_term_id": Link("taxonomy_term", "taxonomy_term", needed=True)},
            objects={"taxonomy_term": Nested("taxonomy_term", "taxonomy_term_id")},
            children={"metadata": METADATA},
        ),
        Spec(
            "metadata",
            "metadata",
            "metadata.csv",
            MetadataEntry,
            _same(
                "resource_id resource_type last_action_date last_action_type field_name previous_value "
                "replacement_value updated_by"
            ),
        ),
    ]
}
# HSDS tables Pontes has no place for.
IGNORED_TABLES = {
    "organization_identifiers.csv": "organization_identifier",
    "url.csv": "url",
    "service_capacity.csv": "service_capacity",
    "units.csv": "unit",
    "meta_table_descriptions.csv": "meta_table_description",
}
BY_CSV = {spec.csv: spec for spec in ENTITIES.values()}
COLLECTION_KEYS: dict[str, str] = {}
for _spec in ENTITIES.values():
    COLLECTION_KEYS[_spec.plural] = _spec.name
    COLLECTION_KEYS[_spec.name] = _spec.name
    COLLECTION_KEYS[_spec.csv] = _spec.name
COLLECTION_KEYS.update({"service_at_location": "service_at_location", "taxonomy_terms": "taxonomy_term"})
PAGE_KEYS = {
    "total_items",
    "total_pages",
    "page_number",
    "size",
    "first_page",
    "last_page",
    "empty",
    "contents",
}
IGNORED_COLLECTIONS = {
    *IGNORED_TABLES,
    *IGNORED_TABLES.values(),
    "organization_identifiers",
    "urls",
    "service_capacities",
    "units",
    "meta_table_descriptions",
}

# Pontes extensions that describe a record for readers and carry nothing to import (an import
# gives records the territory it is made for).
INFORMATIONAL = frozenset({"x_pontes_territory", "x_pontes_field_languages", "x_pontes_title"})

# Pontes' own vocabularies, as published in exchanges.
OUR_TAXONOMIES: dict[str, vocabularies.Vocabulary] = {str(v.taxonomy_id): v for v in vocabularies.ALL}
OUR_TAXONOMY_NAMES: dict[str, vocabularies.Vocabulary] = {f"pontes-{v.key}": v for v in vocabularies.ALL}
OUR_TERMS: dict[str, tuple[vocabularies.Vocabulary, str]] = {
    str(v.term_id(code)): (v, code) for v in vocabularies.ALL for code in v.codes
}


# --- Normalised records -------------------------------------------------------------------


@dataclass(frozen=True)
class Origin:
    file: str
    row: int
    path: str = ""

    def at(self, name: str) -> str:
        return f"{self.path}.{name}" if self.path and name else (self.path or name)


@dataclass
class Record:
    """One HSDS record, flat: scalar fields and `…_id` links, with where it came from."""

    entity: str
    data: dict[str, Any]
    origin: Origin
    parent_broken: bool = False  # nested under a record whose id is unusable
    # Filled in by the validator for the writer.
    id: str | None = None
    values: dict[str, Any] = field(default_factory=dict)
    links: dict[str, str | None] = field(default_factory=dict)
    exists: bool = False
    ours: bool = False  # one of Pontes' own taxonomies, terms or attributes: not stored as such
    territory: Territory | None = None

    @property
    def spec(self) -> Spec:
        return ENTITIES[self.entity]


def canonical_id(value: Any) -> str | None:
    """The canonical text of a UUID, or None when the value is not one."""
    if not isinstance(value, str):
        return None
    try:
        parsed = uuid.UUID(value.strip())
    except ValueError:
        return None
    # Only the usual 8-4-4-4-12 form, as the HSDS schema's format check wants.
    return str(parsed) if value.strip().lower() == str(parsed) else None


class RecordSet:
    """What a reader produced: records by entity, merged by id, and the problems met on the way."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.records: list[Record] = []
        self.by_id: dict[tuple[str, str], Record] = {}
        self.errors: list[ImportError] = []
        self.warnings: list[ImportWarning] = []
        self.missing_columns: set[tuple[str, str]] = set()
        self._warned: set[tuple[str, ...]] = set()

    def error(self, file: str, row: int, name: str, message: str) -> None:
        self.errors.append(ImportError(file, row, name, message))

    def warn(
        self, file: str, row: int, name: str, message: str, *, once: tuple[str, ...] | None = None
    ) -> None:
        if once is not None:
            if once in self._warned:
                return
            self._warned.add(once)
        self.warnings.append(ImportWarning(file, row, name, message))

    def add(self, record: Record, *, duplicates_are_errors: bool = False) -> Record:
        key_id = canonical_id(record.data.get("id"))
        if key_id is None:
            self.records.append(record)
            return record
        key = (record.entity, key_id)
        first = self.by_id.get(key)
        if first is None:
            self.by_id[key] = record
            self.records.append(record)
            return record
        if duplicates_are_errors:
            self.error(
                record.origin.file,
                record.origin.row,
                record.origin.at("id"),
                _("The id %(id)s is used twice in this file (first on row %(row)s).")
                % {"id": key_id, "row": first.origin.row},
            )
            return first
        # The same record met again (HSDS full records repeat shared parts): merge it.
        for name, value in record.data.items():
            if value is None:
                continue
            current = first.data.get(name)
            if current is None:
                first.data[name] = value
            elif current != value and name != "id":
                self.warn(
                    record.origin.file,
                    record.origin.row,
                    record.origin.at(name),
                    _(
                        "This %(entity)s (%(id)s) appears more than once with different values; "
                        "the first one (row %(row)s) is kept."
                    )
                    % {"entity": record.entity, "id": key_id, "row": first.origin.row},
                )
        return first


# --- Readers ------------------------------------------------------------------------------


def _reject_constant(name: str) -> Any:
    raise ValueError(name)


def _load_json(raw: bytes) -> Any:
    # Decimals keep numbers exact (and no infinities); NaN and Infinity are not JSON.
    return json.loads(raw.decode("utf-8-sig"), parse_float=Decimal, parse_constant=_reject_constant)


class JsonReader:
    """An HSDS JSON set (see the module docstring for the accepted shapes)."""

    def __init__(self, name: str, document: Any) -> None:
        self.name = name
        self.document = document
        self.records = RecordSet(name)

    @classmethod
    def from_bytes(cls, name: str, raw: bytes) -> JsonReader:
        try:
            document = _load_json(raw)
        except (ValueError, UnicodeDecodeError, RecursionError) as error:
            reader = cls(name, None)
            reader.records.error(
                name, 0, "", _("This file is not valid JSON (%(error)s).") % {"error": error}
            )
            return reader
        return cls(name, document)

    def read(self) -> RecordSet:
        document = self.document
        if document is None:
            return self.records
        if isinstance(document, list):
            self._read_list(document, self._guess(document), self.name)
        elif isinstance(document, dict) and isinstance(document.get("contents"), list):
            contents = document["contents"]
            self._read_list(contents, self._guess(contents), f"{self.name}#/contents")
        elif isinstance(document, dict) and "id" in document:
            self._read_record(document, self._guess([document]), Origin(self.name, 1))
        elif isinstance(document, dict):
            self._read_collections(document)
        else:
            self.records.error(
                self.name,
                0,
                "",
                _("An HSDS JSON set is a list of records or an object holding lists of records."),
            )
        return self.records

    def _read_collections(self, document: dict[str, Any]) -> None:
        found = False
        for key, value in document.items():
            entity = COLLECTION_KEYS.get(key)
            if entity is None:
                if key in IGNORED_COLLECTIONS:
                    self.records.warn(
                        self.name, 0, key, _("Pontes does not import this part of HSDS; it was skipped.")
                    )
                elif key not in PAGE_KEYS:
                    self.records.warn(self.name, 0, key, _("This is not an HSDS collection; it was skipped."))
                continue
            found = True
            file = f"{self.name}#/{key}"
            if not isinstance(value, list):
                self.records.error(file, 0, "", _("This should be a list of records."))
                continue
            self._read_list(value, entity, file)
        if not found:
            self.records.error(
                self.name,
                0,
                "",
                _("No HSDS records found: expected lists such as “services” or “organizations”."),
            )

    def _guess(self, items: list[Any]) -> str:
        stem = Path(self.name).name.lower()
        for prefix, entity in (
            ("service_at_location", "service_at_location"),
            ("service", "service"),
            ("organization", "organization"),
            ("organisation", "organization"),
            ("location", "location"),
            ("taxonomy_term", "taxonomy_term"),
            ("taxonomy", "taxonomy"),
        ):
            if stem.startswith(prefix):
                return entity
        sample = next((item for item in items if isinstance(item, dict)), {})
        keys = set(sample)
        if "location_type" in keys:
            return "location"
        if "status" in keys:
            return "service"
        if keys & {"service", "location"} or {"service_id", "location_id"} <= keys:
            return "service_at_location"
        if keys & {"taxonomy_detail", "parent_id", "term_uri", "taxonomy_id"}:
            return "taxonomy_term"
        if keys & {"services", "programs", "locations", "website", "year_incorporated", "legal_status"}:
            return "organization"
        if "version" in keys:
            return "taxonomy"
        return "service"

    def _read_list(self, items: list[Any], entity: str, file: str) -> None:
        for position, item in enumerate(items):
            origin = Origin(file, position + 1)
            if not isinstance(item, dict):
                self.records.error(file, position + 1, "", _("This should be a record (a JSON object)."))
                continue
            self._read_record(item, entity, origin)

    def _read_record(
        self,
        data: dict[str, Any],
        entity: str,
        origin: Origin,
        parent: tuple[str, str | None, str, bool] | None = None,
        inherited: dict[str, Any] | None = None,
    ) -> Record:
        """Flatten one (possibly nested) record; `parent` is (entity, id, link field, broken)."""
        spec = ENTITIES[entity]
        flat: dict[str, Any] = {}
        later: list[tuple[str, Nested, Any]] = []
        for key, value in data.items():
            if key in spec.objects:
                continue  # below, once the record's own links are known
            if key in spec.children:
                later.append((key, spec.children[key], value))
            elif key in spec.ignored:
                self.records.warn(
                    origin.file,
                    0,
                    key,
                    _("Pontes does not keep “%(field)s”; it was skipped.") % {"field": key},
                    once=("ignored", origin.file, entity, key),
                )
            else:
                flat.setdefault(key, value)
        # Nested single records (a service's organisation) name the parent's link; those that
        # inherit a link from the parent (a service's programme, its organisation) come last.
        objects = sorted((k for k in data if k in spec.objects), key=lambda k: bool(spec.objects[k].inherit))
        for key in objects:
            self._read_object(key, data[key], spec.objects[key], flat, origin)
        for name, value in (inherited or {}).items():
            if flat.get(name) is None:
                flat[name] = value
        if parent is not None:
            parent_entity, parent_id, link, _broken = parent
            self._link_to_parent(entity, flat, origin, parent_entity, parent_id, link)
        record = self.records.add(Record(entity, flat, origin, parent_broken=bool(parent and parent[3])))
        own_id = canonical_id(flat.get("id"))
        for key, nested, value in later:
            if value is None:
                continue
            if not isinstance(value, list):
                self.records.error(
                    origin.file, origin.row, origin.at(key), _("This should be a list of records.")
                )
                continue
            for position, item in enumerate(value):
                path = origin.at(f"{key}[{position}]")
                if not isinstance(item, dict):
                    self.records.error(origin.file, origin.row, path, _("This should be a record."))
                    continue
                link = nested.link or ("link_id" if nested.entity == "attribute" else "resource_id")
                self._read_record(
                    item,
                    nested.entity,
                    Origin(origin.file, origin.row, path),
                    parent=(entity, own_id, link, own_id is None),
                )
        return record

    def _read_object(
        self, key: str, value: Any, nested: Nested, flat: dict[str, Any], origin: Origin
    ) -> None:
        if value is None:
            return
        if not isinstance(value, dict):
            self.records.error(origin.file, origin.row, origin.at(key), _("This should be a record."))
            return
        inherit = {child: flat[mine] for child, mine in nested.inherit if flat.get(mine) is not None}
        child = self._read_record(
            value, nested.entity, Origin(origin.file, origin.row, origin.at(key)), inherited=inherit
        )
        child_id = canonical_id(child.data.get("id"))
        assert nested.link is not None
        stated = flat.get(nested.link)
        if child_id is None:
            return
        if stated is not None and canonical_id(stated) != child_id:
            self.records.warn(
                origin.file,
                origin.row,
                origin.at(nested.link),
                _("This id differs from the nested “%(key)s” record's; the nested record is used.")
                % {"key": key},
            )
        flat[nested.link] = child_id

    def _link_to_parent(
        self,
        entity: str,
        flat: dict[str, Any],
        origin: Origin,
        parent_entity: str,
        parent_id: str | None,
        link: str,
    ) -> None:
        if parent_id is None:
            return
        if entity == "attribute" or entity == "metadata":
            kind = "link_entity" if entity == "attribute" else "resource_type"
            if flat.get(link) is None:
                flat[link] = parent_id
            if flat.get(kind) is None:
                flat[kind] = parent_entity
            return
        stated = flat.get(link)
        if stated is not None and canonical_id(stated) != parent_id:
            self.records.warn(
                origin.file,
                origin.row,
                origin.at(link),
                _(
                    "This record is listed under %(entity)s %(id)s but names another; "
                    "it is linked to the one it is listed under."
                )
                % {"entity": parent_entity, "id": parent_id},
            )
        flat[link] = parent_id


class TableReader:
    """The HSDS tabular datapackage: CSV files, one per entity, named as in the HSDS schemas."""

    def __init__(self, name: str, files: dict[str, bytes], descriptor: bytes | None) -> None:
        self.name = name
        self.files = files
        self.descriptor = descriptor
        self.records = RecordSet(name)

    @classmethod
    def from_directory(cls, path: Path) -> TableReader:
        files = {
            p.name: p.read_bytes()
            for p in sorted(path.iterdir())
            if p.is_file() and p.suffix.lower() == ".csv"
        }
        descriptor = path / "datapackage.json"
        return cls(path.name, files, descriptor.read_bytes() if descriptor.is_file() else b"")

    @classmethod
    def from_zip(cls, name: str, raw: bytes) -> TableReader:
        reader = cls(name, {}, b"")
        try:
            archive = zipfile.ZipFile(io.BytesIO(raw))
            members = [
                m for m in archive.infolist() if not m.is_dir() and not m.filename.startswith("__MACOSX/")
            ]
            if len(members) > MAX_ARCHIVE_FILES or sum(m.file_size for m in members) > MAX_ARCHIVE_BYTES:
                reader.records.error(name, 0, "", _("This archive is too large to import."))
                return reader
            # The tables sit beside datapackage.json, wherever it is in the archive.
            package = sorted(
                (m for m in members if Path(m.filename).name == "datapackage.json"),
                key=lambda m: m.filename.count("/"),
            )
            folder = str(Path(package[0].filename).parent) if package else None
            reader.descriptor = archive.read(package[0]) if package else None
            for member in members:
                parent = str(Path(member.filename).parent)
                if Path(member.filename).suffix.lower() == ".csv" and (folder is None or parent == folder):
                    reader.files.setdefault(Path(member.filename).name, archive.read(member))
        except (
            zipfile.BadZipFile,
            zipfile.LargeZipFile,
            OSError,
            EOFError,
            RuntimeError,
            ValueError,
        ) as error:
            reader.records.error(
                name, 0, "", _("This is not a readable .zip archive (%(error)s).") % {"error": error}
            )
        return reader

    def read(self) -> RecordSet:
        self._read_descriptor()
        if not self.files and not self.records.errors:
            self.records.error(self.name, 0, "", _("No CSV files found."))
        for name, raw in sorted(self.files.items(), key=lambda item: _table_order(item[0])):
            spec = BY_CSV.get(name)
            if spec is None:
                message = (
                    _("Pontes does not import this HSDS table; it was skipped.")
                    if name in IGNORED_TABLES
                    else _("This is not an HSDS table; it was skipped.")
                )
                self.records.warn(name, 0, "", message)
                continue
            self._read_table(name, raw, spec)
        return self.records

    def _read_descriptor(self) -> None:
        if self.descriptor is None:
            self.records.warn(
                self.name,
                0,
                "datapackage.json",
                _("There is no datapackage.json; tables are recognised by their HSDS file names."),
            )
            return
        if not self.descriptor:
            return
        try:
            descriptor = _load_json(self.descriptor)
            resources = descriptor.get("resources") if isinstance(descriptor, dict) else None
            if not isinstance(resources, list):
                raise ValueError("no resources")
        except (ValueError, UnicodeDecodeError, RecursionError):
            self.records.warn(
                "datapackage.json",
                0,
                "",
                _("datapackage.json could not be read; tables are recognised by their HSDS file names."),
            )
            return
        for resource in resources:
            path = resource.get("path") if isinstance(resource, dict) else None
            if isinstance(path, str) and Path(path).name not in self.files:
                self.records.warn(
                    "datapackage.json", 0, "", _("The table %(path)s is listed but missing.") % {"path": path}
                )

    def _read_table(self, name: str, raw: bytes, spec: Spec) -> None:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            self.records.error(name, 0, "", _("This file is not UTF-8 text (%(error)s).") % {"error": error})
            return
        directory = str(schema_directory())
        properties = _schema(spec.name, directory)["properties"]
        try:
            rows = list(csv.reader(io.StringIO(text, newline="")))
        except csv.Error as error:
            self.records.error(name, 0, "", _("This file is not valid CSV (%(error)s).") % {"error": error})
            return
        if not rows:
            self.records.error(name, 1, "", _("This file is empty: the first row should name the columns."))
            return
        header = [cell.strip() for cell in rows[0]]
        seen: set[str] = set()
        for column in header:
            if not column:
                self.records.error(name, 1, "", _("A column has no name."))
            elif column in seen:
                self.records.error(name, 1, column, _("This column appears twice."))
            elif column not in properties and column not in spec.extensions:
                self.records.warn(name, 1, column, _("This column is not part of HSDS; it was skipped."))
            seen.add(column)
        schema = _schema(spec.name, directory)
        for column in [*schema.get("required", []), *schema.get("tabular_required", [])]:
            if column not in seen:
                self.records.error(
                    name, 1, column, _("The column “%(column)s” is missing.") % {"column": column}
                )
                self.records.missing_columns.add((name, column))
        # An empty cell is no value, except in a text column HSDS requires and Pontes may leave
        # blank, where it is the empty text (an address with no state or province, a change with no
        # previous value); an empty name or phone number stays missing, and is reported.
        empty_texts = {
            column
            for column in schema.get("required", [])
            if properties.get(column, {}).get("type") == "string"
            and column in spec.fields
            and getattr(spec.model._meta.get_field(spec.fields[column]), "blank", False)
        }
        for position, cells in enumerate(rows[1:]):
            row = position + 2
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) > len(header):
                self.records.error(name, row, "", _("This row has more cells than there are columns."))
                continue
            data: dict[str, Any] = {}
            for column, cell in zip(header, cells, strict=False):
                if not column or (column not in properties and column not in spec.extensions):
                    continue
                value = self._cell(cell.strip(), properties.get(column, {}), column, name, row)
                if value is None and column in empty_texts:
                    value = ""
                if value is not _SKIP:
                    data[column] = value
            self.records.add(Record(spec.name, data, Origin(name, row)), duplicates_are_errors=True)

    def _cell(self, cell: str, prop: dict[str, Any], column: str, file: str, row: int) -> Any:
        """A CSV cell typed as the schema (or our extension) says; empty cells are null."""
        if cell == "":
            return None
        kind = prop.get("type")
        if column in ("x_pontes_open_to_all", "x_pontes_no_documents_needed"):
            kind = "boolean"
        if column == "x_pontes_translations":
            try:
                return _load_json(cell.encode())
            except (ValueError, RecursionError):
                self.records.error(file, row, column, _('This should be JSON like {"fr": {"name": "…"}}.'))
                return _SKIP
        if column == "x_pontes_partners" or column.removeprefix("x_pontes_") in LIST_FIELDS.values():
            return [part for part in re.split(r"[,;\s]+", cell) if part]
        if kind in ("number", "integer"):
            try:
                number = Decimal(cell)
            except InvalidOperation:
                number = None
            if number is None or not number.is_finite():
                self.records.error(
                    file, row, column, _("“%(value)s” is not a number.") % {"value": _short(cell)}
                )
                return _SKIP
            return number
        if kind == "boolean":
            lowered = cell.lower()
            if lowered in ("true", "yes", "1", "y"):
                return True
            if lowered in ("false", "no", "0", "n"):
                return False
            self.records.error(
                file, row, column, _("“%(value)s” is not true or false.") % {"value": _short(cell)}
            )
            return _SKIP
        return cell


_SKIP = object()


def _table_order(name: str) -> int:
    names = [spec.csv for spec in ENTITIES.values()]
    return names.index(name) if name in names else len(names)


def read_source(source: Any) -> tuple[str, RecordSet]:
    """Pick the reader for a source and run it."""
    if isinstance(source, (list, dict)):
        return "data.json", JsonReader("data.json", source).read()
    if isinstance(source, (str, Path)):
        path = Path(source)
        if path.name == "datapackage.json" and path.is_file():
            path = path.parent
        if path.is_dir():
            return path.name, TableReader.from_directory(path).read()
        if not path.is_file():
            records = RecordSet(path.name)
            records.error(path.name, 0, "", _("There is no such file or directory."))
            return path.name, records
        return _read_bytes(path.name, path.read_bytes())
    if isinstance(source, (bytes, bytearray)):
        return _read_bytes("upload", bytes(source))
    if hasattr(source, "read"):
        name = Path(str(getattr(source, "name", "") or "upload")).name
        if hasattr(source, "seek"):
            source.seek(0)
        raw = source.read()
        return _read_bytes(name, raw if isinstance(raw, bytes) else str(raw).encode())
    raise TypeError(f"Cannot import from {type(source).__name__}")


def _read_bytes(name: str, raw: bytes) -> tuple[str, RecordSet]:
    if raw[:4] == b"PK\x03\x04" or name.lower().endswith(".zip"):
        return name, TableReader.from_zip(name, raw).read()
    if name.lower().endswith(".csv"):
        return name, TableReader(name, {name: raw}, b"").read()
    return name, JsonReader.from_bytes(name, raw).read()


# --- Checking -----------------------------------------------------------------------------


def schema_directory() -> Path:
    configured = getattr(settings, "PONTES_HSDS_SCHEMA_DIR", None)
    return Path(configured) if configured else Path(settings.BASE_DIR).parent / "shared" / "hsds" / "schema"


@cache
def _load_schemas(directory: str) -> dict[str, dict[str, Any]]:
    return {
        path.stem: json.loads(path.read_text(encoding="utf-8"))
        for path in sorted(Path(directory).glob("*.json"))
        if path.name != "openapi.json"
    }


def _schema(entity: str, directory: str) -> dict[str, Any]:
    return _load_schemas(directory).get(entity) or {"properties": {}}


@cache
def _load_validator(entity: str, directory: str) -> Any:
    from jsonschema import Draft202012Validator, FormatChecker
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    schemas = _load_schemas(directory)
    # The schemas refer to each other by file name ("$ref": "phone.json"): register them so.
    registry: Registry[Any] = Registry().with_resources(
        (f"{name}.json", Resource.from_contents(contents, default_specification=DRAFT202012))
        for name, contents in schemas.items()
    )
    schema = schemas.get(entity) or {"properties": {}}
    return Draft202012Validator(schema, registry=registry, format_checker=FormatChecker())


def _short(value: Any, limit: int = 60) -> str:
    text = value if isinstance(value, str) else json.dumps(value, default=str, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 1] + "…"


TYPE_WORDS: dict[str, Callable[[], str]] = {
    "string": lambda: _("text"),
    "number": lambda: _("a number"),
    "integer": lambda: _("a whole number"),
    "boolean": lambda: _("true or false"),
    "array": lambda: _("a list"),
    "object": lambda: _("a record"),
    "null": lambda: _("empty"),
}


def schema_problems(error: Any) -> list[tuple[str, str]]:
    """(field path, plain-language message) for one jsonschema error."""
    path = ".".join(str(part) if isinstance(part, str) else f"[{part}]" for part in error.absolute_path)
    path = path.replace(".[", "[")
    value = error.instance
    if error.validator == "required":
        missing = [name for name in error.validator_value if isinstance(value, dict) and name not in value]
        return [(f"{path}.{name}" if path else name, _("This field is required.")) for name in missing]
    if error.validator == "type":
        expected = (
            error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        )
        words = " / ".join(TYPE_WORDS.get(kind, lambda k=kind: str(k))() for kind in expected)
        return [
            (path, _("This should be %(type)s, not “%(value)s”.") % {"type": words, "value": _short(value)})
        ]
    if error.validator == "enum":
        choices = ", ".join(str(choice) for choice in error.validator_value)
        return [
            (
                path,
                _("“%(value)s” is not one of: %(choices)s.") % {"value": _short(value), "choices": choices},
            )
        ]
    if error.validator == "format":
        if error.validator_value == "uuid":
            message = _("“%(value)s” is not a UUID (like 3f7b145d-84af-42d7-8fae-eaca714b02b2).")
        elif error.validator_value in ("email", "idn-email"):
            message = _("“%(value)s” is not an email address.")
        else:
            message = _("“%(value)s” is not in the expected format.")
        return [(path, message % {"value": _short(value)})]
    return [(path, _("This value is not valid (%(detail)s).") % {"detail": error.message})]


class Problem(Exception):
    """A field that cannot be converted; carries the message for the report."""


def _text_problem(value: str) -> str | None:
    if "\x00" in value:
        return _("This text contains a null character.")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return _("This text contains characters that are not valid Unicode.")
    return None


def _decimal(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        raise Problem(_("“%(value)s” is not a number.") % {"value": _short(value)})
    number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    if not number.is_finite():
        raise Problem(_("“%(value)s” is not a number.") % {"value": _short(value)})
    return number


def _whole(value: Any) -> int:
    number = _decimal(value)
    if abs(number) > Decimal(10) ** 12:
        raise Problem(_("This number is far too large."))
    if number != number.to_integral_value():
        raise Problem(_("This should be a whole number, not %(value)s.") % {"value": _short(value)})
    return int(number)


def _quantized(value: Any, model_field: models.DecimalField[Any, Any]) -> Decimal:
    number = _decimal(value)
    places = model_field.decimal_places or 0
    digits = model_field.max_digits or 12
    if abs(number) >= Decimal(10) ** (digits - places):
        raise Problem(_("This number is too large."))
    # More decimals than stored are rounded, not refused (coordinates often carry more).
    return number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _date(value: str) -> datetime.date:
    try:
        parsed = parse_date(value.strip())
    except ValueError:
        parsed = None
    if parsed is None:
        raise Problem(_("“%(value)s” is not a date like 2026-01-31.") % {"value": _short(value)})
    return parsed


def _datetime(value: str) -> datetime.datetime:
    text = value.strip()
    try:
        parsed = parse_datetime(text)
        if parsed is None:
            day = parse_date(text)
            parsed = datetime.datetime.combine(day, datetime.time()) if day is not None else None
    except ValueError:
        parsed = None
    if parsed is None:
        raise Problem(
            _("“%(value)s” is not a date and time like 2026-01-31T09:30:00Z.") % {"value": _short(value)}
        )
    if timezone.is_naive(parsed):
        parsed = parsed.replace(tzinfo=datetime.UTC)
    try:
        return parsed.astimezone(datetime.UTC)
    except (OverflowError, ValueError) as error:
        raise Problem(_("This date is out of range.")) from error


def _time(value: str) -> datetime.time:
    try:
        parsed = parse_time(value.strip())
    except ValueError:
        parsed = None
    if parsed is None:
        raise Problem(_("“%(value)s” is not a time like 09:30.") % {"value": _short(value)})
    # Opening hours are local to the place; an offset adds nothing the database can keep.
    return parsed.replace(tzinfo=None)


def _language(value: str) -> str:
    code = normalise_language_code(value)
    try:
        validate_language_code(code)
    except ValidationError as error:
        raise Problem(" ".join(error.messages)) from error
    return code


def _country(value: str) -> str:
    code = value.strip().upper()
    country = pycountry.countries.get(alpha_2=code) if len(code) == 2 else None
    if country is None and len(code) == 3:
        country = pycountry.countries.get(alpha_3=code)
    if country is None:
        raise Problem(
            _("“%(value)s” is not an ISO 3166 country code (like ES or MA).") % {"value": _short(value)}
        )
    return str(country.alpha_2)


def _currency(value: str) -> str:
    code = value.strip().upper()
    if len(code) != 3 or pycountry.currencies.get(alpha_3=code) is None:
        raise Problem(
            _("“%(value)s” is not an ISO 4217 currency code (like EUR).") % {"value": _short(value)}
        )
    return code


def _as_text(value: Any, prop: Any) -> Any:
    """A number where HSDS wants free text (an identifier, a postcode) is taken as written."""
    if (
        isinstance(value, (int, Decimal))
        and not isinstance(value, bool)
        and isinstance(prop, dict)
        and prop.get("type") == "string"
        and "format" not in prop
        and "enum" not in prop
    ):
        return str(value)
    return value


def _boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise Problem(_("This should be true or false, not “%(value)s”.") % {"value": _short(value)})


def _folded(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).strip()


class Validator:
    """Checks a record set completely; afterwards `records` carry what the writer needs."""

    def __init__(self, records: RecordSet, *, territory: Territory) -> None:
        self.set = records
        self.territory = territory
        self.directory = str(schema_directory())
        self.errors: list[ImportError] = []
        self.warnings: list[ImportWarning] = []
        self.existing: dict[str, dict[str, Any]] = defaultdict(dict)  # entity -> id -> instance
        self.uses_vocabularies = False
        self.facets: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        self.facet_services: set[str] = set()

    # Reporting ---------------------------------------------------------------------------

    def error(self, record: Record, name: str, message: str) -> None:
        if name and (record.origin.file, name) in self.set.missing_columns:
            return  # already reported once for the whole column
        self.errors.append(
            ImportError(record.origin.file, record.origin.row, record.origin.at(name), message)
        )

    def warn(self, record: Record, name: str, message: str) -> None:
        self.warnings.append(
            ImportWarning(record.origin.file, record.origin.row, record.origin.at(name), message)
        )

    # The whole check ---------------------------------------------------------------------

    def run(self) -> None:
        if not schema_directory().is_dir():
            self.errors.append(
                ImportError(
                    "",
                    0,
                    "",
                    _("The HSDS schemas are not installed at %(path)s.") % {"path": schema_directory()},
                )
            )
            return
        for record in self.set.records:
            record.id = canonical_id(record.data.get("id"))
        self._load_existing()
        for record in self.set.records:
            self._check_record(record)
        self._mark_ours()
        for record in self.set.records:
            self._check_links(record)
        self._check_ownership()
        self._check_service_at_locations()
        self._collect_facets()
        self._place()

    # One record on its own ---------------------------------------------------------------

    def _check_record(self, record: Record) -> None:
        spec = record.spec
        data = record.data
        broken: set[str] = set()
        for name, value in data.items():
            if isinstance(value, str) and (problem := _text_problem(value)):
                self.error(record, name, problem)
                broken.add(name)
        properties = _schema(spec.name, self.directory).get("properties", {})
        for name in data:
            if name not in properties and name not in spec.extensions and not name.startswith("x_pontes_"):
                self.set.warn(
                    record.origin.file,
                    0,
                    name,
                    _("This field is not part of HSDS; it was skipped."),
                    once=("unknown", record.origin.file, spec.name, name),
                )
            elif name.startswith("x_pontes_") and name not in spec.extensions and name not in INFORMATIONAL:
                self.set.warn(
                    record.origin.file,
                    0,
                    name,
                    _("Pontes does not know this extension here; it was skipped."),
                    once=("extension", record.origin.file, spec.name, name),
                )
            elif (
                name in properties
                and name not in spec.fields
                and name not in spec.links
                and name != "id"
                and not isinstance(data.get(name), (list, dict))
            ):
                self.set.warn(
                    record.origin.file,
                    0,
                    name,
                    _("Pontes does not keep “%(field)s”; it was skipped.") % {"field": name},
                    once=("ignored", record.origin.file, spec.name, name),
                )
        for name, value in data.items():
            data[name] = _as_text(value, properties.get(name))
        instance = {
            name: value
            for name, value in data.items()
            if value is not None and name not in broken and not name.startswith("x_pontes_")
        }
        for schema_error in _load_validator(spec.name, self.directory).iter_errors(instance):
            for path, message in schema_problems(schema_error):
                self.error(record, path, message)
                broken.add(path.split(".")[0].split("[")[0])
        if "id" in broken:
            record.id, record.exists = None, False
        self._check_required(record, broken)
        values = self._typed_values(record, broken)
        self._check_model(record, values)
        record.values = values
        self._check_extensions(record, broken)

    def _check_required(self, record: Record, broken: set[str]) -> None:
        """Model fields that cannot be empty and that HSDS leaves optional (when creating, or emptied)."""
        needs = {
            "required_document": ("document",),
            "funding": ("source",),
            "attribute": ("link_id",),
            "metadata": ("resource_id", "resource_type"),
        }.get(record.entity, ())
        for name in needs:
            if name in broken or record.data.get(name) not in (None, ""):
                continue
            if name in record.data or not record.exists:
                self.error(record, name, _("This field is required."))
                broken.add(name)

    def _typed_values(self, record: Record, broken: set[str]) -> dict[str, Any]:
        spec = record.spec
        values: dict[str, Any] = {}
        model = spec.model
        for name, attr in spec.fields.items():
            if name not in record.data or name in broken:
                continue
            raw = record.data[name]
            model_field = model._meta.get_field(attr)
            try:
                values[attr] = self._typed(record, name, raw, model_field)
            except Problem as problem:
                self.error(record, name, str(problem))
        if record.entity == "language" and not values.get("code") and "code" not in broken:
            language_name = record.data.get("name")
            found = None
            if isinstance(language_name, str) and language_name.strip():
                try:
                    found = pycountry.languages.lookup(language_name.strip())
                except LookupError:
                    found = None
            code = getattr(found, "alpha_2", None) or getattr(found, "alpha_3", None)
            if code:
                values["code"] = code
            elif "code" in record.data or not record.exists:
                self.error(
                    record, "code", _("Give the ISO 639 code of the language (for example: fr, ar, wo).")
                )
        return values

    def _typed(self, record: Record, name: str, raw: Any, model_field: Any) -> Any:
        if raw is None:
            return None if model_field.null else ""
        entity = record.entity
        if isinstance(model_field, models.DecimalField):
            value = _quantized(raw, model_field)
            if name == "latitude" and not Decimal(-90) <= value <= Decimal(90):
                raise Problem(_("A latitude lies between -90 and 90; %(value)s does not.") % {"value": raw})
            if name == "longitude" and not Decimal(-180) <= value <= Decimal(180):
                raise Problem(
                    _("A longitude lies between -180 and 180; %(value)s does not.") % {"value": raw}
                )
            return value
        if isinstance(model_field, models.IntegerField):
            return _whole(raw)
        if isinstance(model_field, models.DateTimeField):
            return _datetime(raw)
        if isinstance(model_field, models.DateField):
            return _date(raw)
        if isinstance(model_field, models.TimeField):
            return _time(raw)
        if not isinstance(raw, str):
            raise Problem(_("This should be text, not “%(value)s”.") % {"value": _short(raw)})
        if raw == "":
            return raw
        limit = getattr(model_field, "max_length", None)
        if limit is not None and len(raw) > limit >= LONG_TEXT:
            # Prose in a column narrower than HSDS allows: keep what fits rather than refuse it.
            self.warn(
                record,
                name,
                _("This text is longer than %(limit)s characters; it was shortened.") % {"limit": limit},
            )
            raw = raw[: limit - 1].rstrip() + "…"
        if (entity, name) in (("language", "code"), ("taxonomy_term", "language")):
            return _language(raw)
        if entity == "address" and name == "country":
            return _country(raw)
        if entity == "cost_option" and name == "currency":
            return _currency(raw)
        if entity == "schedule" and name == "byday":
            try:
                return ",".join(parse_byday(raw))
            except ValueError as error:
                raise Problem(str(error)) from error
        if entity == "schedule" and name == "wkst":
            return raw.strip().upper()
        return raw

    def _check_model(self, record: Record, values: dict[str, Any]) -> None:
        """The model's own field checks (lengths, addresses, choices) and cross-field rules."""
        model = record.spec.model
        reverse = {attr: name for name, attr in record.spec.fields.items()}
        instance = model(**{k: v for k, v in values.items() if v is not None})
        exclude = [f.name for f in model._meta.fields if f.name not in values or values[f.name] is None]
        try:
            instance.clean_fields(exclude=exclude)
        except ValidationError as error:
            for attr, messages in error.message_dict.items():
                for message in messages:
                    self.error(record, reverse.get(attr, attr), message)
                values.pop(attr, None)
        if record.entity == "service":
            low, high = values.get("minimum_age"), values.get("maximum_age")
            if low is not None and high is not None and low > high:
                self.error(record, "maximum_age", _("The maximum age is below the minimum age."))
        if record.entity == "schedule":
            opens, closes = values.get("opens_at"), values.get("closes_at")
            if opens is not None and closes is not None and closes <= opens:
                self.error(record, "closes_at", _("The closing time must be after the opening time."))
        if record.entity in ("schedule", "cost_option"):
            start, end = values.get("valid_from"), values.get("valid_to")
            if start is not None and end is not None and end < start:
                self.error(record, "valid_to", _("This date is before the date it is valid from."))

    def _check_extensions(self, record: Record, broken: set[str]) -> None:
        spec = record.spec
        data = record.data
        for name in sorted(spec.extensions & set(data)):
            if name in broken:
                continue
            value = data[name]
            try:
                if name == "x_pontes_language":
                    record.values["original_language"] = (
                        _language(value) if isinstance(value, str) else _language("")
                    )
                elif name == "x_pontes_translations":
                    record.values["translations"] = self._translations(spec, value)
                elif name in ("x_pontes_open_to_all", "x_pontes_no_documents_needed"):
                    record.values[name.removeprefix("x_pontes_")] = _boolean(value)
                elif name == "x_pontes_legal_basis":
                    if value is not None and not isinstance(value, str):
                        raise Problem(_("This should be text, not “%(value)s”.") % {"value": _short(value)})
                    record.values["legal_basis"] = value or ""
                elif name == "x_pontes_kind":
                    if value not in Organisation.Kind.values:
                        raise Problem(
                            _("“%(value)s” is not one of: %(choices)s.")
                            % {"value": _short(value), "choices": ", ".join(Organisation.Kind.values)}
                        )
                    record.values["kind"] = value
                elif name == "x_pontes_territory":
                    record.values["territory"] = self._area_territory(record, value)
                elif name == "x_pontes_partners":
                    ids = (
                        [canonical_id(item) for item in (value or [])] if isinstance(value, list) else [None]
                    )
                    if None in ids:
                        raise Problem(_("This should be a list of organisation ids."))
                    record.links["x_pontes_partners"] = " ".join(cast(list[str], ids))
                else:
                    attr = name.removeprefix("x_pontes_")
                    vocabulary = next(v for v in vocabularies.ALL if LIST_FIELDS[v.key] == attr)
                    codes = value if isinstance(value, list) else None
                    if codes is None or any(not isinstance(c, str) for c in codes):
                        raise Problem(_("This should be a list of codes."))
                    unknown = [c for c in codes if c not in vocabulary.codes]
                    if unknown:
                        raise Problem(
                            _("Unknown values in %(list)s: %(values)s.")
                            % {"list": vocabulary.title, "values": ", ".join(map(_short, unknown))}
                        )
                    self.uses_vocabularies = True
                    if record.id is not None:
                        self.facets[record.id][vocabulary.key].update(codes)
                        self.facet_services.add(record.id)
            except Problem as problem:
                self.error(record, name, str(problem))

    def _area_territory(self, record: Record, value: Any) -> Territory | None:
        """The territory a service area covers, named by its slug (or `{"slug": …}` as exported)."""
        slug = value.get("slug") if isinstance(value, dict) else value
        if slug is None or slug == "":
            return None
        if not isinstance(slug, str):
            raise Problem(_("This should be the slug of a territory."))
        territory = Territory.objects.filter(slug=slug).first()
        if territory is None:
            self.warn(
                record,
                "x_pontes_territory",
                _("There is no territory “%(slug)s” here; the area keeps only its name.")
                % {"slug": _short(slug)},
            )
        return territory

    def _translations(self, spec: Spec, value: Any) -> dict[str, dict[str, str]]:
        if value is None:  # present but empty (an empty cell): no translations
            return {}
        if not isinstance(value, dict):
            raise Problem(_('This should be JSON like {"fr": {"name": "…"}}.'))
        allowed = set(getattr(spec.model, "translatable_fields", ()))
        cleaned: dict[str, dict[str, str]] = {}
        for code, texts in value.items():
            language = _language(code) if isinstance(code, str) else _language("")
            if not isinstance(texts, dict):
                raise Problem(_('This should be JSON like {"fr": {"name": "…"}}.'))
            for name, text in texts.items():
                if name not in allowed:
                    raise Problem(_("“%(field)s” cannot be translated.") % {"field": _short(name)})
                if not isinstance(text, str) or _text_problem(text):
                    raise Problem(_("Translations should be text."))
                if text.strip():
                    cleaned.setdefault(language, {})[name] = text.strip()
        return cleaned

    # Against the database and each other -------------------------------------------------

    def _ids(self, entity: str) -> set[str]:
        return {r.id for r in self.set.records if r.entity == entity and r.id is not None}

    def _referenced(self, entity: str) -> set[str]:
        wanted = set()
        for record in self.set.records:
            for name, link in record.spec.links.items():
                if link.target == entity and (target := canonical_id(record.data.get(name))):
                    wanted.add(target)
            partners = record.data.get("x_pontes_partners")
            if entity == "organization" and isinstance(partners, list):
                wanted.update(p for p in map(canonical_id, partners) if p)
        return wanted

    def _load_existing(self) -> None:
        for entity, spec in ENTITIES.items():
            ids = sorted(self._ids(entity) | self._referenced(entity))
            for start in range(0, len(ids), BATCH):
                chunk = ids[start : start + BATCH]
                if spec.model is Organisation:
                    for org in Organisation.objects.filter(uuid__in=chunk).select_related("territory"):
                        self.existing[entity][str(org.uuid)] = org
                    continue
                queryset = spec.model._default_manager.filter(pk__in=chunk)
                if entity in ("service", "location"):
                    queryset = queryset.select_related("territory")
                for row in queryset:
                    self.existing[entity][str(row.pk)] = row
        for record in self.set.records:
            record.exists = record.id is not None and record.id in self.existing[record.entity]

    def _mark_ours(self) -> None:
        """Pontes' own vocabularies travel as taxonomies and terms: recognise them."""
        for record in self.set.records:
            data = record.data
            if record.entity == "taxonomy" and (
                record.id in OUR_TAXONOMIES or str(data.get("name")) in OUR_TAXONOMY_NAMES
            ):
                record.ours = True
            if record.entity == "taxonomy_term":
                vocabulary = self._term_vocabulary(record)
                if vocabulary is not None:
                    record.ours = True
                    self.uses_vocabularies = True
                    if data.get("code") not in vocabulary.codes and record.id not in OUR_TERMS:
                        self.error(
                            record,
                            "code",
                            _("“%(value)s” is not a value of the Pontes list “%(list)s”.")
                            % {"value": _short(data.get("code")), "list": vocabulary.title},
                        )

    def _term_vocabulary(self, record: Record) -> vocabularies.Vocabulary | None:
        if record.id in OUR_TERMS:
            return OUR_TERMS[record.id][0]
        taxonomy_id = canonical_id(record.data.get("taxonomy_id"))
        if taxonomy_id in OUR_TAXONOMIES:
            return OUR_TAXONOMIES[taxonomy_id]
        name = record.data.get("taxonomy")
        return OUR_TAXONOMY_NAMES.get(name) if isinstance(name, str) else None

    def _our_term(self, term_id: str) -> tuple[vocabularies.Vocabulary, str] | None:
        if term_id in OUR_TERMS:
            return OUR_TERMS[term_id]
        record = self.set.by_id.get(("taxonomy_term", term_id))
        if record is not None and record.ours:
            vocabulary = self._term_vocabulary(record)
            code = record.data.get("code")
            if vocabulary is not None and code in vocabulary.codes:
                return vocabulary, str(code)
        return None

    def _resolves(self, entity: str, target: str) -> bool:
        if entity == "taxonomy_term" and self._our_term(target) is not None:
            return True
        if entity == "taxonomy" and target in OUR_TAXONOMIES:
            return True
        in_set = self.set.by_id.get((entity, target))
        return (in_set is not None and in_set.id is not None) or target in self.existing[entity]

    def _check_links(self, record: Record) -> None:
        spec = record.spec
        dangling: list[tuple[str, str]] = []
        resolved = 0
        for name, link in spec.links.items():
            if name not in record.data:
                if link.needed and not record.exists and not record.parent_broken and record.id is not None:
                    self.error(record, name, _("This field is required."))
                continue
            raw = record.data[name]
            if raw is None or raw == "":
                if link.needed and not record.parent_broken:
                    self.error(record, name, _("This field is required."))
                record.links[name] = None
                continue
            target = canonical_id(raw)
            if target is None:
                continue  # already reported by the schema check
            if self._resolves(link.target, target):
                record.links[name] = target
                resolved += 1
            else:
                dangling.append((name, target))
        for name, target in dangling:
            message = _("No %(entity)s with the id %(id)s, neither in the files nor in Pontes.") % {
                "entity": link_label(spec.links[name].target),
                "id": target,
            }
            if spec.links[name].needed or (spec.multi_parent and resolved == 0):
                self.error(record, name, message)
            else:
                self.warn(record, name, message + " " + _("This link was left out."))
        partners = record.links.get("x_pontes_partners")
        if partners is not None:
            kept = [p for p in partners.split() if self._resolves("organization", p)]
            if len(kept) != len(partners.split()):
                self.warn(record, "x_pontes_partners", _("Unknown partner organisations were left out."))
            record.links["x_pontes_partners"] = " ".join(kept)

    def _check_ownership(self) -> None:
        """Records already owned by a territory outside this one are not ours to change."""
        for record in self.set.records:
            if not record.exists or record.id is None:
                continue
            current = self.existing[record.entity][record.id]
            if record.entity in ("service", "location") and not self.territory.covers(current.territory):
                self.error(
                    record,
                    "id",
                    _("This record already belongs to %(territory)s, outside %(here)s; import it there.")
                    % {"territory": current.territory, "here": self.territory},
                )
            if record.entity == "organization":
                owner = current.territory
                if not self.territory.covers(owner) and not owner.covers(self.territory):
                    self.error(
                        record,
                        "id",
                        _("This organisation already belongs to %(territory)s, unrelated to %(here)s.")
                        % {"territory": owner, "here": self.territory},
                    )
                elif not self.territory.covers(owner):
                    self.warn(
                        record,
                        "id",
                        _("This organisation belongs to %(territory)s, above %(here)s; it was kept as it is.")
                        % {"territory": owner, "here": self.territory},
                    )
                    record.ours = True  # nothing to write
        for record in self.set.records:
            target = record.links.get("organization_id")
            if record.entity != "service" or target is None or target not in self.existing["organization"]:
                continue
            owner = self.existing["organization"][target].territory
            if not self.territory.covers(owner) and not owner.covers(self.territory):
                self.error(
                    record,
                    "organization_id",
                    _("This organisation belongs to %(territory)s, unrelated to %(here)s.")
                    % {"territory": owner, "here": self.territory},
                )

    def _check_service_at_locations(self) -> None:
        """A service is at a place once: one id per (service, location) pair."""
        pairs: dict[tuple[str, str], Record] = {}
        records = [r for r in self.set.records if r.entity == "service_at_location" and r.id is not None]
        for record in records:
            service = record.links.get("service_id") or self._current(record, "service_id")
            location = record.links.get("location_id") or self._current(record, "location_id")
            if service is None or location is None:
                continue
            first = pairs.setdefault((service, location), record)
            if first is not record:
                self.error(
                    record,
                    "location_id",
                    _("This service is already linked to this place by %(id)s (row %(row)s).")
                    % {"id": first.id, "row": first.origin.row},
                )
        keys = list(pairs)
        in_set = {r.id for r in records}
        for start in range(0, len(keys), BATCH):
            chunk = keys[start : start + BATCH]
            found = ServiceAtLocation.objects.filter(
                service_id__in={s for s, _l in chunk}, location_id__in={loc for _s, loc in chunk}
            ).values_list("id", "service_id", "location_id")
            for pk, service_id, location_id in found:
                match = pairs.get((str(service_id), str(location_id)))
                # Fine when that row is itself in the files (and so moves to another pair).
                if match is not None and match.id != str(pk) and str(pk) not in in_set:
                    self.error(
                        match,
                        "id",
                        _("This service is already linked to this place in Pontes under the id %(id)s.")
                        % {"id": pk},
                    )

    def _current(self, record: Record, name: str) -> str | None:
        instance = self.existing[record.entity].get(record.id or "")
        value = (
            getattr(instance, ENTITIES[record.entity].links[name].attr + "_id", None) if instance else None
        )
        return str(value) if value is not None else None

    def _collect_facets(self) -> None:
        for record in self.set.records:
            if record.entity != "attribute":
                continue
            term = record.links.get("taxonomy_term_id")
            ours = self._our_term(term) if term else None
            if ours is None:
                continue
            record.ours = True
            self.uses_vocabularies = True
            link = canonical_id(record.data.get("link_id"))
            if link is not None and self._resolves("service", link):
                vocabulary, code = ours
                self.facets[link][vocabulary.key].add(code)
                self.facet_services.add(link)
            else:
                self.warn(
                    record,
                    "link_id",
                    _("Pontes lists describe services only; this attribute was left out."),
                )
        if self.uses_vocabularies:
            self.facet_services |= self._ids("service")

    # Territories ---------------------------------------------------------------------------

    def _place(self) -> None:
        """The territory of each place and service: the given one, or one below it."""
        below = list(Territory.objects.get_descendants(self.territory))
        boxed = [t for t in below if None not in (t.bbox_south, t.bbox_west, t.bbox_north, t.bbox_east)]
        by_name: dict[str, Territory] = {}
        for candidate in sorted(below, key=lambda t: -t.depth):
            by_name.setdefault(_folded(candidate.name), candidate)
        cities: dict[str, list[str]] = defaultdict(list)
        for record in self.set.records:
            city = record.data.get("city")
            if record.entity == "address" and isinstance(city, str) and record.links.get("location_id"):
                cities[cast(str, record.links["location_id"])].append(city)
        for record in self.set.records:
            if record.entity != "location":
                continue
            chosen: Territory | None = None
            lat, lon = record.values.get("latitude"), record.values.get("longitude")
            if lat is not None and lon is not None:
                inside = [t for t in boxed if _in_box(t, lat, lon)]
                chosen = max(inside, key=lambda t: t.depth, default=None)
            if chosen is None:
                chosen = next(
                    (by_name[_folded(c)] for c in cities.get(record.id or "", []) if _folded(c) in by_name),
                    None,
                )
            record.territory = chosen or self._current_territory(record)
        located: dict[str, Territory] = {
            r.id: r.territory for r in self.set.records if r.entity == "location" and r.id and r.territory
        }
        for location_id, location in self.existing["location"].items():
            located.setdefault(location_id, location.territory)
        places: dict[str, set[int]] = defaultdict(set)
        territories: dict[int, Territory] = {}
        for record in self.set.records:
            if record.entity == "service_at_location":
                service, location = record.links.get("service_id"), record.links.get("location_id")
                if service and location and location in located:
                    place = located[location]
                    places[service].add(place.pk)
                    territories[place.pk] = place
        for record in self.set.records:
            if record.entity == "service":
                shared = places.get(record.id or "", set())
                single = territories[next(iter(shared))] if len(shared) == 1 else None
                if single is not None and self.territory.covers(single):
                    record.territory = single
                else:
                    record.territory = self._current_territory(record) if not shared else self.territory

    def _current_territory(self, record: Record) -> Territory:
        """Nothing in the files says where it is: an existing record stays where it was."""
        current = self.existing[record.entity].get(record.id or "")
        if current is not None and self.territory.covers(current.territory):
            return cast(Territory, current.territory)
        return self.territory


def _in_box(territory: Territory, lat: Decimal, lon: Decimal) -> bool:
    south, west, north, east = (
        Decimal(cast(Decimal, v))
        for v in (territory.bbox_south, territory.bbox_west, territory.bbox_north, territory.bbox_east)
    )
    inside_lon = west <= lon <= east if west <= east else (lon >= west or lon <= east)
    return south <= lat <= north and inside_lon


def link_label(entity: str) -> str:
    labels: dict[str, Callable[[], str]] = {
        "organization": lambda: _("organisation"),
        "program": lambda: _("programme"),
        "service": lambda: _("service"),
        "location": lambda: _("place"),
        "service_at_location": lambda: _("service at a place"),
        "contact": lambda: _("contact"),
        "phone": lambda: _("phone"),
        "taxonomy": lambda: _("taxonomy"),
        "taxonomy_term": lambda: _("taxonomy term"),
    }
    return labels.get(entity, lambda: entity)()


# --- Writing ------------------------------------------------------------------------------


class Writer:
    """Saves a checked record set. Runs inside the caller's transaction."""

    def __init__(self, checked: Validator) -> None:
        self.checked = checked
        self.territory = checked.territory
        self.created: dict[str, int] = defaultdict(int)
        self.updated: dict[str, int] = defaultdict(int)
        self.organisations: dict[str, Organisation] = {
            key: value for key, value in checked.existing["organization"].items()
        }
        self.services: set[str] = set()
        self.locations: set[str] = set()
        self.sal_ids: set[str] = set()
        self.phone_codes: dict[str, list[str]] | None = None
        self.default_language = (self.territory.effective_languages() or [settings.LANGUAGE_CODE])[0]

    def write(self) -> None:
        by_entity: dict[str, list[Record]] = defaultdict(list)
        for record in self.checked.set.records:
            if record.id is not None and not record.ours:
                by_entity[record.entity].append(record)
        for entity in ENTITIES:
            if entity == "organization":
                self._write_organisations(by_entity[entity])
            elif entity == "metadata" or entity == "attribute":
                self._write_plain(entity, by_entity[entity], self._generic_links)
            else:
                self._write_plain(entity, by_entity[entity], self._foreign_keys)
        self._second_pass(by_entity)
        self._write_facets()

    def _count(self, record: Record) -> None:
        plural = record.spec.plural
        if record.exists:
            self.updated[plural] += 1
        else:
            self.created[plural] += 1

    def _write_organisations(self, records: list[Record]) -> None:
        taken = set(
            Organisation.objects.filter(
                slug__in=[self._slug_base(r) for r in records if not r.exists]
            ).values_list("slug", flat=True)
        )
        for record in records:
            assert record.id is not None
            organisation = self.organisations.get(record.id)
            if organisation is None:
                organisation = Organisation(
                    uuid=uuid.UUID(record.id),
                    territory=self.territory,
                    original_language=self.default_language,
                )
                organisation.slug = self._unique_slug(record, taken)
            self._apply(organisation, record)
            organisation.save()
            self.organisations[record.id] = organisation
            self._count(record)

    def _slug_base(self, record: Record) -> str:
        name = record.values.get("name") or ""
        return (slugify(str(name)) or "organisation")[:80].strip("-") or "organisation"

    def _unique_slug(self, record: Record, taken: set[str]) -> str:
        base = self._slug_base(record)
        slug, number = base, 1
        while slug in taken or Organisation.objects.filter(slug=slug).exists():
            number += 1
            slug = f"{base}-{number}"
        taken.add(slug)
        return slug

    def _apply(self, instance: models.Model, record: Record) -> None:
        translations = record.values.get("translations")
        for attr, value in record.values.items():
            if attr == "translations":
                continue
            if value is None and not instance._meta.get_field(attr).null:
                value = ""
            setattr(instance, attr, value)
        if translations is not None:
            instance.translations = translations  # type: ignore[attr-defined]

    def _foreign_keys(self, instance: models.Model, record: Record) -> None:
        for name, link in record.spec.links.items():
            if name not in record.links or link.target == record.entity:
                continue  # absent links stay; links within the entity are set in the second pass
            target = record.links[name]
            if link.target == "organization":
                organisation = self.organisations.get(target) if target else None
                if target and organisation is None:
                    organisation = Organisation.objects.get(uuid=target)
                    self.organisations[target] = organisation
                setattr(instance, link.attr + "_id", organisation.pk if organisation else None)
            elif link.target == "taxonomy" and target in OUR_TAXONOMIES:
                setattr(instance, link.attr + "_id", None)
            else:
                setattr(instance, link.attr + "_id", target)

    def _generic_links(self, instance: models.Model, record: Record) -> None:
        if record.entity == "attribute":
            self._foreign_keys(instance, record)

    def _write_plain(
        self, entity: str, records: list[Record], link: Callable[[models.Model, Record], None]
    ) -> None:
        if not records:
            return
        spec = ENTITIES[entity]
        existing = self.checked.existing[entity]
        fresh: list[models.Model] = []
        for record in records:
            assert record.id is not None
            instance = existing.get(record.id) or spec.model(pk=uuid.UUID(record.id))
            if not record.exists and hasattr(instance, "original_language"):
                instance.original_language = self.default_language
            self._apply(instance, record)
            link(instance, record)
            if record.territory is not None:
                setattr(instance, "territory", record.territory)  # noqa: B010 — services and places only
            if entity == "phone":
                self._phone_languages(cast(Phone, instance), record)
            if record.exists:
                instance.save()
            else:
                fresh.append(instance)
            self._count(record)
            self._note(record)
        spec.model._default_manager.bulk_create(fresh, batch_size=BATCH)

    def _phone_languages(self, phone: Phone, record: Record) -> None:
        if self.phone_codes is None:
            self.phone_codes = defaultdict(list)
            for r in self.checked.set.records:
                if r.entity == "language" and r.links.get("phone_id") and r.values.get("code"):
                    self.phone_codes[cast(str, r.links["phone_id"])].append(r.values["code"])
        codes = self.phone_codes.get(record.id or "")
        if codes:
            phone.languages = list(dict.fromkeys(codes))

    def _note(self, record: Record) -> None:
        """Remember which services need their search rows rebuilt."""
        if record.entity == "service" and record.id:
            self.services.add(record.id)
        elif record.entity == "location" and record.id:
            self.locations.add(record.id)
        for name in ("service_id", "location_id"):
            target = record.links.get(name)
            if target:
                (self.services if name == "service_id" else self.locations).add(target)
        if record.entity in ("schedule", "contact", "phone", "service_area") and record.links.get(
            "service_at_location_id"
        ):
            self.sal_ids.add(cast(str, record.links["service_at_location_id"]))

    def _second_pass(self, by_entity: dict[str, list[Record]]) -> None:
        """Links between records of the same entity, now that all of them exist."""
        for record in by_entity["organization"]:
            if "parent_organization_id" in record.links and record.id:
                target = record.links["parent_organization_id"]
                organisation = self.organisations[record.id]
                parent = self.organisations.get(target) if target else None
                if target and parent is None:
                    parent = Organisation.objects.get(uuid=target)
                organisation.parent = parent if parent is None or parent.pk != organisation.pk else None
                organisation.save(update_fields=["parent", "updated_at"])
        for record in by_entity["taxonomy_term"]:
            if "parent_id" in record.links and record.id:
                term = record.links["parent_id"]
                keep = bool(term) and term != record.id and self.checked._our_term(term or "") is None
                parent_term = term if keep else None
                TaxonomyTerm.objects.filter(pk=record.id).update(parent_id=parent_term)
        for record in by_entity["service"]:
            partners = record.links.get("x_pontes_partners")
            if partners is not None and record.id:
                service = Service.objects.get(pk=record.id)
                service.partners.set(Organisation.objects.filter(uuid__in=partners.split()))

    def _write_facets(self) -> None:
        if not self.checked.uses_vocabularies:
            return
        for service_id in sorted(self.checked.facet_services):
            found = self.checked.facets.get(service_id, {})
            values = {
                LIST_FIELDS[v.key]: [code for code in v.codes if code in found.get(v.key, set())]
                for v in vocabularies.ALL
            }
            Service.objects.filter(pk=service_id).update(**values)
            self.services.add(service_id)

    def services_to_reindex(self) -> list[str]:
        ids = set(self.services)
        ids |= {
            str(s)
            for s in ServiceAtLocation.objects.filter(pk__in=list(self.sal_ids)).values_list(
                "service_id", flat=True
            )
        }
        locations = list(self.locations)
        for start in range(0, len(locations), BATCH):
            ids |= {
                str(s)
                for s in ServiceAtLocation.objects.filter(
                    location_id__in=locations[start : start + BATCH]
                ).values_list("service_id", flat=True)
            }
        return sorted(ids)


# --- The use case -------------------------------------------------------------------------


def import_hsds(
    *, actor: User | None, territory: Territory, source: Any, dry_run: bool = False
) -> ImportReport:
    """Import an HSDS set into `territory`: everything or, when anything is wrong, nothing."""
    if actor is not None:
        require(actor, "directory.exchange", territory)
    name, records = read_source(source)
    report = ImportReport(source=name, dry_run=dry_run)
    report.errors.extend(records.errors)
    checked = Validator(records, territory=territory)
    if not any(e.row == 0 and e.file == name and not e.field for e in records.errors):
        checked.run()
    report.errors.extend(checked.errors)
    report.warnings.extend(records.warnings)
    report.warnings.extend(checked.warnings)
    if report.errors:
        return report
    writer = Writer(checked)
    try:
        with transaction.atomic():
            writer.write()
            report.created = dict(writer.created)
            report.updated = dict(writer.updated)
            if dry_run:
                transaction.set_rollback(True)
            else:
                ids = writer.services_to_reindex()
                for start in range(0, len(ids), BATCH):
                    index.reindex_services(index.service_queryset().filter(pk__in=ids[start : start + BATCH]))
                _record_audit(actor, territory, report)
    except (DatabaseError, ValidationError) as error:
        report.created, report.updated = {}, {}
        report.errors.append(
            ImportError(
                name,
                0,
                "",
                _("Nothing was saved: the database refused the data (%(error)s).") % {"error": error},
            )
        )
    return report


def _record_audit(actor: User | None, territory: Territory, report: ImportReport) -> None:
    changes: dict[str, list[Any]] = {"hsds_import": [None, report.source]}
    for plural, created, updated in report.counts():
        if created:
            changes[f"{plural}_created"] = [None, created]
        if updated:
            changes[f"{plural}_updated"] = [None, updated]
    audit.record(
        actor=actor,
        action=AuditEntry.Action.UPDATE if report.updated else AuditEntry.Action.CREATE,
        target=territory,
        territory=territory,
        changes=changes,
    )
