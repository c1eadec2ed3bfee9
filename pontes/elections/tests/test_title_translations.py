"""The election's title in the reader's language: shown with its fallback mark, given at creation and
changed by staff at any stage without touching the vote."""

from __future__ import annotations

import datetime
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from pontes.core.registry import registry
from pontes.core.selectors import translation_gaps
from pontes.core.testing import signed_in_client
from pontes.elections import selectors, services
from pontes.elections.models import Ballot, Election, ElectionEvent, VotingCode
from pontes.elections.testing import sample_election

S = Election.Status
FRENCH = "Élection du conseil 2026"


def public_page(name: str, election: Election, language: str) -> str:
    with translation.override(language):
        url = reverse(f"elections:{name}", kwargs={"pk": election.pk})
    response = Client().get(url)
    assert response.status_code == 200
    return response.content.decode()


def staff_url(name: str, election: Election) -> str:
    return reverse(f"elections:{name}", kwargs={"slug": "beta", "pk": election.pk})


@pytest.fixture
def translated(body) -> Election:
    election, _codes = sample_election(body, stage=S.PUBLISHED)
    election.translations = {"fr": {"title": FRENCH}}
    election.save(update_fields=["translations"])
    return election


def test_the_title_is_written_in_the_territory_language_by_default(body) -> None:
    election, _codes = sample_election(body, stage=S.DRAFT)
    assert election.original_language == "es"
    assert election.translation_territory() == body.territory
    assert Election in registry.translatable_models()


@pytest.mark.parametrize("name", ["election", "vote", "results", "complaint", "complaint_follow"])
def test_a_french_reader_sees_the_french_title(translated, name) -> None:
    page = public_page(name, translated, "fr")
    assert f'<span lang="fr" dir="ltr">{FRENCH}</span>' in page and f"{FRENCH}</span> <small" not in page
    assert f"<title>{FRENCH}" in page or f"· {FRENCH}" in page.split("</title>")[0]


@pytest.mark.parametrize("name", ["election", "vote", "results", "complaint", "complaint_follow"])
def test_an_arabic_reader_without_a_translation_sees_the_original_marked(translated, name) -> None:
    page = public_page(name, translated, "ar")
    head, body = page.split("</title>", 1)
    assert "Elección 2026" in head and "<span" not in head.split("<title>")[1]
    assert '<span lang="es" dir="ltr">Elección 2026</span> <small class="untranslated">' in body
    assert FRENCH not in page


def test_the_public_list_marks_untranslated_titles(translated) -> None:
    with translation.override("ar"):
        url = reverse("elections:list")
    page = Client().get(url).content.decode()
    assert '<span lang="es" dir="ltr">Elección 2026</span> <small class="untranslated">' in page
    with translation.override("fr"):
        url = reverse("elections:list")
    assert FRENCH in Client().get(url).content.decode()


def test_ballots_and_results_keep_working(translated) -> None:
    ballots = Client().get(reverse("elections:ballots_json", kwargs={"pk": translated.pk}))
    assert json.loads(ballots.content)["election"] == "Elección 2026"
    assert Client().get(reverse("elections:ballots_csv", kwargs={"pk": translated.pk})).status_code == 200
    assert selectors.results(translated)


def test_staff_pages_show_the_title_through_the_fallback(translated, staff) -> None:
    client = signed_in_client(staff["city_editor"])
    with translation.override("fr"):
        pages = [
            client.get(staff_url(name, translated)).content.decode()
            for name in ("staff_election", "staff_results", "log")
        ]
        pages.append(client.get(reverse("elections:staff_home", kwargs={"slug": "beta"})).content.decode())
    assert all(FRENCH in page for page in pages)


def test_create_with_translations(body, staff) -> None:
    now = timezone.now()
    election = services.create_election(
        actor=staff["city_editor"],
        body=body,
        title=" Elección 2027 ",
        original_language="es",
        translations={"fr": {"title": "Élection 2027"}, "ar": {"title": ""}, "es": {"title": ""}},
        seat_groups=[body.seat_groups.get(kind="elected")],
        method="plurality",
        voting_opens=now,
        voting_closes=now + datetime.timedelta(days=1),
    )
    election.refresh_from_db()
    assert election.title == "Elección 2027"
    assert election.translations == {"fr": {"title": "Élection 2027"}}


def test_create_refuses_a_bad_language(body, staff) -> None:
    now = timezone.now()
    with pytest.raises(ValidationError) as error:
        services.create_election(
            actor=staff["city_editor"],
            body=body,
            title="Elección",
            original_language="zz-top",
            seat_groups=[body.seat_groups.get(kind="elected")],
            method="plurality",
            voting_opens=now,
            voting_closes=now + datetime.timedelta(days=1),
        )
    assert "original_language" in error.value.message_dict
    assert not Election.objects.exists()


def _new_election_data(body, **extra: str) -> dict[str, object]:
    return {
        "body": body.pk,
        "seat_groups": [body.seat_groups.get(kind="elected").pk],
        "method": "plurality",
        "voting_opens": "2020-01-01T10:00",
        "voting_closes": "2099-01-01T10:00",
        "min_age": "18",
        **extra,
    }


def test_the_create_form_offers_the_language_and_the_other_languages(staff) -> None:
    client = signed_in_client(staff["city_editor"])
    page = client.get(reverse("elections:election_new", kwargs={"slug": "beta"})).content.decode()
    assert 'name="original_language"' in page and '<option value="es" selected>' in page
    assert 'name="title__fr"' in page and 'name="title__ar"' in page and 'name="title__es"' not in page


