"""Every write of the elections app: one function per use case, each in a transaction, audited in
core's trail and in the election's own hash-chained event log."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pontes.core import audit
from pontes.core.languages import base_language, normalise_language_code, validate_language_code
from pontes.core.models import AuditEntry, User
from pontes.core.permissions import require
from pontes.participation.models import ConsultativeBody, SeatGroup

from .models import Ballot, Candidate, Complaint, Election, ElectionEvent, RegisterEntry, VotingCode
from .registers import parse_register

S = Election.Status
RULES = ("resident", "no_municipal_vote", "regular_status")
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread
CODE_LENGTH = 12
TITLE_MAX = 200


def _actor_name(actor: Any) -> str:
    return actor.get_username() if actor is not None and actor.is_authenticated else "system"


def append_event(
    election: Election, kind: str, actor: Any = None, detail: dict[str, Any] | None = None
) -> ElectionEvent:
    """Adds an event to the chain. Locks the election row so that the chain stays a line."""
    with transaction.atomic():
        Election.objects.select_for_update().filter(pk=election.pk).first()
        last = ElectionEvent.objects.filter(election=election).order_by("-seq").first()
        event = ElectionEvent(
            election=election,
            seq=(last.seq + 1) if last else 1,
            kind=kind,
            actor=_actor_name(actor),
            detail=detail or {},
            at=timezone.now(),
            previous_hash=last.hash if last else "0" * 64,
        )
        event.hash = event.compute_hash()
        event.save()
    return event


def _audit(actor: Any, action: str, election: Election, changes: dict[str, Any] | None = None) -> None:
    audit.record(
        actor=actor, action=action, target=election, territory=election.body.territory, changes=changes
    )


def _require_status(election: Election, *allowed: str) -> None:
    if election.status not in allowed:
        raise ValidationError(
            {
                "status": _("Not possible while the election is “%(status)s”.")
                % {"status": election.get_status_display()}
            }
        )


# --- Configuration -----------------------------------------------------------------------------


@transaction.atomic
def create_election(
    *,
    actor: User | None,
    body: ConsultativeBody,
    title: str,
    seat_groups: Iterable[SeatGroup],
    method: str,
    voting_opens: datetime.datetime,
    voting_closes: datetime.datetime,
    min_age: int | None = 18,
    require_residence: bool = True,
    require_no_municipal_vote: bool = True,
    require_regular_status: bool = False,
    complaints_open: datetime.date | None = None,
    complaints_close: datetime.date | None = None,
    original_language: str | None = None,
    translations: Mapping[str, Mapping[str, str]] | None = None,
) -> Election:
    """A draft election. The title is written in `original_language` (by default the first
    language of the body's territory) and may come with its translations, by language."""
    if actor is not None:
        require(actor, "elections.manage_elections", body.territory)
    groups = list(seat_groups)
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = _("Give the election a title.")
    language = normalise_language_code(original_language or _default_language(body))
    try:
        validate_language_code(language)
    except ValidationError as error:
        errors["original_language"] = " ".join(error.messages)
    if not groups:
        errors["seat_groups"] = _("Choose at least one seat group.")
    elif any(g.body_id != body.pk or g.kind != SeatGroup.Kind.ELECTED for g in groups):
        errors["seat_groups"] = _("Only elected seat groups of this body can be filled by an election.")
    if method not in Election.Method.values:
        errors["method"] = _("Choose a voting method.")
    if voting_closes <= voting_opens:
        errors["voting_closes"] = _("Voting must close after it opens.")
    if complaints_open and complaints_close and complaints_close < complaints_open:
        errors["complaints_close"] = _("The complaints window must close after it opens.")
    if complaints_close and complaints_close > voting_opens.date():
        errors["complaints_close"] = _("Complaints must be settled before voting opens.")
    if errors:
        raise ValidationError(errors)
    election = Election(
        body=body,
        title=title.strip(),
        original_language=language,
        method=method,
        voting_opens=voting_opens,
        voting_closes=voting_closes,
        min_age=min_age,
        require_residence=require_residence,
        require_no_municipal_vote=require_no_municipal_vote,
        require_regular_status=require_regular_status,
        complaints_open=complaints_open,
        complaints_close=complaints_close,
    )
    _set_title_translations(election, translations or {})
    election.save()
    election.seat_groups.set(groups)
    _audit(actor, AuditEntry.Action.CREATE, election, audit.snapshot(election))
    append_event(
        election,
        "created",
        actor,
        {"title": election.title, "language": election.original_language, "method": method},
    )
    return election


def _default_language(body: ConsultativeBody) -> str:
    languages = body.territory.effective_languages()
    return languages[0] if languages else settings.LANGUAGE_CODE


def _set_title_translations(election: Election, translations: Mapping[str, Mapping[str, str]]) -> None:
    """Only the title is translatable; the original title is never blanked from here."""
    for language, texts in translations.items():
        code = normalise_language_code(language)
        text = str(texts.get("title") or "")
        if base_language(code) == base_language(election.original_language):
            continue
        if len(text.strip()) > TITLE_MAX:
            raise ValidationError(
                {
                    f"title__{language}": _("At most 200 characters (it has %(count)s).")
                    % {"count": len(text.strip())}
                }
            )
        election.set_translation(code, "title", text)


@transaction.atomic
def translate_title(
    *, actor: User, election: Election, translations: Mapping[str, Mapping[str, str]]
) -> Election:
    """Staff change the title's translations at any stage: it changes nothing about voting. An
    empty text removes a translation; the original title stays as written."""
    require(actor, "elections.manage_elections", election)
    before = dict(election.translations or {})
    _set_title_translations(election, translations)
    if election.translations == before:
        return election
    election.save(update_fields=["translations"])
    _audit(actor, AuditEntry.Action.UPDATE, election, {"translations": [before, election.translations]})
    titles = {
        code: texts["title"] for code, texts in sorted(election.translations.items()) if "title" in texts
    }
    append_event(election, "title_translated", actor, {"translations": titles})
    return election


@transaction.atomic
def add_candidate(
    *, actor: User | None, election: Election, seat_group: SeatGroup, name: str, list_name: str = ""
) -> Candidate:
    if actor is not None:
        require(actor, "elections.manage_elections", election)
    _require_status(election, S.DRAFT, S.REGISTER_OPEN, S.REGISTER_FROZEN)
    if not election.seat_groups.filter(pk=seat_group.pk).exists():
        raise ValidationError({"seat_group": _("This election does not fill that seat group.")})
    if not name.strip():
        raise ValidationError({"name": _("Give the candidate's name.")})
    if election.method == Election.Method.DHONDT and not list_name.strip():
        raise ValidationError({"list_name": _("In a list vote every candidate stands on a list.")})
    candidate = Candidate.objects.create(
        election=election,
        seat_group=seat_group,
        name=name.strip(),
        list_name=list_name.strip(),
        order=election.candidates.filter(seat_group=seat_group).count(),
    )
    _audit(actor, AuditEntry.Action.UPDATE, election, {"candidate": [None, str(candidate)]})
    append_event(election, "candidate_added", actor, {"seat_group": seat_group.name, "name": str(candidate)})
    return candidate


@transaction.atomic
def open_register(*, actor: User | None, election: Election) -> None:
    if actor is not None:
        require(actor, "elections.manage_elections", election)
    _require_status(election, S.DRAFT)
    election.status = S.REGISTER_OPEN
    election.save(update_fields=["status"])
    _audit(actor, AuditEntry.Action.UPDATE, election, {"status": [S.DRAFT, S.REGISTER_OPEN]})
    append_event(election, "register_opened", actor)


# --- Eligibility register ----------------------------------------------------------------------


def _age_on(birth: datetime.date, day: datetime.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def eligibility_problems(
    election: Election, birth_date: datetime.date, checks: dict[str, bool]
) -> dict[str, str]:
    """The rules of the election a person fails, keyed by field."""
    problems: dict[str, str] = {}
    if election.min_age is not None and _age_on(birth_date, election.voting_opens.date()) < election.min_age:
        problems["birth_date"] = _("Voters must be at least %(age)s years old on the day voting opens.") % {
            "age": election.min_age
        }
    required = {
        "resident": election.require_residence,
        "no_municipal_vote": election.require_no_municipal_vote,
        "regular_status": election.require_regular_status,
    }
    messages = {
        "resident": _("Voters must reside in the territory."),
        "no_municipal_vote": _("People entitled to vote in municipal elections vote there, not here."),
        "regular_status": _("The law of this place requires a regular residence status."),
    }
    for rule, needed in required.items():
        if needed and not checks.get(rule, False):
            problems[rule] = messages[rule]
    return problems


def document_key(document: str) -> str:
    normal = "".join(ch for ch in document.upper() if ch.isalnum())
    return hmac.new(_key("document"), normal.encode(), hashlib.sha256).hexdigest()


def _check_register_open(election: Election) -> None:
    if election.register_locked:
        raise ValidationError({"register": _("The register is frozen and can no longer change.")})
    _require_status(election, S.DRAFT, S.REGISTER_OPEN)


@dataclass(frozen=True)
class EntryData:
    """What a register entry holds, as staff enter it."""

    seat_group: SeatGroup
    name: str
    birth_date: datetime.date
    address: str
    document: str
    checks: Mapping[str, bool]


def _entry_problems(
    election: Election, data: EntryData, *, excluding: RegisterEntry | None = None
) -> dict[str, str]:
    """Everything wrong with an entry, keyed by field: the same checks for a manual entry and for
    one added or corrected after a complaint."""
    problems: dict[str, str] = {}
    if not election.seat_groups.filter(pk=data.seat_group.pk).exists():
        problems["seat_group"] = _("This election does not fill that seat group.")
    for field in ("name", "address", "document"):
        if not getattr(data, field).strip():
            problems[field] = _("Fill in this field.")
    problems.update(eligibility_problems(election, data.birth_date, dict(data.checks)))
    others = election.register.filter(document_key=document_key(data.document))
    if excluding is not None:
        others = others.exclude(pk=excluding.pk)
    if data.document.strip() and others.exists():
        problems["document"] = _("Someone with this document is on the register already.")
    return problems


def _entry_values(data: EntryData) -> dict[str, Any]:
    return {
        "seat_group": data.seat_group,
        "name": data.name.strip(),
        "birth_date": data.birth_date,
        "address": data.address.strip(),
        "document": data.document.strip(),
        "document_key": document_key(data.document),
        "checks": {rule: bool(data.checks.get(rule, False)) for rule in RULES},
    }


@transaction.atomic
def add_register_entry(
    *,
    actor: User | None,
    election: Election,
    seat_group: SeatGroup,
    name: str,
    birth_date: datetime.date,
    address: str,
    document: str,
    checks: dict[str, bool],
) -> RegisterEntry:
    if actor is not None:
        require(actor, "elections.manage_elections", election)
    _check_register_open(election)
    data = EntryData(seat_group, name, birth_date, address, document, checks)
    problems = _entry_problems(election, data)
    if problems:
        raise ValidationError(problems)
    entry = RegisterEntry.objects.create(election=election, **_entry_values(data))
    _audit(actor, AuditEntry.Action.UPDATE, election, {"register": [None, "entry added"]})
    append_event(election, "register_entry_added", actor, {"seat_group": seat_group.name})
    return entry


@transaction.atomic
def import_register(*, actor: User | None, election: Election, data: bytes) -> int:
    """Adds every voter of a CSV file, or none: the refusal lists each problem by row and column."""
    if actor is not None:
        require(actor, "elections.manage_elections", election)
    _check_register_open(election)
    groups = {g.name: g for g in election.seat_groups.all()}
    rows, errors = parse_register(data, groups)
    from .registers import RowError

    registered = set(election.register.exclude(document_key=None).values_list("document_key", flat=True))
    for row in rows:
        for field, message in eligibility_problems(election, row.birth_date, row.checks).items():
            errors.append(RowError(row.line, field, message))
        if document_key(row.document) in registered:
            errors.append(
                RowError(row.line, "document", _("Someone with this document is on the register already."))
            )
    if errors:
        raise ValidationError({"file": [str(e) for e in sorted(errors, key=lambda e: (e.row, e.column))]})
    RegisterEntry.objects.bulk_create(
        RegisterEntry(
            election=election,
            seat_group=groups[row.seat_group],
            name=row.name,
            birth_date=row.birth_date,
            address=row.address,
            document=row.document,
            document_key=document_key(row.document),
            checks={rule: bool(row.checks.get(rule, False)) for rule in RULES},
        )
        for row in rows
    )
    _audit(actor, AuditEntry.Action.UPDATE, election, {"register": [None, f"{len(rows)} entries imported"]})
    append_event(election, "register_imported", actor, {"entries": len(rows)})
    return len(rows)


def complaints_window_open(election: Election) -> bool:
    today = timezone.localdate()
    return (
        election.complaints_open is not None
        and election.complaints_close is not None
        and election.complaints_open <= today <= election.complaints_close
    )


def hash_reference(reference: str) -> str:
    return hmac.new(
        _key("complaint-reference"), normalise_code(reference).encode(), hashlib.sha256
    ).hexdigest()


@transaction.atomic
def record_complaint(
    *, actor: User | None, election: Election, name: str, request: str, kind: str = Complaint.Kind.ADD
) -> tuple[Complaint, str]:
    """Records a request; returns it with the follow-up reference, which exists in clear only now."""
    if actor is not None:
        require(actor, "elections.manage_elections", election)
    _check_register_open(election)
    if not complaints_window_open(election):
        raise ValidationError(
            {"request": _("Complaints are taken only while the complaints window is open.")}
        )
    errors: dict[str, str] = {}
    if kind not in Complaint.Kind.values:
        errors["kind"] = _("Say whether the person asks to be added or to have their entry corrected.")
    if not request.strip():
        errors["request"] = _("Say what the person asks.")
    if errors:
        raise ValidationError(errors)
    reference = _new_code()[:9]  # two groups of four: easy to copy down, hard to guess
    complaint = Complaint.objects.create(
        election=election,
        kind=kind,
        name=name.strip(),
        request=request.strip(),
        reference_hash=hash_reference(reference),
    )
    append_event(election, "complaint_received", actor, {"complaint": complaint.pk, "kind": kind})
    return complaint, reference


def complaint_by_reference(election: Election, reference: str) -> Complaint | None:
    if not normalise_code(reference):
        return None
    return Complaint.objects.filter(election=election, reference_hash=hash_reference(reference)).first()


@transaction.atomic
def decide_complaint(
    *,
    actor: User | None,
    complaint: Complaint,
    accepted: bool,
    reason: str,
    entry: EntryData | None = None,
    corrects: RegisterEntry | None = None,
) -> RegisterEntry | None:
    """Decides a complaint. Accepting it adds the entry (or corrects `corrects`) in the same
    transaction, with the checks of a manual entry; a refusal anywhere changes nothing.
    Returns the entry added or corrected."""
    election = (
        Election.objects.select_for_update().select_related("body__territory").get(pk=complaint.election_id)
    )
    if actor is not None:
        require(actor, "elections.manage_elections", election)
    _check_register_open(election)
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if complaint.decision != Complaint.Decision.PENDING:
        raise ValidationError({"decision": _("This complaint is decided already.")})
    changed: RegisterEntry | None = None
    if not accepted:
        if not reason.strip():
            raise ValidationError(
                {"reason": _("Give the reason for the rejection: the person reads it when they follow up.")}
            )
    else:
        if not complaints_window_open(election):
            raise ValidationError(
                {
                    "decision": _(
                        "The register can change after a complaint only while the complaints window is open."
                    )
                }
            )
        if entry is None:
            raise ValidationError({"name": _("Fill in the register entry to accept the complaint.")})
        if complaint.kind == Complaint.Kind.CORRECT:
            if corrects is None or corrects.election_id != election.pk or corrects.anonymised:
                raise ValidationError({"corrects": _("Choose the entry to correct.")})
            changed = _correct_entry(actor, election, complaint, corrects, entry)
        else:
            changed = _add_entry_after_complaint(actor, election, complaint, entry)
    complaint.decision = Complaint.Decision.ACCEPTED if accepted else Complaint.Decision.REJECTED
    complaint.reason = reason.strip()
    complaint.decided_on = timezone.localdate()
    complaint.entry = changed
    complaint.save(update_fields=["decision", "reason", "decided_on", "entry"])
    _audit(
        actor,
        AuditEntry.Action.UPDATE,
        election,
        {"complaint": [Complaint.Decision.PENDING, complaint.decision]},
    )
    append_event(
        election, "complaint_decided", actor, {"complaint": complaint.pk, "decision": complaint.decision}
    )
    return changed


def _add_entry_after_complaint(
    actor: User | None, election: Election, complaint: Complaint, data: EntryData
) -> RegisterEntry:
    problems = _entry_problems(election, data)
    if problems:
        raise ValidationError(problems)
    added = RegisterEntry.objects.create(election=election, **_entry_values(data))
    _audit(actor, AuditEntry.Action.UPDATE, election, {"register": [None, "entry added after a complaint"]})
    append_event(
        election,
        "register_entry_added",
        actor,
        {"seat_group": data.seat_group.name, "complaint": complaint.pk},
    )
    return added


def _correct_entry(
    actor: User | None, election: Election, complaint: Complaint, entry: RegisterEntry, data: EntryData
) -> RegisterEntry:
    entry = RegisterEntry.objects.select_for_update().get(pk=entry.pk)
    problems = _entry_problems(election, data, excluding=entry)
    if problems:
        raise ValidationError(problems)
    values = _entry_values(data)
    # Only the names of the fields that changed go to the logs, never their values.
    fields = [
        field for field, value in values.items() if field != "document_key" and getattr(entry, field) != value
    ]
    for field, value in values.items():
        setattr(entry, field, value)
    entry.save()
    _audit(
        actor, AuditEntry.Action.UPDATE, election, {"register": ["entry", f"corrected: {', '.join(fields)}"]}
    )
    append_event(
        election,
        "register_entry_corrected",
        actor,
        {"seat_group": data.seat_group.name, "complaint": complaint.pk, "fields": fields},
    )
    return entry


@transaction.atomic
def freeze_register(*, actor: User | None, election: Election) -> None:
    if actor is not None:
        require(actor, "elections.manage_elections", election)
    _require_status(election, S.REGISTER_OPEN)
    if election.complaints.filter(decision=Complaint.Decision.PENDING).exists():
        raise ValidationError({"register": _("Decide every complaint before freezing the register.")})
    if not election.register.exists():
        raise ValidationError({"register": _("The register is empty.")})
    election.status = S.REGISTER_FROZEN
    election.save(update_fields=["status"])
    _audit(actor, AuditEntry.Action.UPDATE, election, {"status": [S.REGISTER_OPEN, S.REGISTER_FROZEN]})
    append_event(election, "register_frozen", actor, {"entries": election.register.count()})


# --- Voting ------------------------------------------------------------------------------------


def _key(purpose: str) -> bytes:
    return hashlib.sha256(f"pontes.elections.{purpose}:{settings.SECRET_KEY}".encode()).digest()


def normalise_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def hash_code(code: str) -> str:
    return hmac.new(_key("voting-code"), normalise_code(code).encode(), hashlib.sha256).hexdigest()


def _new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


@transaction.atomic
def open_voting(*, actor: User | None, election: Election) -> list[tuple[RegisterEntry, str]]:
    """Opens the vote and makes one code per voter. The codes are returned once, never stored."""
    if actor is not None:
        require(actor, "elections.manage_elections", election)
    _require_status(election, S.REGISTER_FROZEN)
    if not election.candidates.exists():
        raise ValidationError({"candidates": _("Add the candidates before voting opens.")})
    sheet: list[tuple[RegisterEntry, str]] = []
    codes: list[VotingCode] = []
    for entry in election.register.select_related("seat_group"):
        code = _new_code()
        sheet.append((entry, code))
        codes.append(VotingCode(election=election, entry=entry, code_hash=hash_code(code)))
    VotingCode.objects.bulk_create(codes)
    election.status = S.VOTING
    election.save(update_fields=["status"])
    _audit(actor, AuditEntry.Action.UPDATE, election, {"status": [S.REGISTER_FROZEN, S.VOTING]})
    append_event(election, "voting_opened", actor, {"codes": len(codes)})
    return sheet


class Refused(Exception):
    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


def _check_voting_time(election: Election) -> None:
    now = timezone.now()
    if election.status != S.VOTING or now >= election.voting_closes:
        if election.status in (S.CLOSED, S.PUBLISHED) or now >= election.voting_closes:
            raise Refused("closed", _("Voting has closed. No more votes are accepted."))
        raise Refused("not_open", _("Voting has not opened yet."))
    if now < election.voting_opens:
        raise Refused("not_open", _("Voting has not opened yet."))


def _ballot(election: Election, seat_group: SeatGroup, choices: Sequence[str]) -> Ballot:
    """Checks what was chosen against the candidates of the group."""
    candidates = list(election.candidates.filter(seat_group=seat_group))
    if election.method == Election.Method.DHONDT:
        lists = {c.list_name for c in candidates}
        chosen = [c for c in choices if c]
        if len(chosen) > 1:
            raise Refused("invalid", _("Choose one list only."))
        if chosen and chosen[0] not in lists:
            raise Refused("invalid", _("That list does not stand in this election."))
        return Ballot(election=election, seat_group=seat_group, list_name=chosen[0] if chosen else "")
    ids = {str(c.pk) for c in candidates}
    marked = list(dict.fromkeys(str(c) for c in choices if c))
    if any(c not in ids for c in marked):
        raise Refused("invalid", _("That candidate does not stand in this election."))
    if len(marked) > seat_group.seats:
        raise Refused(
            "invalid",
            ngettext(
                "Mark at most %(seats)s candidate.", "Mark at most %(seats)s candidates.", seat_group.seats
            )
            % {"seats": seat_group.seats},
        )
    return Ballot(election=election, seat_group=seat_group, candidates=sorted(marked, key=int))


def _log_refusal(election: Election, reason: str, actor: Any = None) -> None:
    # Never the code: only that a refusal happened, and why.
    append_event(election, "vote_refused", actor, {"reason": reason})


type Choices = Sequence[str] | Mapping[int, Sequence[str]]


def _for_group(choices: Choices, group: SeatGroup) -> Sequence[str]:
    """The marks for the voter's own group; marks on other groups' ballots are ignored."""
    if isinstance(choices, Mapping):
        return list(choices.get(group.pk, []))
    return choices


def cast_ballot(*, election: Election, code: str, choices: Choices) -> None:
    """A voter's own vote with their code. Refusals raise ValidationError and are logged.

    Votes go to the election's own log only, never to core's audit trail, whose entries name a
    target and would tie a moment to a voter."""
    try:
        with transaction.atomic():
            _check_voting_time(election)
            voting_code = (
                VotingCode.objects.filter(election=election, code_hash=hash_code(code))
                .select_related("entry__seat_group")
                .first()
            )
            if voting_code is None:
                raise Refused(
                    "unknown_code", _("This code is not valid for this election. Check it and try again.")
                )
            group = voting_code.entry.seat_group
            ballot = _ballot(election, group, _for_group(choices, group))
            # Spending the code and storing the ballot succeed or fail together; the WHERE keeps two
            # simultaneous submissions from both passing.
            spent = VotingCode.objects.filter(pk=voting_code.pk, spent=False).update(spent=True)
            if spent != 1:
                raise Refused("spent_code", _("This code has been used already. Each code votes once."))
            RegisterEntry.objects.filter(pk=voting_code.entry_id).update(has_voted=True)
            ballot.save(force_insert=True)
            append_event(election, "ballot_cast", None, {"channel": "code"})
    except Refused as refusal:
        _log_refusal(election, refusal.reason)
        raise ValidationError(
            {"choices" if refusal.reason == "invalid" else "code": refusal.message}
        ) from None


def record_station_vote(
    *, actor: User | None, election: Election, entry: RegisterEntry, choices: Choices
) -> None:
    """Staff at a polling station mark the voter as having voted and enter the paper ballot."""
    if actor is not None:
        require(actor, "elections.record_votes", election)
    try:
        with transaction.atomic():
            _check_voting_time(election)
            if entry.election_id != election.pk:
                raise Refused("unknown_voter", _("This person is not on the register of this election."))
            ballot = _ballot(election, entry.seat_group, _for_group(choices, entry.seat_group))
            marked = RegisterEntry.objects.filter(pk=entry.pk, has_voted=False).update(has_voted=True)
            if marked != 1:
                raise Refused("already_voted", _("This person has voted already."))
            VotingCode.objects.filter(entry=entry).update(spent=True)
            ballot.save(force_insert=True)
            append_event(election, "ballot_cast", actor, {"channel": "polling_station"})
    except Refused as refusal:
        _log_refusal(election, refusal.reason, actor)
        raise ValidationError({"entry": refusal.message}) from None


@transaction.atomic
def close_election(*, actor: User | None, election: Election) -> None:
    if actor is not None:
        require(actor, "elections.manage_elections", election)
    _require_status(election, S.VOTING)
    election.status = S.CLOSED
    election.closed_at = timezone.now()
    election.save(update_fields=["status", "closed_at"])
    _audit(actor, AuditEntry.Action.UPDATE, election, {"status": [S.VOTING, S.CLOSED]})
    append_event(election, "voting_closed", actor, {"ballots": election.ballots.count()})


@transaction.atomic
def publish_results(*, actor: User | None, election: Election) -> None:
    from .selectors import results

    if actor is not None:
        require(actor, "elections.manage_elections", election)
    _require_status(election, S.CLOSED)
    election.status = S.PUBLISHED
    election.save(update_fields=["status"])
    totals = {r.seat_group.name: r.totals for r in results(election)}
    _audit(actor, AuditEntry.Action.UPDATE, election, {"status": [S.CLOSED, S.PUBLISHED]})
    append_event(election, "results_published", actor, {"totals": totals})


# --- Retention ---------------------------------------------------------------------------------


def retention_days() -> int:
    return int(getattr(settings, "PONTES_ELECTION_RETENTION_DAYS", 180))


@transaction.atomic
def purge_register(*, actor: User | None, election: Election) -> int:
    """Removes the personal data of the register and of complaints (reasons may name people too);
    keeps who-voted counts."""
    count = election.register.filter(anonymised=False).update(
        name=None, birth_date=None, address=None, document=None, document_key=None, anonymised=True
    )
    election.complaints.update(name=None, request=None, reason="")
    election.register_purged_at = timezone.now()
    election.save(update_fields=["register_purged_at"])
    _audit(actor, AuditEntry.Action.UPDATE, election, {"register": ["personal data", "removed"]})
    append_event(election, "register_purged", actor, {"entries": count})
    return count


def purge_due_registers(*, now: datetime.datetime | None = None) -> list[Election]:
    """Purges every register whose election closed more than the retention period ago."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=retention_days())
    due = list(
        Election.objects.filter(closed_at__lte=cutoff, register_purged_at__isnull=True).select_related(
            "body__territory"
        )
    )
    for election in due:
        purge_register(actor=None, election=election)
    return due
