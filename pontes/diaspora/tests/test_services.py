"""Writes of the diaspora app: organisations, people and their consents, opportunities, proposals."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from pontes.core.models import AuditEntry, Organisation, Role
from pontes.diaspora import selectors, services
from pontes.diaspora.models import Consent, Opportunity, OrganisationProfile, Person, Proposal, ProposalEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def volunteer(make_user):
    return make_user("volunteer")


@pytest.fixture
def editor(world, make_user):
    return make_user("beta-editor", Role.EDITOR, world.city)


def _register(user, world, name="Asociación Tizgui Solidaria", **extra):
    values = {
        "actor": user,
        "name": name,
        "kind": Organisation.Kind.MIGRANT_ASSOCIATION,
        "base": world.city,
        "origins": [world.town],
        "focus_areas": ["education", "water"],
        "languages": ["ar", "es", "fr"],
        "contact_name": "Fatima Ouali",
        "contact_email": "contacto@example.org",
        "public_fields": ["description", "origins"],
    }
    values.update(extra)
    return services.register_organisation(**values)


def test_an_organisation_registers_itself_and_waits_for_verification(world, volunteer, editor) -> None:
    profile = _register(volunteer, world)
    assert profile.status == OrganisationProfile.Status.PENDING
    assert profile.organisation.kind == "migrant_association"
    assert list(profile.origins.all()) == [world.town]
    # The person who registered it may edit it.
    assert volunteer.has_perm("diaspora.edit_organisation", profile.organisation)
    assert not selectors.public_organisations().exists()
    services.review_organisation(actor=editor, profile=profile, verified=True)
    profile.refresh_from_db()
    assert profile.is_verified and profile.reviewed_by == editor
    assert list(selectors.public_organisations()) == [profile]


def test_contact_details_are_encrypted_at_rest(world, volunteer) -> None:
    profile = _register(volunteer, world)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT contact_name, contact_email FROM diaspora_organisationprofile WHERE id = %s", [profile.pk]
        )
        name, email = cursor.fetchone()
    assert "Fatima" not in name and "example.org" not in email
    assert OrganisationProfile.objects.get(pk=profile.pk).contact_name == "Fatima Ouali"


def test_a_near_duplicate_in_the_same_place_is_flagged_before_creation(world, volunteer) -> None:
    _register(volunteer, world)
    before = Organisation.objects.count()
    with pytest.raises(ValidationError) as error:
        _register(volunteer, world, name="Asociacion  TIZGUI solidaria")
    assert "already registered" in str(error.value)
    assert Organisation.objects.count() == before
    # Elsewhere, or once confirmed, it is another organisation.
    _register(volunteer, world, name="Asociacion Tizgui Solidaria", base=world.district)
    _register(volunteer, world, name="Asociación Tizgui Solidarias", not_a_duplicate=True)
    assert Organisation.objects.count() == before + 2


def test_bad_codes_are_refused_and_nothing_is_saved(world, volunteer) -> None:
    before = Organisation.objects.count()
    with pytest.raises(ValidationError) as error:
        _register(volunteer, world, focus_areas=["education", "spaceflight"])
    assert "spaceflight" in str(error.value)
    with pytest.raises(ValidationError):
        _register(volunteer, world, languages=["klingon!"])
    assert Organisation.objects.count() == before


def test_rejection_needs_a_reason_and_only_local_staff_review(world, volunteer, make_user) -> None:
    profile = _register(volunteer, world)
    outsider = make_user("alpha-editor", Role.EDITOR, world.province)
    with pytest.raises(PermissionDenied):
        services.review_organisation(actor=outsider, profile=profile, verified=True)
    local = make_user("beta-editor-2", Role.EDITOR, world.city)
    with pytest.raises(ValidationError):
        services.review_organisation(actor=local, profile=profile, verified=False)
    services.review_organisation(actor=local, profile=profile, verified=False, note="No such association")
    profile.refresh_from_db()
    assert profile.status == "rejected" and profile.review_note == "No such association"


def test_membership_tree_both_ways_without_cycles(world, volunteer) -> None:
    association = _register(volunteer, world).organisation
    umbrella = _register(volunteer, world, name="Red de asociaciones de Beta", kind="umbrella").organisation
    federation = _register(
        volunteer, world, name="Federación estatal", kind="federation", base=world.other_country
    ).organisation
    services.set_umbrellas(actor=volunteer, organisation=association, umbrellas=[umbrella])
    services.set_umbrellas(actor=volunteer, organisation=umbrella, umbrellas=[federation])
    down = selectors.membership_tree(federation)
    assert down[0].organisation == umbrella and down[0].children[0].organisation == association
    up = selectors.membership_tree(association, upwards=True)
    assert up[0].organisation == umbrella and up[0].children[0].organisation == federation
    with pytest.raises(ValidationError):
        services.set_umbrellas(actor=volunteer, organisation=federation, umbrellas=[umbrella])
    with pytest.raises(ValidationError):  # an association is not an umbrella
        services.set_umbrellas(actor=volunteer, organisation=umbrella, umbrellas=[association])


def test_capacity_needs_and_their_totals(world, volunteer) -> None:
    association = _register(volunteer, world).organisation
    services.set_capacity_needs(
        actor=volunteer, organisation=association, needs={"funding": "", "legal_status": "Statutes to write"}
    )
    totals = selectors.capacity_needs_totals(world.other_country)
    assert totals == {"funding": {"migrant_association": 1}, "legal_status": {"migrant_association": 1}}
    services.set_capacity_needs(actor=volunteer, organisation=association, needs={"funding": ""})
    assert set(selectors.capacity_needs_totals(world.other_country)) == {"funding"}
    with pytest.raises(ValidationError):
        services.set_capacity_needs(actor=volunteer, organisation=association, needs={"magic": ""})


def _person(user, world, **extra):
    values = {
        "user": user,
        "name": "Youssef Amrani",
        "attachment": "returnee",
        "residence_country": "MA",
        "territories": [world.town],
        "consents": ["jobs", "mentoring"],
        "skills": [{"isco": "2211", "label": "", "years": 6}, {"label": "Argan oil processing"}],
        "languages": ["ar", "fr"],
        "email": "youssef@example.org",
    }
    values.update(extra)
    return services.register_person(**values)


def test_a_person_registers_with_consent_and_encrypted_details(world, volunteer) -> None:
    person = _person(volunteer, world)
    assert selectors.consented_uses(person) == {"jobs", "mentoring"}
    assert [s.isco for s in person.skills.order_by("pk")] == ["2211", ""]
    assert person.skills.order_by("pk")[0].label == "Health professionals"
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, email FROM diaspora_person WHERE id = %s", [person.pk])
        name, email = cursor.fetchone()
    assert "Youssef" not in name and "example" not in email
    consent = person.consents.get(use="jobs")
    assert "jobs" in consent.wording.lower()


def test_no_consent_no_record_and_bad_input_saves_nothing(world, volunteer) -> None:
    with pytest.raises(ValidationError):
        _person(volunteer, world, consents=[])
    with pytest.raises(ValidationError):
        _person(volunteer, world, skills=[{"isco": "99999"}])
    with pytest.raises(ValidationError):
        _person(volunteer, world, residence_country="XX")
    with pytest.raises(ValidationError):
        _person(volunteer, world, territories=[])
    assert not Person.objects.exists()


def test_withdrawing_consent_keeps_the_record_of_it(world, volunteer, editor) -> None:
    person = _person(volunteer, world, territories=[world.city])
    assert person in selectors.people_for_staff(editor)
    services.set_consents(user=volunteer, person=person, uses=["mentoring"])
    assert selectors.consented_uses(person) == {"mentoring"}
    assert Consent.objects.filter(person=person, use="jobs", withdrawn_at__isnull=False).count() == 1
    services.set_consents(user=volunteer, person=person, uses=[])
    assert person not in selectors.people_for_staff(editor)
    # Consent again: a new record, the old ones kept.
    services.set_consents(user=volunteer, person=person, uses=["jobs"])
    assert person.consents.filter(use="jobs").count() == 2


def test_staff_see_only_people_tied_to_their_territories(world, volunteer, editor, make_user) -> None:
    _person(volunteer, world)  # attached to Town A, Morocco
    assert not selectors.people_for_staff(editor).exists()
    alpha = make_user("alpha-analyst", Role.ANALYST, world.province)
    assert selectors.people_for_staff(alpha).count() == 1


def test_people_export_and_delete_their_own_record(world, volunteer, make_user) -> None:
    person = _person(volunteer, world)
    data = selectors.export_person(person)
    json.dumps(data)
    assert data["name"] == "Youssef Amrani" and data["skills"][0]["isco"] == "2211"
    assert {c["use"] for c in data["consents"]} == {"jobs", "mentoring"}
    stranger = make_user("stranger")
    with pytest.raises(PermissionDenied):
        services.delete_person(user=stranger, person=person)
    with pytest.raises(PermissionDenied):
        services.set_consents(user=stranger, person=person, uses=[])
    services.delete_person(user=volunteer, person=person)
    assert not Person.objects.exists() and not Consent.objects.exists()
    entry = AuditEntry.objects.filter(action="delete", target_type="diaspora.Person").get()
    assert "Youssef" not in json.dumps(entry.changes) + entry.target_repr


def test_opportunities_are_published_by_staff_of_the_place(world, editor, make_user) -> None:
    opportunity = Opportunity(
        kind="job",
        title="Care assistants for the day centre",
        description="Evening shifts.",
        skills=["5322"],
        languages=["es"],
        deadline=datetime.date.today() + datetime.timedelta(days=30),
        original_language="en",
    )
    saved = services.save_opportunity(
        actor=editor,
        territory=world.city,
        opportunity=opportunity,
        translations={"es": {"title": "Auxiliares"}},
    )
    assert saved.status == "draft"
    services.set_opportunity_status(actor=editor, opportunity=saved, status="published")
    saved.refresh_from_db()
    assert saved.published_at is not None and saved.tr("title", "es").text == "Auxiliares"
    outsider = make_user("alpha-editor", Role.EDITOR, world.province)
    with pytest.raises(PermissionDenied):
        services.set_opportunity_status(actor=outsider, opportunity=saved, status="closed")
    bad = Opportunity(kind="job", title="x", description="y", skills=["ABC"], original_language="en")
    with pytest.raises(ValidationError):
        services.save_opportunity(actor=editor, territory=world.city, opportunity=bad)


def test_proposal_pipeline_moves_forward_and_declines_with_public_reasons(
    world, volunteer, editor, make_user
) -> None:
    proposal = services.submit_proposal(
        actor=volunteer,
        territory=world.city,
        title="Solar pumps for the school garden",
        problem="No water in summer.",
        plan="Two pumps, training of two caretakers.",
        budget=[("Pumps", Decimal("4200")), ("Training", Decimal("800"))],
        cofunding=Decimal("1000"),
    )
    assert proposal.status == "submitted" and proposal.budget_lines.count() == 2
    with pytest.raises(ValidationError):
        services.move_proposal(actor=editor, proposal=proposal, status="completed")
    services.move_proposal(actor=editor, proposal=proposal, status="under_review")
    services.add_proposal_event(actor=editor, proposal=proposal, kind="support", text="Partner school found")
    with pytest.raises(PermissionDenied):
        services.add_proposal_event(actor=volunteer, proposal=proposal, kind="support", text="Self-support")
    services.add_proposal_event(actor=volunteer, proposal=proposal, kind="progress", text="Quotes received")
    with pytest.raises(PermissionDenied):
        services.add_proposal_event(
            actor=make_user("passer-by"), proposal=proposal, kind="progress", text="Not my project"
        )
    with pytest.raises(ValidationError):
        services.move_proposal(actor=editor, proposal=proposal, status="declined")
    services.move_proposal(
        actor=editor, proposal=proposal, status="declined", reason="Outside the priorities"
    )
    proposal.refresh_from_db()
    assert proposal.status == "declined" and proposal.decline_reason == "Outside the priorities"
    kinds = list(proposal.events.values_list("kind", flat=True))
    assert kinds == ["status", "status", "support", "progress", "status"]
    with pytest.raises(ValidationError):
        services.submit_proposal(
            actor=volunteer,
            territory=world.city,
            title="t",
            problem="p",
            plan="p",
            budget=[("Nothing", Decimal("0"))],
        )
    assert Proposal.objects.count() == 1 and ProposalEvent.objects.count() == 5


def test_people_who_asked_are_told_of_new_matching_opportunities(
    world, volunteer, editor, mailoutbox, make_user, django_capture_on_commit_callbacks
) -> None:
    _person(volunteer, world, territories=[world.city], notify_matches=True)
    _person(make_user("quiet"), world, name="Quiet One", territories=[world.city], notify_matches=False)
    _person(
        make_user("no-jobs"),
        world,
        name="No Jobs",
        territories=[world.city],
        notify_matches=True,
        consents=["mentoring"],
    )
    opportunity = services.save_opportunity(
        actor=editor,
        territory=world.city,
        opportunity=Opportunity(
            kind="job", title="Nurses", description="Night shifts.", skills=["2211"], original_language="en"
        ),
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.set_opportunity_status(actor=editor, opportunity=opportunity, status="published")
    assert [m.to for m in mailoutbox] == [["youssef@example.org"]]
    assert "Nurses" in mailoutbox[0].subject and "2211" in mailoutbox[0].body
