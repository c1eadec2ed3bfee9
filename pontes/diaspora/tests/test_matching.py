"""Explainable matching: who appears, in which order, and why."""

from __future__ import annotations

import dataclasses
import datetime
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pontes.core.models import Organisation, Role
from pontes.diaspora import matching, services, vocabularies
from pontes.diaspora.matching import Need, PersonFacts
from pontes.diaspora.models import Opportunity, OrganisationProfile, Person


@pytest.fixture
def editor(world, make_user):
    """Staff of the origin country: publish opportunities, see people, verify organisations."""
    return make_user("ma-editor", Role.EDITOR, world.country)


@pytest.fixture
def spain_editor(world, make_user):
    return make_user("es-editor", Role.EDITOR, world.other_country)


@pytest.fixture
def register(make_user, world):
    counter = iter(range(1000))

    def make(
        places,
        *,
        consents=("jobs",),
        skills=(),
        languages=(),
        availability="now",
        education="",
    ) -> Person:
        user = make_user(f"person-{next(counter)}")
        return services.register_person(
            user=user,
            name="Fictional Person",
            attachment="diaspora",
            residence_country="ES",
            territories=places,
            consents=consents,
            skills=[{"isco": code} for code in skills],
            languages=languages,
            availability=availability,
            education_level=education,
        )

    return make


@pytest.fixture
def publish(world, editor, spain_editor):
    def make(territory, *, kind="job", skills=(), languages=(), publish=True, **extra) -> Opportunity:
        actor = editor if world.country.covers(territory) else spain_editor
        opportunity = services.save_opportunity(
            actor=actor,
            territory=territory,
            opportunity=Opportunity(
                kind=kind,
                title="Nurse for the health centre",
                description="A fictional opening.",
                skills=list(skills),
                languages=list(languages),
                **extra,
            ),
        )
        if publish:
            services.set_opportunity_status(actor=actor, opportunity=opportunity, status="published")
        return opportunity

    return make


def people(matches) -> list[Person]:
    return [m.candidate for m in matches]


def test_the_order_follows_the_points_and_the_reasons_name_the_shared_codes(world, register, publish) -> None:
    opportunity = publish(world.town, skills=["2211"], languages=["fr"])
    best = register([world.town], skills=["2211"], languages=["fr"], availability="now")
    second = register([world.town], skills=["2212", "7111"], availability="later")
    third = register([world.province], skills=["2310"], availability="visits")
    matches = matching.rank_people(opportunity)
    assert people(matches) == [best, second, third]
    assert [m.score for m in matches] == [40 + 10 + 30 + 15, 30 + 0 + 30 + 4, 8 + 0 + 12 + 8]
    for match in matches:
        assert sum(r.points for r in match.reasons) == match.score
    texts = {m.candidate.pk: [(r.code, r.points, r.text) for r in m.reasons] for m in matches}
    assert ("skill", 40, "Same occupation as needed: ISCO-08 2211 Health professionals") in texts[best.pk]
    assert (
        "skill",
        30,
        "Shares occupation 221 Health professionals (ISCO-08 2212; 2211 is needed)",
    ) in texts[second.pk]
    assert ("skill", 8, "Shares occupation 2 Professionals (ISCO-08 2310; 2211 is needed)") in texts[third.pk]
    assert ("language", 10, "Speaks French (fr), which is needed") in texts[best.pk]
    assert ("language", 0, "Does not list French (fr), which is needed") in texts[second.pk]
    assert ("territory", 30, "Attached to Town A, where the opportunity is") in texts[best.pk]
    # Place names as the page shows them, in the reader's language or the place's own.
    province = str(world.province.tr("name"))
    assert ("territory", 12, f"Attached to {province}, which Town A belongs to") in texts[third.pk]
    consent = [r for r in matches[0].reasons if r.code == "consent"]
    assert consent[0].points == 0 and "Being contacted about jobs" in consent[0].text
    assert [m.candidate for m in matching.rank_people(opportunity, limit=1)] == [best]
    assert matching.rank_people(opportunity, limit=0) == []


def test_ties_are_broken_by_skill_points_then_registration(world, register, publish) -> None:
    opportunity = publish(world.town, skills=["2211"])
    near = register([world.town], skills=["2212"], availability="not_now")  # 30 + 30 + 0 = 60
    skilled = register([world.province], skills=["2211"], availability="visits")  # 40 + 12 + 8 = 60
    twin = register([world.province], skills=["2211"], availability="visits")  # the same, registered later
    matches = matching.rank_people(opportunity)
    assert [m.score for m in matches] == [60, 60, 60]
    assert people(matches) == [skilled, twin, near]


