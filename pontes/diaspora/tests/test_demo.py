"""The diaspora demo step: organisations in a membership tree, a consent-based skills inventory,
opportunities and proposals at every stage; deterministic for a seed and safe to run again."""

from __future__ import annotations

from io import StringIO

import pytest
from django.utils import timezone

from pontes.core.demo import DemoContext
from pontes.core.demo_steps import create_territories_people_and_organisations
from pontes.core.models import AuditEntry, Organisation, User
from pontes.core.registry import registry
from pontes.diaspora import demo, selectors, vocabularies
from pontes.diaspora.models import (
    BudgetLine,
    Consent,
    Membership,
    Opportunity,
    OrganisationNeed,
    OrganisationProfile,
    Person,
    Proposal,
    ProposalEvent,
    Skill,
)


def test_the_step_is_registered_after_the_territories() -> None:
    diaspora, core = registry.get("diaspora"), registry.get("core")
    assert diaspora is not None and core is not None
    assert diaspora.demo_data is demo.load and diaspora.order > core.order


def test_people_are_deterministic_for_a_seed() -> None:
    first = demo.people(DemoContext(seed=3, out=StringIO()).rng("diaspora"))
    assert first == demo.people(DemoContext(seed=3, out=StringIO()).rng("diaspora"))
    assert first != demo.people(DemoContext(seed=4, out=StringIO()).rng("diaspora"))
    assert len({spec.name for spec in first}) == len(first) == 40


def _counts() -> tuple[int, ...]:
    models = (
        OrganisationProfile,
        Membership,
        OrganisationNeed,
        Person,
        Skill,
        Consent,
        Opportunity,
        Proposal,
        BudgetLine,
        ProposalEvent,
        User,
        AuditEntry,
    )
    return tuple(model.objects.count() for model in models)


@pytest.mark.django_db
def test_demo_diaspora_tells_the_whole_story_once() -> None:
    context = DemoContext(seed=11, out=StringIO())
    create_territories_people_and_organisations(context)
    demo.load(context)

    # Organisations: every kind, mostly verified, two waiting, one refused with its reason.
    profiles = OrganisationProfile.objects.select_related("organisation")
    assert profiles.count() == 12
    statuses = [p.status for p in profiles]
    assert statuses.count("verified") == 9 and statuses.count("pending") == 2
    (rejected,) = [p for p in profiles if p.status == "rejected"]
    assert rejected.review_note and rejected.reviewed_by is not None
    kinds = {p.organisation.kind for p in profiles}
    assert kinds == {"migrant_association", "umbrella", "federation", "informal_group"}
    (informal,) = [p for p in profiles if p.organisation.kind == "informal_group"]
    assert informal.wants_registration_help and not informal.legally_registered
    assert sum(1 for p in profiles if p.public_fields) >= 5
    assert OrganisationNeed.objects.values("organisation").distinct().count() >= 9
    tied = {t.slug for p in profiles for t in p.origins.all()}
    assert {"tizgui", "amzrou", "iguernane"} <= tied

    # Association > umbrella > federation, both ways.
    federation = Organisation.objects.get(name=demo.FEDERATION)
    (umbrella_node,) = selectors.membership_tree(federation)
    assert umbrella_node.organisation.name == demo.UMBRELLA
    assert demo.ASSOCIATION_TIZGUI in {n.organisation.name for n in umbrella_node.children}
    association = Organisation.objects.get(name=demo.ASSOCIATION_TIZGUI)
    (up,) = selectors.membership_tree(association, upwards=True)
    assert [n.organisation.name for n in up.children] == [demo.FEDERATION]

    # The skills inventory is what the seed drew, with consents as each person left them.
    specs = {spec.slot.username: spec for spec in demo.people(context.rng("diaspora"))}
    people = Person.objects.select_related("user").prefetch_related("skills", "consents", "territories")
    assert people.count() == 40
    for person in people:
        spec = specs[person.user.username]
        assert person.name == spec.name and person.attachment == spec.slot.attachment
        standing = {c.use for c in person.consents.all() if c.withdrawn_at is None}
        assert standing == set(spec.keeps)
        assert {t.slug for t in person.territories.all()} == set(spec.slot.places)
        for skill in person.skills.all():
            assert len(skill.isco) == 4 and skill.isco[:2] in vocabularies.ISCO_SUB_MAJOR
    attachments = [p.attachment for p in people]
    assert (attachments.count("diaspora"), attachments.count("returnee"), attachments.count("migrant")) == (
        22,
        8,
        10,
    )
    assert {p.residence_country for p in people} == {"ES", "FR", "IT", "BE", "MA"}
    assert {"ar", "zgh", "fr", "es", "en", "ro", "wo"} <= {code for p in people for code in p.languages}
    assert len({p.availability for p in people}) >= 4 and len({p.education_level for p in people}) >= 4
    standing_sets = [set(spec.keeps) for spec in specs.values()]
    assert {"jobs"} in standing_sets and any(len(s) >= 3 for s in standing_sets)
    withdrawn = Consent.objects.filter(withdrawn_at__isnull=False)
    assert withdrawn.count() == len(demo.WITHDRAWS)
    assert {c.use for c in Consent.objects.filter(withdrawn_at__isnull=True)} == set(vocabularies.ConsentUse)

    # Only the two demo people whose passwords are printed can sign in.
    signing_in = {
        u.username for u in User.objects.filter(skills_record__isnull=False) if u.has_usable_password()
    }
    assert signing_in == {demo.RETURNEE, demo.ASSOCIATION_LEAD}
    printed = {c.username: c.password for c in context.credentials}
    returnee = User.objects.get(username=demo.RETURNEE)
    assert returnee.check_password(printed[demo.RETURNEE])
    assert returnee.has_perm("diaspora.edit_organisation", Organisation.objects.get(name=demo.COOPERATIVE))

    # Opportunities of every kind, open ones still open today.
    opportunities = Opportunity.objects.all()
    assert opportunities.count() == 10
    assert {o.kind for o in opportunities} == set(vocabularies.OpportunityKind)
    assert {o.status for o in opportunities} == {"published", "draft", "closed"}
    today = timezone.now().date()
    published = [o for o in opportunities if o.status == "published"]
    assert len(published) == 8 and all(o.deadline and o.deadline > today for o in published)
    assert all(o.published_at for o in published)
    assert {"fr", "es", "ar"} <= {language for o in opportunities for language in o.translations}

    # Proposals along the whole pipeline, each with a budget and its story.
    proposals = {p.status: p for p in Proposal.objects.prefetch_related("events", "budget_lines")}
    assert set(proposals) == set(Proposal.Status)
    assert all(p.budget_lines.count() >= 2 for p in proposals.values())
    assert proposals["declined"].decline_reason
    assert any(e.kind == "support" for e in proposals["supported"].events.all())
    progress = [e for e in proposals["in_progress"].events.all() if e.kind == "progress"]
    assert len(progress) == 2
    stages = [e.status for e in proposals["completed"].events.all() if e.kind == "status"]
    assert stages == ["submitted", "under_review", "supported", "in_progress", "completed"]

    # Running the demo again, with a fresh context, changes nothing.
    counts = _counts()
    demo.load(DemoContext(seed=11, out=StringIO()))
    assert _counts() == counts
