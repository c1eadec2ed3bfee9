from __future__ import annotations

import csv
import io
import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from pontes.core.testing import signed_in_client
from pontes.elections import services
from pontes.elections.models import Ballot, Election, RegisterEntry, VotingCode
from pontes.elections.testing import sample_election

S = Election.Status


def staff_url(name: str, election: Election, **kwargs: object) -> str:
    return reverse(f"elections:{name}", kwargs={"slug": "beta", "pk": election.pk, **kwargs})


def test_vote_without_an_account(body) -> None:
    election, codes = sample_election(body, voters=2)
    url = reverse("elections:vote", kwargs={"pk": election.pk})
    page = Client().get(url)
    assert page.status_code == 200 and b"<script" not in page.content
    first = str(election.candidates.order_by("pk").first().pk)  # type: ignore[union-attr]
    group = election.seat_groups.get()
    answer = Client().post(url, {"code": codes[0].lower(), f"group_{group.pk}": [first]})
    assert b"Thank you for voting" in answer.content
    again = Client().post(url, {"code": codes[0], f"group_{group.pk}": [first]})
    assert again.status_code == 200 and b"used already" in again.content
    unknown = Client().post(url, {"code": "ZZZZ-ZZZZ-ZZZZ"})
    assert b"not valid" in unknown.content
    assert Ballot.objects.count() == 1


def test_the_vote_page_is_rate_limited(body, settings) -> None:
    settings.PONTES_ELECTION_VOTE_RATE = "2/m"
    election, _codes = sample_election(body, voters=1)
    url = reverse("elections:vote", kwargs={"pk": election.pk})
    client = Client()
    statuses = [client.post(url, {"code": "AAAA"}).status_code for _ in range(3)]
    assert statuses[:2] == [200, 200] and statuses[2] == 429


def test_draft_elections_are_not_public(body) -> None:
    election, _ = sample_election(body, stage=S.DRAFT)
    assert Client().get(reverse("elections:election", kwargs={"pk": election.pk})).status_code == 404


def test_results_refused_to_everyone_before_the_close(body, staff) -> None:
    election, codes = sample_election(body, voters=2)
    services.cast_ballot(election=election, code=codes[0], choices=[])
    public = Client().get(reverse("elections:results", kwargs={"pk": election.pk}))
    assert b"not published yet" in public.content and b"Votes" not in public.content
    staff_page = signed_in_client(staff["city_editor"]).get(staff_url("staff_results", election))
    assert b"No results before voting closes" in staff_page.content and b"<caption>" not in staff_page.content
    assert Client().get(reverse("elections:ballots_csv", kwargs={"pk": election.pk})).status_code == 404


def test_results_and_ballots_after_publication(body, staff) -> None:
    election, codes = sample_election(body, voters=3, method=Election.Method.DHONDT)
    group = election.seat_groups.get()
    for code, choice in zip(codes, ["Lista A", "Lista A", "Lista B"], strict=True):
        Client().post(
            reverse("elections:vote", kwargs={"pk": election.pk}), {"code": code, f"group_{group.pk}": choice}
        )
    client = signed_in_client(staff["city_editor"])
    client.post(staff_url("step", election), {"action": "close"})
    staff_page = client.get(staff_url("staff_results", election))
    assert b"Lista A" in staff_page.content and b"only 3 voters" in staff_page.content
    assert (
        b"not published yet" in Client().get(reverse("elections:results", kwargs={"pk": election.pk})).content
    )
    client.post(staff_url("step", election), {"action": "publish"})
    page = Client().get(reverse("elections:results", kwargs={"pk": election.pk}))
    assert b"Votes and seats per list" in page.content
    rows = list(
        csv.DictReader(
            io.StringIO(
                Client().get(reverse("elections:ballots_csv", kwargs={"pk": election.pk})).content.decode()
            )
        )
    )
    assert sorted(r["list"] for r in rows) == ["Lista A", "Lista A", "Lista B"]
    data = json.loads(Client().get(reverse("elections:ballots_json", kwargs={"pk": election.pk})).content)
    assert len(data["ballots"]) == 3


