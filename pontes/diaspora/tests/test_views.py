"""Diaspora pages through HTTP: registration, verification, the directory and its API, feeds,
people's own record, proposals."""

from __future__ import annotations

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import translation
from icalendar import Calendar

from pontes.core.models import Role
from pontes.core.testing import signed_in_client
from pontes.diaspora.models import Opportunity, OrganisationProfile, Person, PersonRead, Proposal

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(make_user):
    return signed_in_client(make_user("member"))


@pytest.fixture
def editor(world, make_user):
    return signed_in_client(make_user("beta-editor", Role.EDITOR, world.city))


def _organisation_data(world, **extra):
    data = {
        "name": "Asociación Tizgui Solidaria",
        "kind": "migrant_association",
        "base": world.city.pk,
        "origins": [world.town.pk],
        "focus_areas": ["education"],
        "languages": "ar, es",
        "original_language": "es",
        "description": "Escuela y agua para Tizgui.",
        "contact_email": "privado@example.org",
        "public_fields": ["description", "origins"],
    }
    data.update(extra)
    return data


def test_register_verify_and_list_an_organisation(client, world, member, editor) -> None:
    response = member.post(reverse("diaspora:register_organisation"), _organisation_data(world))
    assert response.status_code == 302
    profile = OrganisationProfile.objects.get()
    assert profile.status == "pending"
    # Not public before verification.
    assert (
        client.get(reverse("diaspora:organisation", kwargs={"slug": profile.organisation.slug})).status_code
        == 404
    )
    assert "Tizgui" not in client.get(reverse("diaspora:organisations")).content.decode()
    home = editor.get(reverse("diaspora:staff_home", kwargs={"slug": "beta"}))
    assert "Asociación Tizgui Solidaria" in home.content.decode()
    editor.post(
        reverse("diaspora:review", kwargs={"slug": "beta", "pk": profile.pk}),
        {"verified": "1", "review_note": ""},
    )
    profile.refresh_from_db()
    assert profile.status == "verified"
    page = client.get(
        reverse("diaspora:organisation", kwargs={"slug": profile.organisation.slug})
    ).content.decode()
    assert "verified by the local authority" in page and "Town A" in page
    assert "Education and schools" in page  # focus areas in words, not codes
    assert "privado@example.org" not in page  # private unless shown
    listed = client.get(
        reverse("diaspora:organisations"), {"origin": world.province.slug, "focus": "education"}
    )
    assert "Asociación Tizgui Solidaria" in listed.content.decode()
    assert "Tizgui" not in client.get(reverse("diaspora:organisations"), {"focus": "health"}).content.decode()
    api = client.get(reverse("diaspora_api:organisations"), {"language": "ar"}).json()
    assert api["count"] == 1
    item = api["items"][0]
    assert item["verified"] and item["origins"] == ["town-a"] and "email" not in item


def test_a_near_duplicate_asks_for_confirmation(world, member) -> None:
    member.post(reverse("diaspora:register_organisation"), _organisation_data(world))
    again = member.post(
        reverse("diaspora:register_organisation"),
        _organisation_data(world, name="Asociacion Tizgui solidaria"),
    )
    assert again.status_code == 200
    assert "already registered" in again.content.decode()
    assert OrganisationProfile.objects.count() == 1
    confirmed = member.post(
        reverse("diaspora:register_organisation"),
        _organisation_data(world, name="Asociacion Tizgui solidaria", not_a_duplicate="on"),
    )
    assert confirmed.status_code == 302 and OrganisationProfile.objects.count() == 2