def test_education_counts_where_the_occupations_call_for_it(world, register, publish) -> None:
    opportunity = publish(world.town, skills=["2211"])
    graduate = register([world.town], skills=["2211"], education="7")
    other = register([world.town], skills=["2211"], education="3")
    matches = matching.rank_people(opportunity)
    assert people(matches) == [graduate, other]
    reason = next(r for r in matches[0].reasons if r.code == "education")
    assert reason.points == matching.EDUCATION_POINTS and "ISCED 7" in reason.text
    assert not [r for r in matches[1].reasons if r.code == "education"]


def test_only_people_with_the_consent_for_the_kind_appear(world, register, publish) -> None:
    job = publish(world.town, skills=["2211"])
    volunteering = publish(world.town, kind="volunteering", skills=["2211"])
    volunteer = register([world.town], consents=["volunteering"], skills=["2211"])
    worker = register([world.town], consents=["jobs"], skills=["2211"])
    assert people(matching.rank_people(job)) == [worker]
    assert people(matching.rank_people(volunteering)) == [volunteer]
    assert vocabularies.CONSENT_FOR_KIND["donation"] == "volunteering"


def test_withdrawing_consent_removes_the_person_at_once(world, register, publish) -> None:
    opportunity = publish(world.town, skills=["2211"])
    person = register([world.town], consents=["jobs", "mentoring"], skills=["2211"])
    assert people(matching.rank_people(opportunity)) == [person]
    assert [m.candidate for m in matching.rank_opportunities(person)] == [opportunity]
    services.set_consents(user=person.user, person=person, uses=["mentoring"])
    assert matching.rank_people(opportunity) == []
    assert matching.rank_opportunities(person) == []
    services.set_consents(user=person.user, person=person, uses=["mentoring", "jobs"])
    assert people(matching.rank_people(opportunity)) == [person]


def test_people_outside_the_scope_never_appear(world, register, publish, make_user) -> None:
    opportunity = publish(world.town, skills=["2211"])
    in_town = register([world.town], skills=["2211"])
    in_province = register([world.province], skills=["2211"])
    register([world.country], skills=["2211"])  # a whole country is too broad a tie
    register([world.city], skills=["2211"])  # another country
    register([world.district], skills=["2211"])
    assert set(people(matching.rank_people(opportunity))) == {in_town, in_province}
    # Staff of the town do not see people who named only the province above it.
    town_editor = make_user("town-editor", Role.EDITOR, world.town)
    assert people(matching.rank_people(opportunity, viewer=town_editor)) == [in_town]
    nobody = make_user("nobody")
    assert matching.rank_people(opportunity, viewer=nobody) == []


def test_places_within_the_opportunitys_territory_count(world, register, publish) -> None:
    opportunity = publish(world.province, skills=["2211"])
    person = register([world.town], skills=["2211"])
    [match] = matching.rank_people(opportunity)
    assert match.candidate == person
    assert any(
        r.code == "territory" and r.points == 20 and f"within {world.province.tr('name')}" in r.text
        for r in match.reasons
    )


def test_people_without_any_relevant_signal_do_not_appear(world, register, publish) -> None:
    opportunity = publish(world.town, skills=["2211"], languages=["es"])
    register([world.town], skills=["7111"], languages=["ar"])
    speaker = register([world.town], skills=["7111"], languages=["es"])
    assert people(matching.rank_people(opportunity)) == [speaker]
    # Naming neither skills nor languages, an opportunity takes everyone tied to the place.
    open_call = publish(world.town)
    assert len(matching.rank_people(open_call)) == 2


def test_not_available_ranks_lower_and_says_so(world, register, publish) -> None:
    opportunity = publish(world.town, skills=["2211"])
    away = register([world.town], skills=["2211"], availability="not_now")
    ready = register([world.town], skills=["2211"], availability="later")
    matches = matching.rank_people(opportunity)
    assert people(matches) == [ready, away]
    [reason] = [r for r in matches[1].reasons if r.code == "availability"]
    assert reason.points == 0 and reason.text == "Not available at the moment"


def test_remote_availability_counts_only_when_the_work_can_be_done_from_abroad(
    world, register, publish
) -> None:
    remote = publish(world.town, skills=["2211"], remote_ok=True)
    on_site = publish(world.town, skills=["2211"])
    person = register([world.town], skills=["2211"], availability="remote")
    [match] = matching.rank_people(remote)
    assert any(r.code == "remote" and r.points == matching.REMOTE_POINTS for r in match.reasons)
    [match] = matching.rank_people(on_site)
    assert any(r.code == "availability" and r.points == matching.REMOTE_ON_SITE_POINTS for r in match.reasons)
    assert match.candidate == person


