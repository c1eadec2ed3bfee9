"""Every write of the diaspora app: one function per use case, each in a transaction, audited."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from pontes.core import audit
from pontes.core import services as core_services
from pontes.core.languages import validate_language_code
from pontes.core.models import AuditEntry, Organisation, Role, Territory, User
from pontes.core.permissions import require

from . import esco, selectors, vocabularies
from .models import (
    BudgetLine,
    Consent,
    EscoConcept,
    Membership,
    Opportunity,
    OrganisationNeed,
    OrganisationProfile,
    Person,
    PersonRead,
    Proposal,
    ProposalEvent,
    Skill,
)

ORGANISATION_KINDS = (
    Organisation.Kind.MIGRANT_ASSOCIATION,
    Organisation.Kind.UMBRELLA,
    Organisation.Kind.FEDERATION,
    Organisation.Kind.INFORMAL_GROUP,
)


def _user(actor: Any) -> User | None:
    return actor if actor is not None and actor.is_authenticated else None


def _codes(values: Iterable[str], allowed: Iterable[str], field: str) -> list[str]:
    allowed_set = set(allowed)
    chosen = list(dict.fromkeys(values))
    unknown = [v for v in chosen if v not in allowed_set]
    if unknown:
        raise ValidationError({field: _("Unknown codes: %(codes)s.") % {"codes": ", ".join(unknown)}})
    return chosen


def _languages(codes: Iterable[str], field: str = "languages") -> list[str]:
    clean = []
    for code in codes:
        try:
            validate_language_code(code)
        except ValidationError:
            raise ValidationError(
                {field: _("“%(code)s” is not an ISO 639 language code.") % {"code": code}}
            ) from None
        if code not in clean:
            clean.append(code)
    return clean


# --- Organisations ------------------------------------------------------------------------------


@transaction.atomic
def register_organisation(
    *,
    actor: User,
    name: str,
    kind: str,
    base: Territory,
    origins: Iterable[Territory] = (),
    focus_areas: Iterable[str] = (),
    languages: Iterable[str] = (),
    description: str = "",
    original_language: str = "en",
    website: str = "",
    email: str = "",
    phone: str = "",
    legally_registered: bool = False,
    wants_registration_help: bool = False,
    contact_name: str = "",
    contact_email: str = "",
    contact_phone: str = "",
    public_fields: Iterable[str] = (),
    not_a_duplicate: bool = False,
) -> OrganisationProfile:
    """An organisation registers itself; it waits for staff to verify it. The person who registers
    it may edit it from then on. A name close to one already based in the same place is refused
    until the person confirms it is another organisation."""
    if not actor.is_authenticated:
        raise PermissionDenied
    if kind not in ORGANISATION_KINDS:
        raise ValidationError({"kind": _("Choose the kind of organisation.")})
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": _("Give the organisation's name.")})
    if not not_a_duplicate:
        similar = selectors.similar_organisations(name, base)
        if similar:
            raise ValidationError(
                {
                    "name": _(
                        "%(names)s is already registered in this place. If yours is another "
                        "organisation, confirm it below."
                    )
                    % {"names": ", ".join(f"“{o.name}”" for o in similar[:3])}
                },
                code="duplicate",
            )
    organisation = core_services.create_organisation(
        actor=None,
        territory=base,
        name=name,
        slug=_free_slug(name),
        kind=kind,
        description=description,
        original_language=original_language,
        website=website,
        email=email,
        phone=phone,
        legal_status=_("registered") if legally_registered else _("not registered"),
    )
    profile = OrganisationProfile(
        organisation=organisation,
        focus_areas=_codes(focus_areas, vocabularies.FocusArea.values, "focus_areas"),
        languages=_languages(languages),
        legally_registered=legally_registered,
        wants_registration_help=wants_registration_help and not legally_registered,
        contact_name=contact_name.strip() or None,
        contact_email=contact_email.strip() or None,
        contact_phone=contact_phone.strip() or None,
        public_fields=_codes(public_fields, [c for c, _l in _public_choices()], "public_fields"),
        registered_by=actor,
    )
    profile.full_clean(exclude=["organisation"])
    profile.save()
    profile.origins.set(list(origins))
    core_services.grant_role(actor=None, user=actor, role=Role.PROVIDER_EDITOR, organisation=organisation)
    audit.record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        target=profile,
        territory=base,
        changes={"organisation": [None, organisation.name], "status": [None, profile.status]},
    )
    return profile


def _public_choices() -> list[tuple[str, Any]]:
    from .models import PUBLIC_FIELD_CHOICES

    return list(PUBLIC_FIELD_CHOICES)


def _free_slug(name: str) -> str:
    base = slugify(name)[:80] or "organisation"
    slug, n = base, 2
    while Organisation.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def review_organisation(*, actor: User, profile: OrganisationProfile, verified: bool, note: str = "") -> None:
    """Staff of the organisation's base confirm it exists as it says (the public sees a badge), or
    say why not."""
    require(actor, "diaspora.verify_organisation", profile.organisation.territory)
    profile = OrganisationProfile.objects.select_for_update().get(pk=profile.pk)
    if not verified and not note.strip():
        raise ValidationError({"review_note": _("Say why the organisation is not verified.")})
    before = profile.status
    profile.status = OrganisationProfile.Status.VERIFIED if verified else OrganisationProfile.Status.REJECTED
    profile.review_note = note.strip()
    profile.reviewed_by, profile.reviewed_at = actor, timezone.now()
    profile.save(update_fields=["status", "review_note", "reviewed_by", "reviewed_at"])
    audit.record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        target=profile,
        territory=profile.organisation.territory,
        changes={"status": [before, profile.status], "review_note": [None, profile.review_note]},
    )


@transaction.atomic
def set_umbrellas(*, actor: User, organisation: Organisation, umbrellas: Iterable[Organisation]) -> None:
    """The umbrellas and federations an organisation belongs to. An organisation cannot belong,
    even through others, to one of its own members."""
    require(actor, "diaspora.edit_organisation", organisation)
    chosen = list(dict.fromkeys(umbrellas))
    below = selectors.all_members(organisation)
    for umbrella in chosen:
        if umbrella.pk == organisation.pk or umbrella.pk in below:
            raise ValidationError(
                {
                    "umbrellas": _("%(name)s is a member of this organisation already.")
                    % {"name": umbrella.name}
                }
            )
        if umbrella.kind not in (Organisation.Kind.UMBRELLA, Organisation.Kind.FEDERATION):
            raise ValidationError(
                {
                    "umbrellas": _("%(name)s is not an umbrella association or a federation.")
                    % {"name": umbrella.name}
                }
            )
    before = sorted(organisation.memberships.values_list("umbrella__name", flat=True))
    organisation.memberships.exclude(umbrella__in=chosen).delete()
    for umbrella in chosen:
        Membership.objects.get_or_create(member=organisation, umbrella=umbrella)
    after = sorted(u.name for u in chosen)
    if before != after:
        audit.record(
            actor=actor,
            action=AuditEntry.Action.UPDATE,
            target=organisation,
            territory=organisation.territory,
            changes={"umbrellas": [before, after]},
        )


@transaction.atomic
def set_capacity_needs(*, actor: User, organisation: Organisation, needs: dict[str, str]) -> None:
    """What the organisation lacks (code -> details); the ones left out are no longer needed."""
    require(actor, "diaspora.edit_organisation", organisation)
    codes = _codes(needs, vocabularies.CapacityNeed.values, "needs")
    before = sorted(organisation.capacity_needs.values_list("need", flat=True))
    organisation.capacity_needs.exclude(need__in=codes).delete()
    for code in codes:
        OrganisationNeed.objects.update_or_create(
            organisation=organisation, need=code, defaults={"details": needs[code].strip()}
        )
    if before != sorted(codes):
        audit.record(
            actor=actor,
            action=AuditEntry.Action.UPDATE,
            target=organisation,
            territory=organisation.territory,
            changes={"capacity_needs": [before, sorted(codes)]},
        )


# --- People --------------------------------------------------------------------------------------


def consent_wording(use: str) -> str:
    """The sentence a person agrees to for a use; stored with the consent as it was shown."""
    label = vocabularies.ConsentUse(use).label
    return _(
        "I agree that staff of the places I named may see my record and contact me for: %(use)s. "
        "I can withdraw this at any time."
    ) % {"use": label}


def _skills(person: Person, skills: Iterable[dict[str, Any]]) -> None:
    rows = []
    for position, item in enumerate(skills, start=1):
        isco = str(item.get("isco") or "").strip()
        label = " ".join(str(item.get("label") or "").split())
        if isco and not vocabularies.is_isco(isco):
            raise ValidationError(
                {
                    "skills": _("Skill %(n)s: “%(code)s” is not an ISCO-08 occupation code.")
                    % {"n": position, "code": isco}
                }
            )
        if not label:
            label = vocabularies.isco_label(isco) if isco else ""
        if not label:
            raise ValidationError(
                {"skills": _("Skill %(n)s: name the skill or choose an occupation.") % {"n": position}}
            )
        years = item.get("years")
        esco_uri = str(item.get("esco_uri") or "")
        if not isco and not esco_uri:
            # Words naming an ESCO occupation or skill take its address (and an occupation its
            # ISCO-08 code, which matching uses); other words stay as written.
            found = esco.find(label)
            if found:
                esco_uri, isco = found
        rows.append(
            Skill(
                person=person,
                isco=isco,
                esco_uri=esco_uri,
                label=label[:200],
                years=int(years) if years not in (None, "") else None,
            )
        )
    person.skills.all().delete()
    Skill.objects.bulk_create(rows)


@transaction.atomic
def register_person(
    *,
    user: User,
    name: str,
    attachment: str,
    residence_country: str,
    territories: Iterable[Territory],
    consents: Iterable[str],
    skills: Iterable[dict[str, Any]] = (),
    languages: Iterable[str] = (),
    email: str = "",
    phone: str = "",
    residence_city: str = "",
    education_level: str = "",
    availability: str = vocabularies.Availability.LATER,
    about: str = "",
    notify_matches: bool = False,
) -> Person:
    """A person joins the skills inventory, with at least one explicit consent."""
    if not user.is_authenticated:
        raise PermissionDenied
    if Person.objects.filter(user=user).exists():
        raise ValidationError(_("You are registered already: change your record instead."))
    uses = _codes(consents, vocabularies.ConsentUse.values, "consents")
    if not uses:
        raise ValidationError(
            {"consents": _("Choose at least one use you agree to; without one, nobody can see your record.")}
        )
    places = list(territories)
    if not places:
        raise ValidationError({"territories": _("Name at least one place you are attached to.")})
    person = Person(user=user)
    _fill_person(
        person,
        name=name,
        attachment=attachment,
        residence_country=residence_country,
        languages=languages,
        email=email,
        phone=phone,
        residence_city=residence_city,
        education_level=education_level,
        availability=availability,
        about=about,
        notify_matches=notify_matches,
    )
    person.save()
    person.territories.set(places)
    _skills(person, skills)
    for use in uses:
        Consent.objects.create(person=person, use=use, wording=consent_wording(use))
    audit.record(
        actor=user,
        action=AuditEntry.Action.CREATE,
        target=person,
        territory=None,
        changes={"consents": [None, uses]},
    )
    return person


def _fill_person(person: Person, **values: Any) -> None:
    import pycountry

    country = str(values["residence_country"]).strip().upper()
    if pycountry.countries.get(alpha_2=country) is None:
        raise ValidationError({"residence_country": _("Choose the country you live in.")})
    if values["attachment"] not in vocabularies.Attachment.values:
        raise ValidationError({"attachment": _("Say how you relate to the places you name.")})
    person.name = " ".join(str(values["name"]).split())
    if not person.name:
        raise ValidationError({"name": _("Give your name.")})
    person.attachment = values["attachment"]
    person.residence_country = country
    person.residence_city = str(values["residence_city"]).strip() or None
    person.languages = _languages(values["languages"])
    person.email = str(values["email"]).strip() or None
    person.phone = str(values["phone"]).strip() or None
    person.education_level = values["education_level"] or ""
    person.availability = values["availability"]
    person.about = str(values["about"]).strip() or None
    person.notify_matches = bool(values["notify_matches"])
    person.full_clean(exclude=["user", "territories"])


@transaction.atomic
def update_person(
    *,
    user: User,
    person: Person,
    territories: Iterable[Territory],
    skills: Iterable[dict[str, Any]],
    **values: Any,
) -> Person:
    """People correct their own record; nobody else changes it."""
    if person.user_id != user.pk:
        raise PermissionDenied
    person = Person.objects.select_for_update().get(pk=person.pk)
    _fill_person(person, **values)
    person.save()
    places = list(territories)
    if not places:
        raise ValidationError({"territories": _("Name at least one place you are attached to.")})
    person.territories.set(places)
    _skills(person, skills)
    audit.record(actor=user, action=AuditEntry.Action.UPDATE, target=person, territory=None, changes={})
    return person


@transaction.atomic
def set_consents(*, user: User, person: Person, uses: Iterable[str]) -> None:
    """Gives the uses chosen and withdraws the others at once: a withdrawn use takes the person out
    of matching for it immediately. Past consents stay recorded."""
    if person.user_id != user.pk:
        raise PermissionDenied
    wanted = set(_codes(uses, vocabularies.ConsentUse.values, "consents"))
    now = timezone.now()
    standing = {c.use: c for c in person.consents.select_for_update().filter(withdrawn_at__isnull=True)}
    for use, consent in standing.items():
        if use not in wanted:
            consent.withdrawn_at = now
            consent.save(update_fields=["withdrawn_at"])
    for use in wanted - set(standing):
        try:
            with transaction.atomic():
                Consent.objects.create(person=person, use=use, wording=consent_wording(use))
        except IntegrityError:
            pass  # given meanwhile in another request: one standing consent per use
    audit.record(
        actor=user,
        action=AuditEntry.Action.UPDATE,
        target=person,
        territory=None,
        changes={"consents": [sorted(standing), sorted(wanted)]},
    )


@transaction.atomic
def delete_person(*, user: User, person: Person) -> None:
    """People delete their record; it is gone, with its skills and consents (the audit trail keeps
    that it existed, not what it said)."""
    if person.user_id != user.pk:
        raise PermissionDenied
    audit.record(actor=user, action=AuditEntry.Action.DELETE, target=person, territory=None, changes={})
    person.delete()


def record_reads(
    *, reader: User, people: Iterable[Person], territory: Territory | None, purpose: str
) -> None:
    """Every staff read of a person's record is kept: who, when, from where (one insert for a
    whole list of matches)."""
    PersonRead.objects.bulk_create(
        [
            PersonRead(person=person, reader=reader, territory=territory, purpose=purpose[:200])
            for person in people
        ]
    )


# --- Opportunities -------------------------------------------------------------------------------

OPPORTUNITY_FIELDS = [
    "kind",
    "title",
    "description",
    "sector",
    "priority",
    "skills",
    "languages",
    "remote_ok",
    "deadline",
    "original_language",
    "translations",
]


@transaction.atomic
def save_opportunity(
    *,
    actor: User,
    territory: Territory,
    opportunity: Opportunity,
    translations: dict[str, dict[str, str]] | None = None,
) -> Opportunity:
    require(actor, "diaspora.manage_opportunities", territory)
    if opportunity.pk and opportunity.territory_id != territory.pk:
        raise PermissionDenied
    before = (
        audit.snapshot(Opportunity.objects.get(pk=opportunity.pk), OPPORTUNITY_FIELDS)
        if opportunity.pk
        else {}
    )
    opportunity.territory = territory
    opportunity.skills = [str(c).strip() for c in opportunity.skills if str(c).strip()]
    bad = [c for c in opportunity.skills if not vocabularies.is_isco(c)]
    if bad:
        raise ValidationError(
            {"skills": _("Not ISCO-08 occupation codes: %(codes)s.") % {"codes": ", ".join(bad)}}
        )
    opportunity.languages = _languages(opportunity.languages)
    if opportunity.deadline and not opportunity.pk and opportunity.deadline < timezone.localdate():
        raise ValidationError({"deadline": _("The deadline has passed already.")})
    for language, texts in (translations or {}).items():
        for field, text in texts.items():
            opportunity.set_translation(language, field, text)
    if opportunity.created_by_id is None:
        opportunity.created_by = actor
    opportunity.full_clean()
    opportunity.save()
    changes = audit.diff(before, audit.snapshot(opportunity, OPPORTUNITY_FIELDS))
    audit.record(
        actor=actor,
        action=AuditEntry.Action.UPDATE if before else AuditEntry.Action.CREATE,
        target=opportunity,
        territory=territory,
        changes=changes,
    )
    return opportunity


@transaction.atomic
def set_opportunity_status(*, actor: User, opportunity: Opportunity, status: str) -> Opportunity:
    require(actor, "diaspora.manage_opportunities", opportunity.territory)
    if status not in Opportunity.Status.values:
        raise ValidationError({"status": _("Unknown status.")})
    before = opportunity.status
    opportunity.status = status
    if status == Opportunity.Status.PUBLISHED and opportunity.published_at is None:
        opportunity.published_at = timezone.now()
    opportunity.save(update_fields=["status", "published_at"])
    audit.record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        target=opportunity,
        territory=opportunity.territory,
        changes={"status": [before, status]},
    )
    if status == Opportunity.Status.PUBLISHED and before != status:
        transaction.on_commit(lambda: notify_new_matches(opportunity))
    return opportunity


NOTIFY_LIMIT = 200


def notify_new_matches(opportunity: Opportunity) -> int:
    """Emails the people who asked for it and match a newly published opportunity (only those
    whose consent covers its kind: matching never returns anyone else). Returns how many."""
    from django.conf import settings
    from django.core.mail import send_mail
    from django.urls import reverse
    from django.utils import translation

    from . import matching

    sent = 0
    for match in matching.rank_people(opportunity, limit=NOTIFY_LIMIT):
        person = match.candidate
        if not person.notify_matches or not person.email:
            continue
        with translation.override(person.languages[0] if person.languages else settings.LANGUAGE_CODE):
            title = opportunity.tr("title").text
            path = reverse("diaspora:opportunity", kwargs={"pk": opportunity.pk})
            reasons = "\n".join(f"- {reason.text}" for reason in match.reasons)
            send_mail(
                _("A new opportunity matches your skills: %(title)s") % {"title": title},
                _(
                    "%(title)s\n\nWhy it matches you:\n%(reasons)s\n\nSee it at %(path)s\n\n"
                    "You receive this because you asked to be told of matching opportunities; you can "
                    "stop it on your skills record."
                )
                % {"title": title, "reasons": reasons, "path": path},
                settings.DEFAULT_FROM_EMAIL,
                [person.email],
            )
        sent += 1
    return sent


# --- Proposals -----------------------------------------------------------------------------------

# Which stage may follow which: the pipeline moves forward, or ends declined before it is done.
NEXT_STAGES: dict[str, tuple[str, ...]] = {
    Proposal.Status.SUBMITTED: (Proposal.Status.UNDER_REVIEW, Proposal.Status.DECLINED),
    Proposal.Status.UNDER_REVIEW: (Proposal.Status.SUPPORTED, Proposal.Status.DECLINED),
    Proposal.Status.SUPPORTED: (Proposal.Status.IN_PROGRESS, Proposal.Status.DECLINED),
    Proposal.Status.IN_PROGRESS: (Proposal.Status.COMPLETED,),
    Proposal.Status.COMPLETED: (),
    Proposal.Status.DECLINED: (),
}


@transaction.atomic
def submit_proposal(
    *,
    actor: User,
    territory: Territory,
    title: str,
    problem: str,
    plan: str,
    budget: Iterable[tuple[str, Decimal]],
    organisation: Organisation | None = None,
    partners_sought: str = "",
    cofunding: Decimal | None = None,
    currency: str = "EUR",
    original_language: str = "en",
) -> Proposal:
    """Anyone with an account proposes a project for a place; for an organisation, only its
    editors may."""
    if not actor.is_authenticated:
        raise PermissionDenied
    if organisation is not None:
        require(actor, "diaspora.edit_organisation", organisation)
    lines = [(" ".join(label.split()), amount) for label, amount in budget if label.strip()]
    for number, (_label, amount) in enumerate(lines, start=1):
        if amount is None or amount <= 0:
            raise ValidationError(
                {"budget": _("Budget line %(n)s: give an amount above zero.") % {"n": number}}
            )
    proposal = Proposal(
        territory=territory,
        organisation=organisation,
        submitted_by=actor,
        title=" ".join(title.split()),
        problem=problem.strip(),
        plan=plan.strip(),
        partners_sought=partners_sought.strip(),
        cofunding=cofunding,
        currency=currency.upper(),
        original_language=original_language,
    )
    proposal.full_clean()
    proposal.save()
    BudgetLine.objects.bulk_create(
        [
            BudgetLine(proposal=proposal, label=label, amount=amount, order=n)
            for n, (label, amount) in enumerate(lines)
        ]
    )
    ProposalEvent.objects.create(
        proposal=proposal, kind=ProposalEvent.Kind.STATUS, status=Proposal.Status.SUBMITTED, author=actor
    )
    audit.record(actor=actor, action=AuditEntry.Action.CREATE, target=proposal, territory=territory)
    return proposal


@transaction.atomic
def move_proposal(*, actor: User, proposal: Proposal, status: str, reason: str = "") -> Proposal:
    """Staff move a proposal along its pipeline; declining needs reasons, which are public."""
    require(actor, "diaspora.review_proposals", proposal.territory)
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if status not in NEXT_STAGES.get(proposal.status, ()):
        raise ValidationError(
            {
                "status": _("A proposal %(current)s cannot become %(next)s.")
                % {"current": proposal.get_status_display(), "next": Proposal.Status(status).label}
            }
        )
    if status == Proposal.Status.DECLINED and not reason.strip():
        raise ValidationError({"reason": _("Say why the proposal is declined: the reasons are public.")})
    before = proposal.status
    proposal.status = status
    proposal.decline_reason = (
        reason.strip() if status == Proposal.Status.DECLINED else proposal.decline_reason
    )
    proposal.save(update_fields=["status", "decline_reason", "updated_at"])
    ProposalEvent.objects.create(
        proposal=proposal, kind=ProposalEvent.Kind.STATUS, status=status, text=reason.strip(), author=actor
    )
    audit.record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        target=proposal,
        territory=proposal.territory,
        changes={"status": [before, status]},
    )
    return proposal


@transaction.atomic
def add_proposal_event(
    *, actor: User, proposal: Proposal, kind: str, text: str, public: bool = True
) -> ProposalEvent:
    """A staff comment or offer of support, or a progress update by staff or the proposers."""
    if kind not in (ProposalEvent.Kind.COMMENT, ProposalEvent.Kind.SUPPORT, ProposalEvent.Kind.PROGRESS):
        raise ValidationError({"kind": _("Unknown kind of update.")})
    is_staff = actor.is_authenticated and selectors.may_review(actor, proposal)
    is_proposer = actor.is_authenticated and proposal.submitted_by_id == actor.pk
    if kind == ProposalEvent.Kind.PROGRESS:
        if not (is_staff or is_proposer):
            raise PermissionDenied
    elif not is_staff:
        raise PermissionDenied
    if not text.strip():
        raise ValidationError({"text": _("Write the update.")})
    event = ProposalEvent.objects.create(
        proposal=proposal, kind=kind, text=text.strip(), public=public, author=actor
    )
    audit.record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        target=event,
        territory=proposal.territory,
        changes={"kind": [None, kind]},
    )
    return event


PROFILE_FIELDS = [
    "focus_areas",
    "languages",
    "legally_registered",
    "wants_registration_help",
    "contact_name",
    "contact_email",
    "contact_phone",
    "public_fields",
]


@transaction.atomic
def update_organisation_profile(
    *,
    actor: User,
    profile: OrganisationProfile,
    origins: Iterable[Territory],
    focus_areas: Iterable[str],
    languages: Iterable[str],
    legally_registered: bool,
    wants_registration_help: bool,
    contact_name: str,
    contact_email: str,
    contact_phone: str,
    public_fields: Iterable[str],
    description: str,
    website: str,
    email: str,
    phone: str,
    translations: dict[str, dict[str, str]] | None = None,
) -> OrganisationProfile:
    """The organisation's own editors keep its profile up to date; its name, kind and base stay as
    verified (changing them is a new registration), though the name may be given in other
    languages and scripts."""
    organisation = profile.organisation
    require(actor, "diaspora.edit_organisation", organisation)
    core_services.update_organisation(
        actor=actor,
        organisation=organisation,
        translations=translations,
        description=description,
        website=website,
        email=email,
        phone=phone,
        legal_status=_("registered") if legally_registered else _("not registered"),
    )
    profile = OrganisationProfile.objects.select_for_update().get(pk=profile.pk)
    before = audit.snapshot(profile, PROFILE_FIELDS)
    profile.focus_areas = _codes(focus_areas, vocabularies.FocusArea.values, "focus_areas")
    profile.languages = _languages(languages)
    profile.legally_registered = legally_registered
    profile.wants_registration_help = wants_registration_help and not legally_registered
    profile.contact_name = contact_name.strip() or None
    profile.contact_email = contact_email.strip() or None
    profile.contact_phone = contact_phone.strip() or None
    profile.public_fields = _codes(public_fields, [c for c, _l in _public_choices()], "public_fields")
    profile.full_clean(exclude=["organisation"])
    profile.save()
    profile.origins.set(list(origins))
    # Contact details are encrypted: the trail says they changed, not what they are.
    changes = {
        key: (["…", "…"] if key.startswith("contact_") else value)
        for key, value in audit.diff(before, audit.snapshot(profile, PROFILE_FIELDS)).items()
    }
    if changes:
        audit.record(
            actor=actor,
            action=AuditEntry.Action.UPDATE,
            target=profile,
            territory=organisation.territory,
            changes=changes,
        )
    return profile


@dataclass
class EscoLoad:
    files: list[str]
    errors: list[str]
    created: int = 0
    updated: int = 0


def load_esco(*, directory: Path) -> EscoLoad:
    """Load the ESCO files of a folder (see `esco`), all or nothing: with any problem, each is
    reported by file, row and column and nothing is saved. Loading again updates concepts by their
    address and adds the labels of new languages."""
    read = esco.read_directory(directory)
    report = EscoLoad(files=read.files, errors=read.errors)
    if read.errors:
        return report
    with transaction.atomic():
        existing = {c.uri: c for c in EscoConcept.objects.filter(uri__in=list(read.concepts))}
        new, changed = [], []
        for uri, concept in read.concepts.items():
            current = existing.get(uri)
            if current is None:
                new.append(
                    EscoConcept(
                        uri=uri,
                        kind=concept.kind,
                        isco=concept.isco,
                        labels=concept.labels,
                        names=_esco_names(concept.names),
                    )
                )
                continue
            current.kind = concept.kind
            current.isco = concept.isco or current.isco
            current.labels = {**current.labels, **concept.labels}
            current.names = _esco_names(set(current.names.split("\n")) | concept.names)
            changed.append(current)
        EscoConcept.objects.bulk_create(new, batch_size=2000)
        EscoConcept.objects.bulk_update(changed, ["kind", "isco", "labels", "names"], batch_size=2000)
        report.created, report.updated = len(new), len(changed)
        esco.clear_caches()
        transaction.on_commit(esco.clear_caches)
    return report


def _esco_names(names: set[str]) -> str:
    # Framed by line breaks so that `esco.find` matches a whole label, never part of one.
    return "\n" + "\n".join(sorted(n for n in names if n)) + "\n"


@transaction.atomic
def translate_proposal(
    *, actor: User, proposal: Proposal, translations: dict[str, dict[str, str]]
) -> Proposal:
    """Those who proposed a project, or staff reviewing it, give its title, problem and plan in
    other languages, so that the diaspora and the authority can both follow it. An empty text
    removes a translation; the original stays as written."""
    if not (
        actor.is_authenticated
        and (proposal.submitted_by_id == actor.pk or selectors.may_review(actor, proposal))
    ):
        raise PermissionDenied
    before = dict(proposal.translations or {})
    for language, texts in translations.items():
        for field, text in texts.items():
            proposal.set_translation(language, field, text)
    proposal.full_clean()
    proposal.save(update_fields=["translations", "updated_at"])
    audit.record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        target=proposal,
        territory=proposal.territory,
        changes={"translations": [before, proposal.translations]},
    )
    return proposal