def test_a_person_joins_exports_withdraws_and_deletes(world, member, make_user) -> None:
    url = reverse("diaspora:my_record")
    data = {
        "name": "Youssef Amrani",
        "attachment": "returnee",
        "residence_country": "ma",
        "territories": [world.town.pk],
        "isco": "2211, 7411",
        "skills_text": "Argan oil processing",
        "languages": "ar, fr",
        "availability": "now",
        "consents": ["jobs", "mentoring"],
        "email": "youssef@example.org",
    }
    refused = member.post(url, {**data, "consents": []})
    assert refused.status_code == 200 and not Person.objects.exists()
    assert "Choose at least one use" in refused.content.decode()
    bad = member.post(url, {**data, "isco": "2211, 12345"})
    assert "12345" in bad.content.decode() and not Person.objects.exists()
    assert member.post(url, data).status_code == 302
    person = Person.objects.get()
    assert sorted(s.isco for s in person.skills.all()) == ["", "2211", "7411"]
    exported = json.loads(member.get(reverse("diaspora:my_export")).content)
    assert exported["name"] == "Youssef Amrani" and {c["use"] for c in exported["consents"]} == {
        "jobs",
        "mentoring",
    }
    member.post(reverse("diaspora:my_consents"), {"consents": ["mentoring"]})
    assert set(person.consents.filter(withdrawn_at__isnull=True).values_list("use", flat=True)) == {
        "mentoring"
    }
    # Staff of the province read the record: the person sees it in the export.
    analyst = signed_in_client(make_user("alpha-analyst", Role.ANALYST, world.province))
    page = analyst.get(reverse("diaspora:person", kwargs={"slug": "alpha", "uuid": person.uuid}))
    assert page.status_code == 200 and "Youssef Amrani" in page.content.decode()
    assert "2211" in page.content.decode()
    assert PersonRead.objects.filter(person=person).count() == 1
    # Contact details only for an opportunity of a kind the person agreed to.
    assert "youssef@example.org" not in page.content.decode()
    job = Opportunity.objects.create(territory=world.province, kind="job", title="Nurse", description="d")
    mentoring = Opportunity.objects.create(
        territory=world.province, kind="knowledge", title="Mentor", description="d"
    )
    person_url = reverse("diaspora:person", kwargs={"slug": "alpha", "uuid": person.uuid})
    assert "youssef@example.org" not in analyst.get(person_url, {"opportunity": job.pk}).content.decode()
    assert "youssef@example.org" in analyst.get(person_url, {"opportunity": mentoring.pk}).content.decode()
    exported = json.loads(member.get(reverse("diaspora:my_export")).content)
    assert len(exported["read_by_staff"]) == 3
    # Staff elsewhere do not see it.
    other = signed_in_client(make_user("beta-analyst", Role.ANALYST, world.city))
    assert (
        other.get(reverse("diaspora:person", kwargs={"slug": "beta", "uuid": person.uuid})).status_code == 404
    )
    assert member.post(reverse("diaspora:my_delete")).status_code == 302
    assert not Person.objects.exists()


def test_opportunities_board_feed_and_calendar(client, world, editor) -> None:
    deadline = datetime.date.today() + datetime.timedelta(days=20)
    response = editor.post(
        reverse("diaspora:opportunity_new", kwargs={"slug": "beta"}),
        {
            "kind": "job",
            "original_language": "en",
            "title": "Nurses for the night shift",
            "description": "Health centre of Beta.",
            "skills": "2221",
            "languages": "es",
            "deadline": deadline.isoformat(),
            "publish": "1",
        },
    )
    assert response.status_code == 302
    item = Opportunity.objects.get()
    assert item.status == "published"
    board = client.get(reverse("diaspora:opportunities"), {"kind": "job"}).content.decode()
    assert "Nurses for the night shift" in board
    feed = client.get(reverse("diaspora:opportunities_feed"))
    assert (
        feed["Content-Type"].startswith("application/atom+xml")
        and b"Nurses for the night shift" in feed.content
    )
    calendar = Calendar.from_ical(client.get(reverse("diaspora:opportunities_calendar")).content)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 1 and events[0].decoded("dtstart") == deadline
    # Past deadlines and drafts are not listed.
    Opportunity.objects.filter(pk=item.pk).update(deadline=datetime.date.today() - datetime.timedelta(days=1))
    assert "Nurses" not in client.get(reverse("diaspora:opportunities")).content.decode()
    bad = editor.post(
        reverse("diaspora:opportunity_new", kwargs={"slug": "beta"}),
        {"kind": "job", "original_language": "en", "title": "x", "description": "y", "skills": "22X1"},
    )
    assert bad.status_code == 200 and "22X1" in bad.content.decode()


