"""Who can likely help: small worlds, built by hand, ranked by the ranker.

The worlds are written by the factories, then indexed and their expertise
rebuilt at once, as after a bulk load.
"""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from commonplace.communities.models import Role, Visibility
from commonplace.communities.tests.factories import CommunityFactory, MembershipFactory
from commonplace.expertise import ranker
from commonplace.expertise.ranker import (
    MAX_SUGGESTIONS,
    Question,
    Suggestion,
    suggest_people,
)
from commonplace.expertise.tests.worlds import answered as _answered
from commonplace.expertise.tests.worlds import ready as _ready
from commonplace.knowledge.models import Mention
from commonplace.knowledge.tests.factories import PostFactory
from commonplace.people.tests.factories import UserFactory
from commonplace.topics.tests.factories import TopicFactory

pytestmark = pytest.mark.django_db

VAULT_TITLES = (
    "Rotating vault signing keys without downtime",
    "How often should vault signing keys rotate?",
    "Vault signing keys expired overnight",
)
BREAD_TITLES = (
    "Baking sourdough bread at altitude",
    "Why does my sourdough bread collapse?",
    "Feeding a sourdough starter before baking",
)


@pytest.fixture
def community():
    return CommunityFactory(name="Platform Guild", slug="platform-guild")


@pytest.fixture
def asker():
    return UserFactory(display_name="Asker")


def _suggest(viewer, title, *, size=10, **question):
    return suggest_people(
        viewer, Question(title=title, **question), size=size, now=timezone.now()
    )


def _people(suggestions):
    return [suggestion.person for suggestion in suggestions]


def _evidence_of(suggestions, person):
    return next(s.evidence for s in suggestions if s.person == person)


def test_who_answered_the_similar_questions_ranks_first(community, asker):
    alice, bob, carol = UserFactory(), UserFactory(), UserFactory()
    for title in VAULT_TITLES:
        _answered(community, alice, title)
    for title in BREAD_TITLES:
        _answered(community, bob, title)
    # An answer nobody accepted or found helpful solved nothing.
    _answered(community, carol, "Vault signing keys for staging", accepted=False)
    _ready()

    found = _suggest(asker, "How do we rotate vault signing keys?")

    assert _people(found)[0] == alice
    assert bob not in _people(found)
    assert carol not in _people(found)
    evidence = _evidence_of(found, alice)
    assert "answered 3 similar questions, 3 accepted" in evidence
    assert all(isinstance(suggestion, Suggestion) for suggestion in found)


def test_a_helpful_answer_counts_when_none_was_accepted(community, asker):
    alice, bob = UserFactory(), UserFactory()
    _answered(community, alice, VAULT_TITLES[0], accepted=False, helpful=2)
    _answered(community, bob, VAULT_TITLES[1], accepted=False)
    _ready()

    found = _suggest(asker, "rotate vault signing keys")

    assert _people(found) == [alice]
    assert "answered 1 similar question, 0 accepted" in _evidence_of(found, alice)


def test_topic_expertise_alone_finds_who_answered_on_the_topic(community, asker):
    terraform = TopicFactory(name="Terraform")
    alice, bob = UserFactory(), UserFactory()
    _answered(community, alice, "Zebra migration paths", topics=[terraform])
    _answered(community, alice, "Quokka habitats", topics=[terraform], accepted=False)
    _answered(community, bob, "Capybara diets", topics=[TopicFactory()])
    _ready()

    found = _suggest(asker, "Provisioning buckets", topics=[terraform])

    assert _people(found) == [alice]
    evidence = _evidence_of(found, alice)
    assert "answered 2 questions on Terraform, 1 accepted" in evidence
    assert not [said for said in evidence if "similar question" in said]


def test_a_stated_skill_alone_is_a_weak_reason(community, asker):
    terraform = TopicFactory(name="Terraform")
    newcomer = UserFactory()
    newcomer.skills.set([terraform])
    expert = UserFactory()
    _answered(community, expert, "Zebra migration paths", topics=[terraform])
    _ready()

    found = _suggest(asker, "Provisioning buckets", topics=[terraform])

    assert _people(found) == [expert, newcomer]
    assert "lists Terraform among their skills" in _evidence_of(found, newcomer)


@pytest.fixture
def private():
    return CommunityFactory(visibility=Visibility.PRIVATE)