def test_ranking_reads_no_encrypted_field(world, register, publish, django_assert_num_queries) -> None:
    opportunity = publish(world.town, skills=["2211"])
    sql, _params = matching.candidate_set_sql(opportunity)
    for column in ("name", "email", "phone", "residence_city", "about"):
        assert f'"diaspora_person"."{column}"' not in sql
    for _ in range(3):
        register([world.town], skills=["2211"])
    opportunity = Opportunity.objects.select_related("territory").get(pk=opportunity.pk)
    # Candidates, the people shown, the names of their places: however many candidates there are.
    with django_assert_num_queries(3):
        matching.rank_people(opportunity)


def test_the_sql_prefilter_selects_what_the_rules_say(world, register, publish) -> None:
    rng = random.Random(5)
    opportunity = publish(world.province, skills=["2211", "7"], languages=["es"])
    places = [world.country, world.province, world.town, world.city, world.district]
    for _ in range(40):
        register(
            rng.sample(places, rng.randint(1, 2)),
            consents=rng.sample(["jobs", "mentoring", "ambassador"], rng.randint(1, 2)),
            skills=rng.sample(["2211", "2310", "3111", "7111", "9111", "22"], rng.randint(0, 2)),
            languages=rng.sample(["ar", "es", "fr"], rng.randint(0, 2)),
        )
    need = matching.need_of(opportunity)
    expected = set()
    for person in Person.objects.all():
        facts, consents = matching.person_facts(person)
        if "jobs" in consents and matching.person_is_candidate(need, facts):
            expected.add(person.pk)
    assert expected
    assert {row[0] for row in matching.candidate_people(opportunity)} == expected
    assert {m.candidate.pk for m in matching.rank_people(opportunity, limit=100)} == expected


def test_both_directions_agree(world, register, publish) -> None:
    opportunities = [
        publish(world.town, skills=["2211"]),
        publish(world.province, kind="knowledge", skills=["23"], languages=["fr"]),
        publish(world.country, kind="ambassador"),
        publish(world.city, skills=["2211"]),
    ]
    persons = [
        register([world.town], consents=["jobs", "mentoring"], skills=["2211"], languages=["fr"]),
        register([world.province], consents=["ambassador", "jobs"], skills=["2310"]),
        register([world.country, world.district], consents=["ambassador", "jobs"], skills=["2211"]),
    ]
    for person in persons:
        found = {m.candidate.pk: m.score for m in matching.rank_opportunities(person)}
        for opportunity in opportunities:
            ranked = {m.candidate.pk: m.score for m in matching.rank_people(opportunity)}
            assert (opportunity.pk in found) == (person.pk in ranked)
            if opportunity.pk in found:
                assert found[opportunity.pk] == ranked[person.pk]


def test_opportunities_for_a_person_are_open_and_of_consented_kinds(world, register, publish) -> None:
    person = register([world.town], consents=["jobs"], skills=["2211"])
    exact = publish(world.town, skills=["2211"])
    nearby = publish(world.province, skills=["2212"])
    publish(world.town, skills=["2211"], publish=False)  # draft
    closed = publish(world.town, skills=["2211"])
    services.set_opportunity_status(actor=closed.created_by, opportunity=closed, status="closed")
    past = publish(world.town, skills=["2211"], deadline=datetime.date.today() + datetime.timedelta(days=3))
    Opportunity.objects.filter(pk=past.pk).update(deadline=datetime.date.today() - datetime.timedelta(days=1))
    today = publish(world.town, skills=["22"], deadline=datetime.date.today())
    publish(world.town, kind="investment", skills=["2211"])  # no consent for investment
    publish(world.city, skills=["2211"])  # not a place the person named
    matches = matching.rank_opportunities(person)
    assert [m.candidate for m in matches] == [exact, nearby, today]
    assert [m.score for m in matches] == [40 + 30 + 15, 30 + 20 + 15, 20 + 30 + 15]
    assert any("where the opportunity is" in r.text for r in matches[0].reasons)


def _organisation(make_user, world, *, name, base, origins=(), focus=("health",), languages=("ar",)):
    return services.register_organisation(
        actor=make_user(f"founder-{name}"),
        name=name,
        kind=Organisation.Kind.MIGRANT_ASSOCIATION,
        base=base,
        origins=origins,
        focus_areas=focus,
        languages=languages,
    )