def test_an_opportunity_written_in_another_language_than_the_forms_default(editor) -> None:
    # The new form offers a Spanish translation (its default original is English); choosing
    # Spanish as the original, the empty Spanish inputs must not blank the texts.
    response = editor.post(
        reverse("diaspora:opportunity_new", kwargs={"slug": "beta"}),
        {
            "kind": "job",
            "original_language": "es",
            "title": "Enfermeras de noche",
            "description": "Centro de salud.",
            "title__es": "",
            "description__es": "",
            "title__fr": "Infirmières de nuit",
            "draft": "1",
        },
    )
    assert response.status_code == 302, response.content.decode()
    item = Opportunity.objects.get()
    assert (item.title, item.original_language) == ("Enfermeras de noche", "es")
    assert item.translations == {"fr": {"title": "Infirmières de nuit"}}


def test_proposal_from_submission_to_public_decline(client, world, member, editor) -> None:
    response = member.post(
        reverse("diaspora:propose"),
        {
            "territory": world.city.pk,
            "original_language": "en",
            "title": "Solar pumps",
            "problem": "No water in summer.",
            "plan": "Two pumps.",
            "budget": "Pumps; 4200\nTraining; 800",
            "currency": "EUR",
        },
    )
    assert response.status_code == 302
    item = Proposal.objects.get()
    assert item.budget_lines.count() == 2
    bad = member.post(
        reverse("diaspora:propose"),
        {
            "territory": world.city.pk,
            "original_language": "en",
            "title": "t",
            "problem": "p",
            "plan": "p",
            "budget": "Pumps; 4200\nTraining; lots",
            "currency": "EUR",
        },
    )
    assert "Line 2" in bad.content.decode() and Proposal.objects.count() == 1
    action = reverse("diaspora:proposal_action", kwargs={"slug": "beta", "pk": item.pk})
    editor.post(action, {"status": "under_review", "text": ""})
    editor.post(action, {"kind": "comment", "text": "Internal note", "public": ""})
    editor.post(action, {"status": "declined", "text": "Already funded by the region"})
    item.refresh_from_db()
    assert item.status == "declined"
    page = client.get(reverse("diaspora:proposal", kwargs={"pk": item.pk})).content.decode()
    assert "Already funded by the region" in page and "Internal note" not in page
    listing = client.get(reverse("diaspora:proposals"), {"status": "declined"}).content.decode()
    assert "Solar pumps" in listing
    # The proposers tell how it goes; others cannot.
    member.post(
        reverse("diaspora:proposal_progress", kwargs={"pk": item.pk}), {"text": "We found another funder"}
    )
    assert (
        "We found another funder"
        in client.get(reverse("diaspora:proposal", kwargs={"pk": item.pk})).content.decode()
    )
    editor.post(reverse("diaspora:proposal_progress", kwargs={"pk": item.pk}), {"text": "Not mine"})
    assert item.events.filter(kind="progress").count() == 2  # staff may post progress too