def test_private_answers_count_only_for_who_may_read_them(community, private):
    terraform = TopicFactory(name="Terraform")
    insider = MembershipFactory(community=private).person
    member = MembershipFactory(community=private).person
    outsider = UserFactory()
    for title in VAULT_TITLES:
        _answered(private, insider, title, topics=[terraform])
    question = {"title": "rotate vault signing keys", "topics": [terraform]}

    _ready()
    found_by_outsider = _suggest(outsider, **question)
    found_by_member = _suggest(member, **question)

    assert insider not in _people(found_by_outsider)
    assert _people(found_by_member) == [insider]
    evidence = _evidence_of(found_by_member, insider)
    assert "answered 3 similar questions, 3 accepted" in evidence
    assert "answered 3 questions on Terraform, 3 accepted" in evidence


def test_evidence_counts_leave_out_private_answers(community, private):
    terraform = TopicFactory(name="Terraform")
    both = MembershipFactory(community=private).person
    member = MembershipFactory(community=private).person
    outsider = UserFactory()
    _answered(community, both, VAULT_TITLES[0], topics=[terraform])
    _answered(private, both, VAULT_TITLES[1], topics=[terraform])
    _answered(private, both, VAULT_TITLES[2], topics=[terraform], days_ago=0)
    question = {"title": "rotate vault signing keys", "topics": [terraform]}
    _ready()

    for_outsider = _evidence_of(_suggest(outsider, **question), both)
    for_member = _evidence_of(_suggest(member, **question), both)

    assert "answered 1 similar question, 1 accepted" in for_outsider
    assert "answered 1 question on Terraform, 1 accepted" in for_outsider
    # The last answer the outsider may see was a day ago, not today.
    assert "last answer 1\xa0day ago" in for_outsider
    assert "answered 3 similar questions, 3 accepted" in for_member


def test_private_answers_raise_no_rank_for_who_may_not_read_them(community, private):
    """Two people equal in public; one also answered in private. For an
    outsider the tie stands (broken by pk), for a member it does not."""
    terraform = TopicFactory(name="Terraform")
    public_only = UserFactory()
    also_private = MembershipFactory(community=private).person
    member = MembershipFactory(community=private).person
    when = timezone.now() - timedelta(days=1)
    for person in (public_only, also_private):
        _answered(
            community, person, "Zebra migration paths", topics=[terraform], when=when
        )
    _answered(private, also_private, "Quokka habitats", topics=[terraform])
    _ready()

    by_outsider = _suggest(UserFactory(), "Provisioning", topics=[terraform])
    by_member = _suggest(member, "Provisioning", topics=[terraform])

    assert _people(by_outsider) == [public_only, also_private]
    assert by_outsider[0].score == pytest.approx(by_outsider[1].score)
    assert _people(by_member) == [also_private, public_only]


def test_deactivated_people_and_the_asker_never_appear(community, asker):
    terraform = TopicFactory(name="Terraform")
    gone, active = UserFactory(), UserFactory()
    for title in VAULT_TITLES:
        _answered(community, gone, title, topics=[terraform])
        _answered(community, asker, title, topics=[terraform])
    _answered(community, active, VAULT_TITLES[0], topics=[terraform])
    type(gone).objects.filter(pk=gone.pk).update(is_active=False)
    gone.refresh_from_db()
    asker.skills.set([terraform])
    _ready()

    found = _suggest(asker, "rotate vault signing keys", topics=[terraform])

    assert _people(found) == [active]


def test_for_a_private_question_only_its_readers_appear(community, private):
    terraform = TopicFactory(name="Terraform")
    asker = MembershipFactory(community=private).person
    reader = MembershipFactory(community=private, role=Role.GUEST).person
    stranger = UserFactory()
    for person in (reader, stranger):
        for title in VAULT_TITLES:
            _answered(community, person, title, topics=[terraform])
    _ready()

    found = _suggest(
        asker, "rotate vault signing keys", topics=[terraform], community=private
    )
    in_public = _suggest(
        asker, "rotate vault signing keys", topics=[terraform], community=community
    )

    assert _people(found) == [reader]
    assert set(_people(in_public)) == {reader, stranger}


@pytest.mark.parametrize(
    "title",
    [
        "the and of",
        "{}();=>",
        "",
        '"unterminated -not OR AND (',
        "*",
        "rotate " * 200,
    ],
)
def test_bad_titles_give_a_list(community, asker, title):
    alice = UserFactory()
    for vault in VAULT_TITLES:
        _answered(community, alice, vault)
    _ready()

    found = _suggest(asker, title, body=title)

    assert isinstance(found, list)
    assert asker not in _people(found)


def test_a_topic_nobody_knows_finds_nobody(community, asker):
    _answered(
        community, UserFactory(), "Zebra migration paths", topics=[TopicFactory()]
    )
    _ready()

    found = _suggest(asker, "Quokka habitats", topics=[TopicFactory(name="Nobody")])

    assert found == []