def test_only_verified_and_related_organisations_appear(
    world, make_user, editor, spain_editor, publish
) -> None:
    opportunity = publish(world.town, skills=["2211"], languages=["ar"], sector="Public health")
    from_town = _organisation(make_user, world, name="Amis de Town A", base=world.city, origins=[world.town])
    based_here = _organisation(make_user, world, name="Town A Jobs", base=world.town, focus=["employment"])
    pending = _organisation(make_user, world, name="Pending Friends", base=world.city, origins=[world.town])
    rejected = _organisation(make_user, world, name="Rejected Friends", base=world.city, origins=[world.town])
    elsewhere = _organisation(make_user, world, name="Beta Health", base=world.city, origins=[world.city])
    unrelated = _organisation(
        make_user, world, name="Town A Culture", base=world.city, origins=[world.town], focus=["culture"]
    )
    for profile in (from_town, elsewhere, unrelated):
        services.review_organisation(actor=spain_editor, profile=profile, verified=True)
    services.review_organisation(actor=editor, profile=based_here, verified=True)
    services.review_organisation(actor=spain_editor, profile=rejected, verified=False, note="Unknown")
    matches = matching.rank_organisations(opportunity)
    assert [m.candidate for m in matches] == [from_town, based_here]
    assert matches[0].score == matching.FOCUS_POINTS + 30 + matching.ORGANISATION_LANGUAGE_POINTS
    texts = [r.text for r in matches[0].reasons]
    assert "Works on Health, which fits the sector “Public health”" in texts
    assert "Comes from Town A, where the opportunity is" in texts
    assert any(r.code == "verified" and r.points == 0 for r in matches[0].reasons)
    assert "Based in Town A, where the opportunity is" in [r.text for r in matches[1].reasons]
    assert any("Jobs and skills" in r.text for r in matches[1].reasons)
    for match in matches:
        assert sum(r.points for r in match.reasons) == match.score
    # From the organisation's side: the same opportunity, the same score; none unless verified.
    [back] = matching.rank_opportunities(from_town.organisation)
    assert back.candidate == opportunity and back.score == matches[0].score
    assert matching.rank_opportunities(pending.organisation) == []
    assert matching.rank_opportunities(rejected) == []
    assert OrganisationProfile.objects.get(pk=pending.pk).status == "pending"


# --- Properties of the scoring (no database) ----------------------------------------------------

TOWN = "0001000100010001"
PLACES = ["0001", "00010001", "000100010001", TOWN, TOWN + "0001", "0002", "00020001"]
sub_majors = sorted(vocabularies.ISCO_SUB_MAJOR)
isco = st.builds(
    lambda group, tail: group + tail,
    st.sampled_from(sub_majors),
    st.text(alphabet="123456789", max_size=2),
)
facts = st.builds(
    PersonFacts,
    pk=st.integers(min_value=1, max_value=10**6),
    skills=st.lists(isco, max_size=4).map(tuple),
    languages=st.lists(st.sampled_from(["ar", "fr", "es", "en"]), max_size=3, unique=True).map(tuple),
    places=st.lists(st.sampled_from(PLACES), min_size=1, max_size=3, unique=True).map(tuple),
    availability=st.sampled_from(vocabularies.Availability.values),
    education=st.sampled_from(["", *vocabularies.EducationLevel.values]),
)
needs = st.builds(
    Need,
    pk=st.just(1),
    kind=st.sampled_from(vocabularies.OpportunityKind.values),
    path=st.sampled_from(PLACES[1:5]),
    skills=st.lists(isco, max_size=3).map(tuple),
    languages=st.lists(st.sampled_from(["ar", "fr", "es"]), max_size=2, unique=True).map(tuple),
    remote_ok=st.booleans(),
)


@settings(max_examples=300, deadline=None)
@given(need=needs, person=facts, extra=isco)
def test_a_shared_skill_more_never_lowers_the_score(need, person, extra) -> None:
    before = matching.score(matching.person_parts(need, person))
    richer = dataclasses.replace(person, skills=(*person.skills, extra))
    assert matching.score(matching.person_parts(need, richer)) >= before
    if matching.person_is_candidate(need, person):
        assert matching.person_is_candidate(need, richer)