def test_the_proposer_and_staff_translate_a_proposal_others_cannot(client, world, member, editor, make_user):
    member.post(
        reverse("diaspora:propose"),
        {
            "territory": world.city.pk,
            "original_language": "en",
            "title": "Solar pumps",
            "problem": "No water in summer.",
            "plan": "Two pumps.",
            "budget": "Pumps; 4200",
            "currency": "EUR",
        },
    )
    item = Proposal.objects.get()
    url = reverse("diaspora:proposal_translate", kwargs={"pk": item.pk})
    form = member.get(url).content.decode()
    assert 'name="title__fr"' in form and 'name="title__en"' not in form  # the original is not a translation
    member.post(url, {"title__fr": "Pompes solaires", "problem__fr": "Pas d’eau en été.", "plan__fr": ""})
    editor.post(
        url, {"title__fr": "Pompes solaires", "problem__fr": "Pas d’eau en été.", "plan__ar": "مضختان"}
    )
    item.refresh_from_db()
    assert item.translations == {
        "fr": {"title": "Pompes solaires", "problem": "Pas d’eau en été."},
        "ar": {"plan": "مضختان"},
    }
    with translation.override("fr"):
        page = client.get(reverse("diaspora:proposal", kwargs={"pk": item.pk})).content.decode()
    assert "Pompes solaires" in page and "Pas d’eau en été." in page
    # No French plan: the next language of the chain (the place's), marked as not translated.
    assert 'lang="ar" dir="rtl">مضختان</span> <small class="untranslated">' in page
    stranger = signed_in_client(make_user("stranger"))
    assert stranger.get(url).status_code == 403
    assert stranger.post(url, {"title__fr": "Vandalisme"}).status_code == 403
    item.refresh_from_db()
    assert item.translations["fr"]["title"] == "Pompes solaires"


def test_opportunities_and_proposals_through_the_api(client, world, editor, member) -> None:
    item = Opportunity.objects.create(
        territory=world.city,
        kind="knowledge",
        title="Mentors for the clinic",
        description="Two days a year.",
        skills=["2211"],
        status="published",
        deadline=datetime.date.today() + datetime.timedelta(days=5),
        original_language="en",
        translations={"es": {"title": "Mentores para la clínica"}},
    )
    data = client.get(reverse("diaspora_api:opportunities"), {"kind": "knowledge", "lang": "es"}).json()
    assert data["count"] == 1
    first = data["items"][0]
    assert first["title"] == "Mentores para la clínica" and first["skills"][0]["isco"] == "2211"
    assert first["url"].endswith(f"/diaspora/opportunities/{item.pk}/")
    assert client.get(reverse("diaspora_api:opportunities"), {"kind": "job"}).json()["count"] == 0
    member.post(
        reverse("diaspora:propose"),
        {
            "territory": world.city.pk,
            "original_language": "en",
            "title": "Solar pumps",
            "problem": "p",
            "plan": "p",
            "budget": "Pumps; 4200",
            "currency": "EUR",
        },
    )
    proposals = client.get(reverse("diaspora_api:proposals")).json()
    assert proposals["items"][0]["status"] == "submitted"
    assert proposals["items"][0]["budget"] == [{"item": "Pumps", "amount": "4200.00"}]


