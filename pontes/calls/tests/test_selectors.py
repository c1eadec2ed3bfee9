"""Ranking and the 360Giving rows of awards."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from pontes.calls import selectors, services
from pontes.calls.models import Application, Call
from pontes.calls.testing import make_application, make_call

pytestmark = pytest.mark.django_db

COLUMNS = [
    "Identifier",
    "Title",
    "Description",
    "Currency",
    "Amount Awarded",
    "Award Date",
    "Recipient Org:Identifier",
    "Recipient Org:Name",
    "Funding Org:Identifier",
    "Funding Org:Name",
    "Beneficiary Location:Name",
    "Planned Dates:Start Date",
    "Planned Dates:End Date",
    "Grant Programme:Title",
]


def _decided(world, staff) -> tuple[Call, Application]:
    call = make_call(world.city, status=Call.Status.CLOSED, reviews_needed=1, title="Integration 2026")
    application = make_application(call, world.organisation, amount="3500", title="Language cafés")
    services.submit_review(
        actor=staff["city_editor"],
        application=application,
        scores={c.pk: (7, "Sound plan.") for c in call.criteria.all()},
        gender_analysis="addressed",
        gender_resources="addressed",
        gender_monitoring="addressed",
        gender_effect="addressed",
    )
    services.award_call(actor=staff["city_editor"], call=call)
    application.refresh_from_db()
    call.refresh_from_db()
    return call, application


def test_grants_csv_has_the_360giving_columns_and_values(world, staff) -> None:
    call, application = _decided(world, staff)
    response = Client().get(reverse("calls:grants_csv", kwargs={"pk": call.pk}))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    reader = csv.DictReader(io.StringIO(response.content.decode()))
    assert reader.fieldnames == COLUMNS
    (row,) = list(reader)
    assert application.decided_at and application.starts_on and application.ends_on
    assert row["Identifier"] == f"360G-pontes-call-{call.pk}-{application.pk}"
    assert row["Title"] == "Language cafés"
    assert row["Currency"] == "EUR"
    assert Decimal(row["Amount Awarded"]) == Decimal("3500")
    assert row["Award Date"] == application.decided_at.date().isoformat()
    assert row["Recipient Org:Identifier"] == f"360G-pontes-org-{world.organisation.uuid}"
    assert row["Recipient Org:Name"] == "Casa Beta"
    assert row["Funding Org:Identifier"] == "360G-pontes-territory-beta"
    assert row["Funding Org:Name"] == row["Beneficiary Location:Name"] == "Ciudad Beta"
    assert row["Planned Dates:Start Date"] == application.starts_on.isoformat()
    assert row["Planned Dates:End Date"] == application.ends_on.isoformat()
    assert row["Grant Programme:Title"] == "Integration 2026"


def test_grants_json_matches_the_csv(world, staff) -> None:
    call, _application = _decided(world, staff)
    data = json.loads(Client().get(reverse("calls:grants_json", kwargs={"pk": call.pk})).content)
    (grant,) = data["grants"]
    assert list(grant) == COLUMNS
    assert grant["Amount Awarded"] == 3500.0 and grant["Recipient Org:Name"] == "Casa Beta"


def test_drafts_are_not_public_and_undecided_calls_publish_no_grant(world, staff) -> None:
    draft = make_call(world.city, status=Call.Status.DRAFT)
    assert Client().get(reverse("calls:call", kwargs={"pk": draft.pk})).status_code == 404
    call = make_call(world.city)
    make_application(call, world.organisation)
    assert selectors.grant_rows(call) == []


def test_ranking_puts_unreviewed_last(world, staff) -> None:
    call = make_call(world.city, status=Call.Status.CLOSED)
    application = make_application(call, world.organisation)
    (row,) = selectors.ranking(call)
    assert row.score is None and row.rank is None and row.application == application


def test_territory_statistics(world, staff) -> None:
    _decided(world, staff)
    make_call(world.city)
    figures = {str(s.label): s.value for s in selectors.territory_statistics(world.other_country)}
    assert figures == {
        "Open calls for projects": 1,
        "Projects funded through calls": 1,
        "Amount awarded through calls": "3 500",
    }


def test_the_public_list_filters_by_place(world, staff) -> None:
    make_call(world.city, title="Beta call")
    make_call(world.town, title="Town call")
    page = Client().get(reverse("calls:calls") + "?place=beta").content.decode()
    assert "Beta call" in page and "Town call" not in page