def test_another_original_language_does_not_blank_the_title(body, staff) -> None:
    """The form was made for Spanish; the person writes the title in French and leaves the French
    input of the translations empty: the title stays."""
    client = signed_in_client(staff["city_editor"])
    response = client.post(
        reverse("elections:election_new", kwargs={"slug": "beta"}),
        _new_election_data(
            body,
            original_language="fr",
            title="Élection 2027",
            title__fr="",
            title__ar="انتخابات 2027",
            title__en="Election 2027",
        ),
    )
    assert response.status_code == 302
    election = Election.objects.get()
    assert (election.title, election.original_language) == ("Élection 2027", "fr")
    assert election.translations == {"ar": {"title": "انتخابات 2027"}, "en": {"title": "Election 2027"}}


def test_the_create_form_defaults_to_the_territory_language(body, staff) -> None:
    client = signed_in_client(staff["city_editor"])
    response = client.post(
        reverse("elections:election_new", kwargs={"slug": "beta"}),
        _new_election_data(body, title="Elección 2027", title__fr="Élection 2027"),
    )
    assert response.status_code == 302
    election = Election.objects.get()
    assert election.original_language == "es"
    assert election.text_in("title", "fr") == "Élection 2027"


def test_the_create_form_refuses_an_unknown_language(body, staff) -> None:
    client = signed_in_client(staff["city_editor"])
    response = client.post(
        reverse("elections:election_new", kwargs={"slug": "beta"}),
        _new_election_data(body, title="Elección 2027", original_language="xx"),
    )
    assert response.status_code == 200 and b"original_language" in response.content
    assert not Election.objects.exists()


@pytest.mark.parametrize("stage", [S.DRAFT, S.VOTING, S.PUBLISHED])
def test_staff_change_the_translations_at_any_stage(body, staff, stage) -> None:
    election, _codes = sample_election(body, stage=stage, voters=2)
    before = (
        election.status,
        election.title,
        Ballot.objects.count(),
        list(VotingCode.objects.values_list("code_hash", "spent")),
    )
    client = signed_in_client(staff["city_editor"])
    response = client.post(staff_url("title_translate", election), {"title__fr": FRENCH, "title__ar": ""})
    assert response.status_code == 302
    election.refresh_from_db()
    assert election.text_in("title", "fr") == FRENCH
    assert before == (
        election.status,
        election.title,
        Ballot.objects.count(),
        list(VotingCode.objects.values_list("code_hash", "spent")),
    )
    event = ElectionEvent.objects.filter(election=election).order_by("-seq").first()
    assert event is not None and event.kind == "title_translated"
    assert event.detail == {"translations": {"fr": FRENCH}} and event.actor == "city-editor"
    assert selectors.verify_chain(election) is None
    log = client.get(staff_url("log", election)).content.decode()
    assert "title translations changed" in log
    # Clearing it removes the translation; the same again records nothing more.
    client.post(staff_url("title_translate", election), {"title__fr": ""})
    client.post(staff_url("title_translate", election), {"title__fr": ""})
    election.refresh_from_db()
    assert election.translations == {}
    assert ElectionEvent.objects.filter(election=election, kind="title_translated").count() == 2


def test_a_too_long_translation_is_refused_on_its_field(body, staff) -> None:
    election, _codes = sample_election(body, stage=S.DRAFT)
    client = signed_in_client(staff["city_editor"])
    response = client.post(staff_url("title_translate", election), {"title__fr": "x" * 201})
    assert response.status_code == 400
    assert "At most 200 characters (it has 201)." in response.content.decode()
    election.refresh_from_db()
    assert election.translations == {}
    assert not ElectionEvent.objects.filter(kind="title_translated").exists()


def test_only_staff_of_the_territory_change_the_translations(body, staff) -> None:
    election, _codes = sample_election(body, stage=S.DRAFT)
    with pytest.raises(PermissionDenied):
        services.translate_title(
            actor=staff["town_editor"], election=election, translations={"fr": {"title": FRENCH}}
        )
    election.refresh_from_db()
    assert election.translations == {}


def test_staff_reports_find_missing_title_translations(body, world) -> None:
    sample_election(body, stage=S.DRAFT)
    (report,) = [r for r in translation_gaps(world.city) if r.model_name == "elections"]
    assert report.total == 1 and report.missing_per_language == {"ar": 1}
    (gap,) = report.gaps
    assert isinstance(gap.item, Election)
    assert gap.item.get_staff_url() == f"/en/staff/t/beta/elections/{gap.item.pk}/"


def test_the_voted_page_codes_sheet_and_polling_station_show_the_title(body, staff) -> None:
    frozen, _codes = sample_election(body, stage=S.REGISTER_FROZEN, voters=1)
    services.translate_title(
        actor=staff["city_editor"], election=frozen, translations={"fr": {"title": FRENCH}}
    )
    client = signed_in_client(staff["city_editor"])
    with translation.override("fr"):
        sheet = client.post(staff_url("step", frozen), {"action": "open_voting"}).content.decode()
        station = client.get(staff_url("station", frozen)).content.decode()
    assert FRENCH in sheet and FRENCH in station
    other, codes = sample_election(body, voters=1, title="Otra")
    with translation.override("fr"):
        vote_url = reverse("elections:vote", kwargs={"pk": other.pk})
    voted = Client().post(vote_url, {"code": codes[0]})
    assert '<span lang="es" dir="ltr">Otra</span> <small class="untranslated">' in voted.content.decode()