def test_arabic_separators_are_understood(world, member) -> None:
    from pontes.diaspora.forms import PersonForm, ProposalForm

    form = PersonForm(
        {
            "name": "يوسف",
            "attachment": "returnee",
            "residence_country": "MA",
            "territories": [world.town.pk],
            "isco": "2211، 7411",
            "availability": "now",
        }
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["isco"] == ["2211", "7411"]
    proposal = ProposalForm(
        {
            "territory": world.city.pk,
            "original_language": "ar",
            "title": "مضخات",
            "problem": "p",
            "plan": "p",
            "budget": "مضخات؛ 4200",
            "currency": "MAD",
        },
        organisations=world.organisation.__class__.objects.none(),
    )
    assert proposal.is_valid(), proposal.errors
    assert proposal.cleaned_data["budget"][0][1] == 4200


def test_the_organisations_api_reads_a_page_in_a_fixed_number_of_queries(
    client, world, make_user, django_assert_max_num_queries
) -> None:
    from pontes.diaspora import services

    founder = make_user("founder")
    for n in range(12):
        profile = services.register_organisation(
            actor=founder,
            name=f"Asociación número {n}",
            kind="migrant_association",
            base=world.city,
            origins=[world.town],
            public_fields=["origins"],
            not_a_duplicate=True,
        )
        OrganisationProfile.objects.filter(pk=profile.pk).update(status="verified")
    with django_assert_max_num_queries(8):
        data = client.get(reverse("diaspora_api:organisations")).json()
    assert data["count"] == 12 and data["items"][0]["origins"] == ["town-a"]


def test_an_organisation_keeps_its_profile_umbrellas_and_needs(client, world, member, editor) -> None:
    from pontes.diaspora import services
    from pontes.diaspora.models import Membership, OrganisationNeed

    member.post(reverse("diaspora:register_organisation"), _organisation_data(world))
    profile = OrganisationProfile.objects.get()
    assert profile.registered_by is not None
    umbrella_owner = signed_in_client(profile.registered_by)
    umbrella = umbrella_owner.post(
        reverse("diaspora:register_organisation"),
        _organisation_data(world, name="Red de asociaciones de Beta", kind="umbrella"),
    )
    assert umbrella.status_code == 302
    umbrella_profile = OrganisationProfile.objects.get(organisation__kind="umbrella")
    from pontes.core.models import User

    services.review_organisation(
        actor=User.objects.get(username="beta-editor"), profile=umbrella_profile, verified=True
    )
    url = reverse("diaspora:organisation_edit", kwargs={"org": profile.organisation.slug})
    page = member.get(url)
    assert page.status_code == 200
    data = {
        "description": "Escuela y agua para Tizgui, desde 2015.",
        "origins": [world.town.pk],
        "focus_areas": ["education", "water"],
        "languages": "ar, es",
        "legally_registered": "",
        "wants_registration_help": "on",
        "contact_name": "Fatima",
        "public_fields": ["description"],
        "umbrellas": [umbrella_profile.organisation.pk],
        "needs": ["funding", "legal_status"],
        "needs_details": "Statutes to write",
        "name__ar": "جمعية تيزكي المتضامنة",
    }
    assert member.post(url, data).status_code == 302
    profile.refresh_from_db()
    assert profile.wants_registration_help and profile.focus_areas == ["education", "water"]
    assert Membership.objects.filter(
        member=profile.organisation, umbrella=umbrella_profile.organisation
    ).exists()
    assert set(OrganisationNeed.objects.values_list("need", flat=True)) == {"funding", "legal_status"}
    profile.organisation.refresh_from_db()
    assert profile.organisation.tr("name", "ar").text == "جمعية تيزكي المتضامنة"
    # Someone else cannot.
    stranger = signed_in_client(User.objects.create_user("stranger"))
    assert stranger.get(url).status_code == 403
    # Bad input changes nothing.
    before = profile.organisation.description
    bad = member.post(url, {**data, "description": "Changed", "languages": "not a language!"})
    assert bad.status_code == 200
    profile.organisation.refresh_from_db()
    assert profile.organisation.description == before


def test_opening_the_matches_records_a_read_of_each_person_shown(world, editor, member, make_user) -> None:
    from pontes.diaspora import services

    for n in range(3):
        services.register_person(
            user=make_user(f"nurse-{n}"),
            name=f"Nurse {n}",
            attachment="migrant",
            residence_country="ES",
            territories=[world.city],
            consents=["jobs"],
            skills=[{"isco": "2221"}],
        )
    item = Opportunity.objects.create(
        territory=world.city, kind="job", title="Nurses", description="d", skills=["2221"], status="published"
    )
    page = editor.get(reverse("diaspora:matches", kwargs={"slug": "beta", "pk": item.pk}))
    assert page.status_code == 200 and len(page.context["people"]) == 3
    assert PersonRead.objects.filter(purpose__contains=str(item.pk)).count() == 3