def test_an_asker_with_no_contributions_still_gets_suggestions(community):
    alice = UserFactory()
    _answered(community, alice, VAULT_TITLES[0])
    _ready()

    assert _people(_suggest(UserFactory(), "vault signing keys")) == [alice]


def test_an_empty_world_suggests_nobody(asker):
    _ready()

    assert _suggest(asker, "vault signing keys", topics=[TopicFactory()]) == []


def test_an_anonymous_viewer_gets_nobody(community):
    _answered(community, UserFactory(), VAULT_TITLES[0])
    _ready()

    assert _suggest(AnonymousUser(), "vault signing keys") == []


def test_a_deactivated_asker_gets_nobody(community, asker):
    _answered(community, UserFactory(), VAULT_TITLES[0])
    _ready()
    asker.is_active = False

    assert _suggest(asker, "vault signing keys") == []


def test_who_answered_recently_ranks_above_an_equal_who_did_not(community, asker):
    terraform = TopicFactory(name="Terraform")
    # Created first, so a tie would put them first.
    idle, recent = UserFactory(), UserFactory()
    long_ago = timezone.now() - timedelta(days=400)
    for person in (idle, recent):
        for title in ("Zebra migration paths", "Quokka habitats"):
            _answered(community, person, title, topics=[terraform], when=long_ago)
    _answered(community, recent, "Capybara diets", days_ago=2)
    _ready()

    found = _suggest(asker, "Provisioning", topics=[terraform])

    assert _people(found) == [recent, idle]
    assert found[0].score > found[1].score


def _equals(community, terraform, count=2):
    people = [UserFactory() for _ in range(count)]
    when = timezone.now() - timedelta(days=3)
    for person in people:
        for title in ("Zebra migration paths", "Quokka habitats"):
            _answered(community, person, title, topics=[terraform], when=when)
    return people


def test_load_lowers_a_persons_rank(community, asker):
    terraform = TopicFactory(name="Terraform")
    first, second = _equals(community, terraform)
    _ready()

    unloaded = _suggest(asker, "Provisioning", topics=[terraform])
    loaded = suggest_people(
        asker,
        Question(title="Provisioning", topics=[terraform]),
        now=timezone.now(),
        load={first.pk: 2},
    )

    assert _people(unloaded) == [first, second]
    assert _people(loaded) == [second, first]
    assert loaded[1].score == pytest.approx(
        unloaded[0].score / (1 + ranker.LOAD_PENALTY * 2)
    )
    assert "already asked about 2 open questions this week" in loaded[1].evidence


def _provisioners(community, topic, answers):
    """One person per entry of `answers`, each with that many answers on
    `topic` three days ago: the more answers, the higher they rank."""
    people = [UserFactory() for _ in answers]
    when = timezone.now() - timedelta(days=3)
    for person, count in zip(people, answers, strict=True):
        for number in range(count):
            title = f"Provisioning step {person.pk} {number}"
            _answered(community, person, title, topics=[topic], when=when)
    return people


def test_a_busy_third_place_gives_way_to_someone_free(community, asker):
    terraform = TopicFactory(name="Terraform")
    people = _provisioners(community, terraform, [12, 11, 10, 5, 4])
    _ready()
    question = Question(title="Provisioning", topics=[terraform])

    free = suggest_people(asker, question, now=timezone.now())
    busy = suggest_people(asker, question, now=timezone.now(), load={people[2].pk: 1})

    assert _people(free) == people
    # Their load still leaves them third by score; routing asks the top 3.
    assert busy[2].person == people[3]
    assert busy[3].person == people[2]
    assert busy[3].score > busy[2].score
    assert _people(busy)[4:] == people[4:]


def test_a_busy_third_place_is_kept_when_nobody_free_comes_close(community, asker):
    terraform = TopicFactory(name="Terraform")
    people = _provisioners(community, terraform, [6, 6, 6])
    _answered(community, UserFactory(), "Provisioning once", days_ago=400)
    _ready()

    busy = suggest_people(
        asker,
        Question(title="Provisioning", topics=[terraform]),
        now=timezone.now(),
        load={people[2].pk: 1},
    )

    assert busy[2].person == people[2]
    assert busy[3].score < ranker.GIVE_WAY_SHARE * busy[2].score


def test_open_questions_someone_was_mentioned_in_are_their_load(
    community, private, asker
):
    terraform = TopicFactory(name="Terraform")
    first, second = _equals(community, terraform)
    for _ in range(2):
        Mention.objects.create(person=first, post=PostFactory(community=community))
    # Not counted: resolved, old, or where the asker may not read.
    Mention.objects.create(
        person=second, post=PostFactory(community=community, is_resolved=True)
    )
    Mention.objects.create(
        person=second,
        post=PostFactory(community=community),
        created_at=timezone.now() - timedelta(days=30),
    )
    Mention.objects.create(person=second, post=PostFactory(community=private))
    _ready()

    found = _suggest(asker, "Provisioning", topics=[terraform])

    assert _people(found) == [second, first]
    assert "already asked about 2 open questions this week" in found[1].evidence
    assert not [said for said in found[0].evidence if "already asked" in said]