@settings(max_examples=200, deadline=None)
@given(
    need=needs, group=st.lists(facts, min_size=2, max_size=12, unique_by=lambda f: f.pk), seed=st.integers()
)
def test_the_order_is_total_and_does_not_depend_on_the_input_order(need, group, seed) -> None:
    def ranked(items):
        return [
            f.pk for f in sorted(items, key=lambda f: matching.sort_key(matching.person_parts(need, f), f.pk))
        ]

    shuffled = list(group)
    random.Random(seed).shuffle(shuffled)
    assert ranked(group) == ranked(shuffled)
    keys = [matching.sort_key(matching.person_parts(need, f), f.pk) for f in group]
    assert len(set(keys)) == len(keys)
    scores = [
        matching.score(matching.person_parts(need, f))
        for f in sorted(group, key=lambda f: keys[group.index(f)])
    ]
    assert scores == sorted(scores, reverse=True)


@settings(max_examples=200, deadline=None)
@given(need=needs, person=facts)
def test_the_reasons_add_up_to_the_score(need, person) -> None:
    parts = matching.person_parts(need, person)
    reasons = matching.explain(parts, {})
    assert sum(r.points for r in reasons) == matching.score(parts)
    assert all(r.text for r in reasons)
    shared = [r for r in reasons if r.code == "skill"]
    assert len(shared) <= len(need.skills)


@settings(max_examples=400, deadline=None)
@given(need=needs, person=facts)
def test_the_fast_ranking_key_agrees_with_the_reasons(need, person) -> None:
    spoken = {code.casefold() for code in person.languages}
    row = (
        person.pk,
        person.availability,
        person.education,
        ",".join(person.skills) or None,
        ",".join(person.places) or None,
        *(int(code.casefold() in spoken) for code in need.languages),
    )
    expected = matching.sort_key(matching.person_parts(need, person), person.pk)
    assert matching.PersonScorer(need).key(row) == expected


def test_over_a_whole_country_the_best_are_found_first_and_the_result_is_the_same(
    world, register, publish, django_assert_num_queries
) -> None:
    opportunity = publish(world.country, skills=["2211"])
    close = [register([world.town], skills=["2211"], availability="now") for _ in range(4)]
    for availability in ("now", "later", "not_now"):
        register([world.province], skills=["2310"], availability=availability)
        register([world.town], skills=["2299"], availability=availability)
    register([world.country], skills=["2"], availability="now")
    full = [(m.candidate, m.score) for m in matching.rank_people(opportunity, limit=100)]
    assert len(full) == 11
    opportunity = Opportunity.objects.select_related("territory").get(pk=opportunity.pk)
    # 40 + 20 + 15 = 75 for the third best, above the 70 anyone sharing fewer digits could reach.
    assert matching.outside_tier_bound(matching.need_of(opportunity), 3) == 70
    with django_assert_num_queries(3):
        best = matching.rank_people(opportunity, limit=3)
    assert [(m.candidate, m.score) for m in best] == full[:3]
    assert {m.candidate for m in best} <= set(close)
    # When the first candidates do not settle it, every candidate is ranked.
    assert [(m.candidate, m.score) for m in matching.rank_people(opportunity, limit=6)] == full[:6]


def test_a_national_opportunity_naming_no_skill_reads_the_top_scorers_first(
    world, register, publish, django_assert_num_queries
) -> None:
    # Knowledge transfer needs a bachelor's degree (the kind's floor); this one Arabic and French.
    opportunity = publish(world.country, kind="knowledge", languages=["ar", "fr"])
    top = [
        register([world.country], languages=["ar", "fr"], education="6", consents=["mentoring"])
        for _ in range(3)
    ]
    # Each misses one part's top: tied below the country, not available now, one language short,
    # not schooled enough.
    register([world.town], languages=["ar", "fr"], education="6", consents=["mentoring"])
    register(
        [world.country], languages=["ar", "fr"], education="6", availability="visits", consents=["mentoring"]
    )
    register([world.country], languages=["ar"], education="7", consents=["mentoring"])
    register([world.country], languages=["ar", "fr"], education="3", consents=["mentoring"])
    register([world.country], languages=["ar", "fr"], education="6", consents=["jobs"])  # not for this use
    opportunity = Opportunity.objects.select_related("territory").get(pk=opportunity.pk)
    full = [(m.candidate, m.score) for m in matching.rank_people(opportunity, limit=100)]
    assert len(full) == 7 and [person for person, _score in full[:3]] == top
    assert full[2][1] > full[3][1]  # the highest score is theirs alone
    # Three top scorers answer a request for three (one query for them, one for the consents).
    with django_assert_num_queries(3):
        best = matching.rank_people(opportunity, limit=3)
    assert [(m.candidate, m.score) for m in best] == full[:3]
    # Asking for more than there are top scorers ranks every candidate: the same order.
    assert [(m.candidate, m.score) for m in matching.rank_people(opportunity, limit=5)] == full[:5]
