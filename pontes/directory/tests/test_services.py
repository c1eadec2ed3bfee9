from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from pontes.core.models import AuditEntry
from pontes.core.tests.test_permissions import Verified
from pontes.directory import services
from pontes.directory.models import MetadataEntry, Revision, SearchDocument, Service
from pontes.directory.search import SearchParams, search
from pontes.directory.tests.conftest import payload


def test_provider_change_waits_for_review_and_live_listing_stays(listings, staff):
    live = listings["spanish"]
    proposed = services.payload_of(live) | {
        "name": "Clases de español (nuevo horario)",
        "schedules": [{"byday": "TU,TH", "opens_at": "19:00", "closes_at": "21:00"}],
    }
    revision = services.propose_change(
        actor=staff["provider"], organization=live.organization, payload=proposed, service=live
    )
    assert isinstance(revision, Revision) and revision.state == "pending"
    live.refresh_from_db()
    assert live.name == "Clases de español"
    assert search(SearchParams(q="horario", language="es")).total == 0

    service = services.approve_revision(actor=staff["city_editor"], revision=revision)
    assert service.name == "Clases de español (nuevo horario)"
    assert [s.byday for s in service.schedules.all()] == ["TU,TH"]
    assert search(SearchParams(q="horario", language="es")).total == 1
    assert MetadataEntry.objects.filter(resource_id=str(service.pk), field_name="name").exists()
    with pytest.raises(ValidationError):
        services.approve_revision(actor=staff["city_editor"], revision=revision)


def test_rejection_needs_a_reason_and_keeps_history(listings, staff):
    live = listings["legal"]
    revision = services.propose_change(
        actor=staff["provider"],
        organization=live.organization,
        payload=services.payload_of(live) | {"name": "X"},
        service=live,
    )
    assert isinstance(revision, Revision)
    with pytest.raises(ValidationError):
        services.reject_revision(actor=staff["city_editor"], revision=revision, reason="  ")
    services.reject_revision(actor=staff["city_editor"], revision=revision, reason="Nombre poco claro")
    revision.refresh_from_db()
    assert (revision.state, revision.reason) == ("rejected", "Nombre poco claro")
    assert AuditEntry.objects.filter(target_type="directory.Revision", action="update").exists()


def test_a_newer_proposal_replaces_the_pending_one(listings, staff):
    live = listings["legal"]
    for name in ("A", "B"):
        services.propose_change(
            actor=staff["provider"],
            organization=live.organization,
            payload=services.payload_of(live) | {"name": name},
            service=live,
        )
    assert list(
        Revision.objects.filter(service=live, state="pending").values_list("data__name", flat=True)
    ) == ["B"]


def test_staff_who_moderate_publish_directly(listings, staff):
    live = listings["legal"]
    outcome = services.propose_change(
        actor=staff["city_editor"],
        organization=live.organization,
        payload=services.payload_of(live) | {"name": "Asesoría gratuita"},
        service=live,
    )
    assert isinstance(outcome, Service) and outcome.name == "Asesoría gratuita"


def test_providers_cannot_touch_other_organisations(listings, staff, world):
    with pytest.raises(PermissionDenied):
        services.propose_change(
            actor=staff["provider"], organization=world.other_organisation, payload=payload()
        )
    with pytest.raises(PermissionDenied):
        services.approve_revision(
            actor=staff["provider"],
            revision=Revision.objects.create(
                service=listings["legal"],
                organization=listings["legal"].organization,
                territory=listings["legal"].territory,
                data=payload(),
            ),
        )


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"name": ""}, "name"),
        ({"needs": ["flying"]}, "needs"),
        ({"languages": ["xx-nope"]}, "languages"),
        ({"schedules": [{"byday": "MO", "opens_at": "20:00", "closes_at": "18:00"}]}, "schedules"),
        ({"schedules": [{"byday": "XX", "opens_at": "", "closes_at": ""}]}, "schedules"),
        ({"schedules": [{"byday": "MO", "opens_at": "25:99", "closes_at": ""}]}, "schedules"),
        ({"cost_options": [{"amount": "-5"}]}, "cost_options"),
        ({"minimum_age": 30, "maximum_age": 10}, "maximum_age"),
        ({"location_ids": ["00000000-0000-0000-0000-000000000000"]}, "location_ids"),
    ],
)
def test_bad_payloads_name_the_field_and_change_nothing(listings, staff, change, field):
    live = listings["spanish"]
    before = (Service.objects.count(), SearchDocument.objects.count(), AuditEntry.objects.count())
    with pytest.raises(ValidationError) as caught:
        services.update_service(actor=None, service=live, payload=services.payload_of(live) | change)
    assert field in caught.value.message_dict
    live.refresh_from_db()
    assert live.name == "Clases de español"
    assert (Service.objects.count(), SearchDocument.objects.count(), AuditEntry.objects.count()) == before


def test_mark_verified_sets_the_date(listings, staff):
    import datetime

    Service.objects.filter(pk=listings["legal"].pk).update(assured_date=datetime.date(2020, 1, 1))
    service = Service.objects.get(pk=listings["legal"].pk)
    assert service.is_stale()
    services.mark_verified(actor=staff["provider"], service=service)
    assert not Service.objects.get(pk=service.pk).is_stale()


def test_feedback_and_unmet_searches_keep_no_personal_data(listings, world):
    feedback = services.report_wrong_information(
        service=listings["legal"], kind="closed", message=" cerrado ", language="es"
    )
    assert feedback.message == "cerrado"
    with pytest.raises(ValidationError):
        services.report_wrong_information(service=listings["legal"], kind="bogus", message="", language="es")
    for _ in range(3):
        services.record_unmet_search(
            territory=world.city, query="dentista", filters="need=health", language="es"
        )
    from pontes.directory.models import UnmetSearch

    entry = UnmetSearch.objects.get()
    assert (entry.query, entry.count) == ("dentista", 3)
    assert {f.name for f in UnmetSearch._meta.get_fields()} == {
        "id",
        "territory",
        "day",
        "query",
        "filters",
        "language",
        "count",
    }


def test_reindex_on_location_change(listings, world, place):
    services.save_location(
        actor=None,
        organization=world.organisation,
        territory=world.district,
        location=place,
        values={"name": "Casa Beta", "latitude": Decimal("31.1"), "longitude": Decimal("-7.9")},
    )
    assert search(SearchParams(latitude=31.1, longitude=-7.9, radius_km=1)).total == 3


def test_verified_user_wrapper_still_works(staff):
    assert Verified(staff["city_admin"], True).is_verified()


def test_stale_listings_are_reminded_once_a_month(listings, staff, mailoutbox):
    import datetime

    from pontes.directory.services import remind_stale_providers

    staff["provider"].email = "provider@casa-beta.example"
    staff["provider"].preferred_language = "es"
    staff["provider"].save()
    Service.objects.filter(pk=listings["legal"].pk).update(assured_date=datetime.date(2020, 1, 1))
    assert remind_stale_providers(months=12) == 1
    assert mailoutbox[0].to == ["provider@casa-beta.example"]
    assert "Asesoría jurídica" in mailoutbox[0].body
    assert "Taller" not in mailoutbox[0].body
    assert remind_stale_providers(months=12) == 0  # not again within a month
