from __future__ import annotations

from io import StringIO

from pontes.core.demo import DemoContext
from pontes.core.registry import registry
from pontes.elections import demo, selectors
from pontes.elections.models import Ballot, Election
from pontes.elections.testing import sample_body


def test_the_step_is_registered_after_participation() -> None:
    elections, participation = registry.get("elections"), registry.get("participation")
    assert elections is not None and participation is not None
    assert elections.demo_data is demo.load and elections.order > participation.order


def test_missing_body_is_skipped_quietly(db) -> None:
    demo.load(DemoContext(seed=1, out=StringIO()))
    assert not Election.objects.exists()


def test_a_past_published_election_with_a_purged_register(world) -> None:
    sample_body(world.city, slug=demo.BODY_SLUG)
    demo.load(DemoContext(seed=1, out=StringIO()))
    demo.load(DemoContext(seed=1, out=StringIO()))  # safe to run twice
    election = Election.objects.get()
    assert election.status == Election.Status.PUBLISHED and election.register_purged_at
    assert all(e.name is None and e.anonymised for e in election.register.all())
    assert (
        Ballot.objects.filter(election=election).count()
        == election.register.filter(has_voted=True).count()
        > 0
    )
    (result,) = selectors.results(election)
    assert sum(result.allocation.seats.values()) + result.allocation.undecided == 3
    assert selectors.verify_chain(election) is None
    assert all("(demo)" in c.list_name for c in election.candidates.all())
    assert (election.title, election.original_language) == (demo.TITLE, "es")
    assert election.text_in("title", "fr") == demo.TITLE_TRANSLATIONS["fr"]["title"]
    assert election.text_in("title", "ar") == demo.TITLE_TRANSLATIONS["ar"]["title"]


def test_a_database_loaded_with_the_earlier_title_gets_no_second_election(world) -> None:
    sample_body(world.city, slug=demo.BODY_SLUG)
    demo.load(DemoContext(seed=1, out=StringIO()))
    Election.objects.update(title=demo.EARLIER_TITLES[0])
    demo.load(DemoContext(seed=1, out=StringIO()))
    assert Election.objects.count() == 1


def test_after_the_real_demo_steps(db) -> None:
    from pontes.core.demo_steps import create_territories_people_and_organisations
    from pontes.participation import demo as participation_demo

    context = DemoContext(seed=11, out=StringIO())
    create_territories_people_and_organisations(context)
    participation_demo.load(context)
    demo.load(context)
    election = Election.objects.get(body__slug=demo.BODY_SLUG)
    assert election.status == Election.Status.PUBLISHED
    assert all(e.document is None for e in election.register.all())