def test_size_keeps_the_best(community, asker):
    terraform = TopicFactory(name="Terraform")
    people = _equals(community, terraform, count=4)
    _ready()

    found = _suggest(asker, "Provisioning", topics=[terraform], size=2)

    assert _people(found) == people[:2]


def _crowd(count):
    community = CommunityFactory()
    terraform = TopicFactory(name=f"Terraform {count}")
    people = [UserFactory() for _ in range(count)]
    for index, person in enumerate(people):
        _answered(
            community,
            person,
            f"{VAULT_TITLES[index % 3]} number {index}",
            topics=[terraform],
            helpful=index % 2,
        )
    people[0].skills.set([terraform])
    return terraform, people


@pytest.mark.parametrize("count", [3, 30])
def test_suggesting_takes_a_bounded_number_of_queries(
    asker, count, django_assert_max_num_queries
):
    terraform, people = _crowd(count)
    _ready()
    question = Question(
        title="rotate vault signing keys", topics=[terraform], body="vault"
    )

    with django_assert_max_num_queries(11):
        found = suggest_people(asker, question, size=count, now=timezone.now())

    assert set(_people(found)) == set(people)


def test_the_number_of_queries_does_not_grow_with_the_candidates(asker):
    counts = []
    for count in (3, 30):
        terraform, _everyone = _crowd(count)
        _ready()
        question = Question(title="rotate vault signing keys", topics=[terraform])
        with CaptureQueriesContext(connection) as queries:
            found = suggest_people(asker, question, size=count, now=timezone.now())
        assert len(found) >= count
        counts.append(len(queries))

    assert counts[0] == counts[1]


@pytest.fixture
def rounds(monkeypatch):
    """How many candidates each round of the ranker measured."""
    sizes = []
    measure = ranker._measure

    def counted(readable, now, batch, load):
        sizes.append(len(batch))
        measure(readable, now, batch, load)

    monkeypatch.setattr(ranker, "_measure", counted)
    return sizes


def _helm_answerers(moment, days_ago):
    """One new person per entry of `days_ago`, each having answered one
    question on Helm that many days before `moment`; returns the topic."""
    helm = TopicFactory(name="Helm")
    community = CommunityFactory()
    for number, days in enumerate(days_ago):
        _answered(
            community,
            UserFactory(),
            f"Chart release number {number}",
            topics=[helm],
            when=moment - timedelta(days=days),
        )
    _ready()
    return helm


def test_measuring_only_the_best_by_knowledge_gives_the_full_ranking(
    asker, rounds, django_assert_max_num_queries
):
    # 80 people who each answered one question on the topic at the same
    # moment know it alike: the first round (50) cannot settle the top 5,
    # so the second measures the other 30, in two queries more.
    moment = timezone.now()
    helm = _helm_answerers(moment, [1] * 80)
    question = Question(title="nothing alike at all", topics=[helm])
    everyone = suggest_people(asker, question, size=MAX_SUGGESTIONS, now=moment)
    rounds.clear()

    with django_assert_max_num_queries(13):
        top = suggest_people(asker, question, size=5, now=moment)

    assert rounds == [50, 30]
    assert [(s.person, s.score) for s in top] == [
        (s.person, s.score) for s in everyone[:5]
    ]


def test_the_second_round_measures_only_who_could_still_enter(asker, rounds):
    # 60 people answered on the topic yesterday, 40 five years ago: their
    # knowledge is a thirtieth, too little to reach the fifth place even
    # at the best activity, response time and load, so they are not
    # measured; the ranking is still that of measuring everyone.
    moment = timezone.now()
    helm = _helm_answerers(moment, [1] * 60 + [5 * 365] * 40)
    question = Question(title="nothing alike at all", topics=[helm])
    everyone = suggest_people(asker, question, size=MAX_SUGGESTIONS, now=moment)
    rounds.clear()

    top = suggest_people(asker, question, size=5, now=moment)

    assert rounds == [50, 10]
    assert [(s.person, s.score) for s in top] == [
        (s.person, s.score) for s in everyone[:5]
    ]


def test_a_clear_lead_is_settled_in_one_round(asker, rounds):
    terraform, _people_made = _crowd(80)
    _ready()

    suggest_people(
        asker, Question(title="rotate vault signing keys", topics=[terraform])
    )

    assert rounds == [50]