def test_staff_walk_through_and_codes_sheet(body, staff) -> None:
    client = signed_in_client(staff["city_editor"])
    group = body.seat_groups.get(kind="elected")
    response = client.post(
        reverse("elections:election_new", kwargs={"slug": "beta"}),
        {
            "body": body.pk,
            "title": "Elección 2027",
            "seat_groups": [group.pk],
            "method": "plurality",
            "voting_opens": "2020-01-01T10:00",
            "voting_closes": "2099-01-01T10:00",
            "min_age": "18",
            "require_residence": "on",
            "require_no_municipal_vote": "on",
        },
    )
    election = Election.objects.get(title="Elección 2027")
    assert response.status_code == 302
    client.post(staff_url("candidate_add", election), {"seat_group": group.pk, "name": "Nadia"})
    client.post(staff_url("step", election), {"action": "open_register"})
    bad = client.post(
        staff_url("register_import", election),
        {
            "file": SimpleUploadedFile(
                "r.csv", b"name,birth_date,address,document,seat_group\nAna,1990-13-01,x,A1,Nope\n"
            )
        },
    )
    assert bad.status_code == 400
    assert "Row 2, column “birth_date”".encode() in bad.content
    assert "Row 2, column “seat_group”".encode() in bad.content
    assert not RegisterEntry.objects.exists()
    good = (
        "name,birth_date,address,document,seat_group,resident,no_municipal_vote\n"
        "Ana,1990-01-01,x,A1,All residents,yes,yes\n"
    )
    client.post(staff_url("register_import", election), {"file": SimpleUploadedFile("r.csv", good.encode())})
    assert RegisterEntry.objects.count() == 1
    client.post(staff_url("step", election), {"action": "freeze_register"})
    sheet = client.post(staff_url("step", election), {"action": "open_voting"})
    assert sheet["Cache-Control"] == "no-store"
    code = sheet.content.decode().split('<code class="secret">')[1].split("<")[0]
    assert services.hash_code(code) == VotingCode.objects.get().code_hash
    # Shown once: the election page never shows it again.
    assert code.encode() not in client.get(staff_url("staff_election", election)).content
    log = client.get(staff_url("log", election))
    assert b"Chain verified" in log.content and code.encode() not in log.content


def test_small_group_warning_on_the_election_page(body, staff) -> None:
    election, _ = sample_election(body, voters=2, stage=S.REGISTER_OPEN)
    page = signed_in_client(staff["city_editor"]).get(staff_url("staff_election", election))
    assert b"could reveal how individual people voted" in page.content


def test_polling_station(body, staff) -> None:
    election, _ = sample_election(body, voters=2)
    entry = election.register.order_by("pk").first()
    assert entry is not None
    client = signed_in_client(staff["city_editor"])
    client.post(staff_url("station", election), {"entry": entry.pk})
    assert RegisterEntry.objects.get(pk=entry.pk).has_voted and Ballot.objects.count() == 1
    again = client.post(staff_url("station", election), {"entry": entry.pk})
    assert again.status_code == 200 and Ballot.objects.count() == 1


def test_public_request_to_change_the_register(body, staff) -> None:
    from django.utils import timezone

    election, _ = sample_election(body, stage=S.REGISTER_OPEN, voters=1)
    url = reverse("elections:complaint", kwargs={"pk": election.pk})
    today = timezone.localdate()
    Election.objects.filter(pk=election.pk).update(complaints_open=today, complaints_close=today)
    page = Client().get(reverse("elections:election", kwargs={"pk": election.pk}))
    assert url.encode() in page.content
    done = Client().post(url, {"name": "Ana Demo", "request": "Please add me: I live at Calle 5."})
    assert b"Request received" in done.content
    assert election.complaints.get().name == "Ana Demo"
    Election.objects.filter(pk=election.pk).update(complaints_open=None, complaints_close=None)
    closed = Client().post(url, {"name": "Bo", "request": "Add me"})
    assert b"only while the complaints window is open" in closed.content
    assert election.complaints.count() == 1


def test_the_vote_page_in_arabic_and_french(body) -> None:
    election, _codes = sample_election(body, voters=1)
    page = Client().get(f"/ar/elections/{election.pk}/vote/").content.decode()
    assert 'dir="rtl"' in page and "رمز التصويت" in page
    refused = Client().post(f"/fr/elections/{election.pk}/vote/", {"code": "XXXX"}).content.decode()
    assert "Ce code n’est pas valable" in refused


def test_public_results_warn_next_to_small_groups(body, settings) -> None:
    election, _codes = sample_election(body, voters=3, stage=S.PUBLISHED)
    url = reverse("elections:results", kwargs={"pk": election.pk})
    page = Client().get(url).content.decode()
    section = page[page.index('id="result-') : page.index("</section>")]
    # The warning sits in the group's own section, and the figures are still there.
    assert "Only 3 people were on the register of this group" in section and "<caption>" in section
    settings.PONTES_ELECTION_SMALL_GROUP = 3
    assert "Only 3 people" not in Client().get(url).content.decode()
    settings.PONTES_ELECTION_SMALL_GROUP = 10
    french = Client().get(f"/fr/elections/{election.pk}/results/").content.decode()
    assert "Seules 3 personnes étaient inscrites" in french
    arabic = Client().get(f"/ar/elections/{election.pk}/results/").content.decode()
    assert 'dir="rtl"' in arabic and "إلا 3 أشخاص" in arabic
