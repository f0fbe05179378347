"""Expertise kept by tasks equals expertise rebuilt from scratch.

Every change goes through the knowledge (and topic) services, the tasks
they enqueue are run as the worker would, and the rows are then compared
with what `services.rebuild()` writes from the contributions alone.
"""

import importlib
from datetime import timedelta
from io import StringIO

import pytest
from django.apps import apps as django_apps
from django.core.management import CommandError, call_command
from django.utils import timezone

from commonplace.communities.models import Community, Role, Visibility
from commonplace.communities.tests.factories import CommunityFactory, MembershipFactory
from commonplace.expertise import services
from commonplace.expertise.decay import grown
from commonplace.expertise.models import AnswerHabit, TopicExpertise
from commonplace.knowledge.models import Post
from commonplace.knowledge.services import (
    accept_answer,
    add_comment,
    create_post,
    delete_contribution,
    edit_post,
    moderate,
    post_answer,
    report,
    toggle_reaction,
    unaccept_answer,
)
from commonplace.knowledge.tests.factories import AnswerFactory, PostFactory
from commonplace.people.tests.factories import AdministratorFactory
from commonplace.topics.models import Topic
from commonplace.topics.services import merge_topics
from commonplace.topics.tests.factories import TopicFactory

pytestmark = pytest.mark.django_db

TOPIC_FIELDS = (
    "person_id",
    "community_id",
    "topic_id",
    "answers",
    "accepted",
    "helpful",
    "writings",
    "last_contributed_at",
)
HABIT_FIELDS = (
    "person_id",
    "community_id",
    "answers",
    "accepted",
    "last_answer_at",
    "typical_response",
)


def _rows():
    """Every expertise row as plain values (no pk): topic rows keyed by
    person, community and topic with their weight apart, habit rows as a set
    (their recent activity rounded: sums in another order differ in the
    last bits)."""
    topics = {
        values[:3]: (values[3:-1], values[-1])
        for values in TopicExpertise.objects.values_list(*TOPIC_FIELDS, "weight")
    }
    habits = {
        (*values, round(recent, 9))
        for *values, recent in AnswerHabit.objects.values_list(*HABIT_FIELDS, "recent")
    }
    return topics, habits


def _assert_same(found, expected):
    found_topics, found_habits = found
    expected_topics, expected_habits = expected
    assert set(found_topics) == set(expected_topics)
    for key, (values, weight) in expected_topics.items():
        assert found_topics[key][0] == values, key
        assert found_topics[key][1] == pytest.approx(weight, rel=1e-9), key
    assert found_habits == expected_habits


def _assert_as_rebuilt():
    """The rows the tasks left are the rows a rebuild writes."""
    kept = _rows()
    services.rebuild()
    _assert_same(kept, _rows())


@pytest.fixture
def community():
    return CommunityFactory(name="Platform Guild", slug="platform-guild")


def _member(community, role=Role.MEMBER, **person):
    return MembershipFactory(community=community, role=role, **person).person


@pytest.fixture
def asker(community):
    return _member(community)


@pytest.fixture
def alice(community):
    return _member(community)


@pytest.fixture
def bob(community):
    return _member(community)


def _ask(community, asker, title="Rotating signing keys", topics=("Kubernetes",)):
    return create_post(
        community=community,
        author=asker,
        kind="question",
        title=title,
        body="How often should we rotate them?",
        topics=list(topics),
    )


def _topic_row(person, name="Kubernetes"):
    return TopicExpertise.objects.get(person=person, topic__name=name)


def test_an_answer_gives_its_author_expertise_on_the_topics(
    community, asker, alice, run_tasks
):
    question = _ask(community, asker)
    answer = post_answer(question=question, author=alice, body="Use a vault.")
    run_tasks()

    row = _topic_row(alice)
    assert (row.community, row.answers, row.accepted, row.helpful) == (
        community,
        1,
        0,
        0,
    )
    assert row.weight == pytest.approx(
        grown(services.ANSWER_WEIGHT, answer.created_at), rel=1e-9
    )
    habit = AnswerHabit.objects.get(person=alice)
    assert (habit.answers, habit.accepted) == (1, 0)
    assert habit.last_answer_at == answer.created_at
    assert habit.typical_response == answer.created_at - question.created_at
    assert habit.recent == 1.0
    _assert_as_rebuilt()


def _answered_days_before(community, asker, person, days):
    """`person` answers a new question at now less each of `days`; returns
    the now they count back from."""
    latest = timezone.now()
    for back in days:
        AnswerFactory(
            post=_ask(community, asker),
            author=person,
            created_at=latest - timedelta(days=back),
        )
    return latest


def test_recent_activity_halves_every_four_weeks_before_the_last_answer(
    community, asker, alice, run_tasks
):
    latest = _answered_days_before(community, asker, alice, (0, 28, 56))
    services.rebuild()

    habit = AnswerHabit.objects.get(person=alice)
    assert habit.last_answer_at == latest
    assert habit.recent == pytest.approx(1 + 0.5 + 0.25)


def test_a_new_accepted_answer_updates_its_author(community, asker, alice, run_tasks):
    question = _ask(community, asker)
    answer = post_answer(question=question, author=alice, body="Use a vault.")
    run_tasks()
    assert _topic_row(alice).accepted == 0

    accept_answer(question=question, answer=answer, accepted_by=asker)
    run_tasks()

    row = _topic_row(alice)
    assert (row.answers, row.accepted) == (1, 1)
    assert row.weight == pytest.approx(
        grown(services.ACCEPTED_WEIGHT, answer.created_at), rel=1e-9
    )
    assert AnswerHabit.objects.get(person=alice).accepted == 1
    _assert_as_rebuilt()


def test_an_answer_accepted_before_the_tasks_run_counts_as_accepted(
    community, asker, alice, run_tasks
):
    question = _ask(community, asker)
    answer = post_answer(question=question, author=alice, body="Use a vault.")
    accept_answer(question=question, answer=answer, accepted_by=asker)
    run_tasks()

    assert _topic_row(alice).accepted == 1
    _assert_as_rebuilt()


def test_unaccepting_an_answer_removes_its_accepted_weight(
    community, asker, alice, run_tasks
):
    question = _ask(community, asker)
    answer = post_answer(question=question, author=alice, body="Use a vault.")
    accept_answer(question=question, answer=answer, accepted_by=asker)
    run_tasks()
    assert _topic_row(alice).accepted == 1

    unaccept_answer(question=question, changed_by=asker)
    run_tasks()

    row = _topic_row(alice)
    assert (row.answers, row.accepted) == (1, 0)
    assert row.weight == pytest.approx(
        grown(services.ANSWER_WEIGHT, answer.created_at), rel=1e-9
    )
    assert AnswerHabit.objects.get(person=alice).accepted == 0
    _assert_as_rebuilt()


def test_accepting_another_answer_moves_the_accepted_weight(
    community, asker, alice, bob, run_tasks
):
    question = _ask(community, asker)
    first = post_answer(question=question, author=alice, body="Use a vault.")
    second = post_answer(question=question, author=bob, body="Use a hardware key.")
    accept_answer(question=question, answer=first, accepted_by=asker)
    run_tasks()

    accept_answer(question=question, answer=second, accepted_by=asker)
    run_tasks()

    assert (_topic_row(alice).accepted, _topic_row(bob).accepted) == (0, 1)
    _assert_as_rebuilt()


def test_deleting_an_answer_removes_its_weight(community, asker, alice, run_tasks):
    question = _ask(community, asker)
    kept = post_answer(question=question, author=alice, body="Use a vault.")
    other = _ask(community, asker, title="Pinning image digests")
    removed = post_answer(question=other, author=alice, body="Pin by digest.")
    accept_answer(question=other, answer=removed, accepted_by=asker)
    run_tasks()
    assert (_topic_row(alice).answers, _topic_row(alice).accepted) == (2, 1)

    delete_contribution(item=removed, deleted_by=alice, reason="Wrong")
    run_tasks()

    row = _topic_row(alice)
    assert (row.answers, row.accepted) == (1, 0)
    assert row.weight == pytest.approx(
        grown(services.ANSWER_WEIGHT, kept.created_at), rel=1e-9
    )
    assert AnswerHabit.objects.get(person=alice).answers == 1
    _assert_as_rebuilt()


def test_deleting_someones_only_answer_removes_their_rows(
    community, asker, alice, run_tasks
):
    question = _ask(community, asker)
    answer = post_answer(question=question, author=alice, body="Use a vault.")
    run_tasks()
    assert TopicExpertise.objects.filter(person=alice).exists()

    delete_contribution(item=answer, deleted_by=alice, reason="Wrong")
    run_tasks()

    assert not TopicExpertise.objects.filter(person=alice).exists()
    assert not AnswerHabit.objects.filter(person=alice).exists()
    _assert_as_rebuilt()


def test_deleting_the_question_removes_its_answers_weight(
    community, asker, alice, run_tasks
):
    question = _ask(community, asker)
    post_answer(question=question, author=alice, body="Use a vault.")
    run_tasks()

    delete_contribution(item=question, deleted_by=asker, reason="Duplicate")
    run_tasks()

    assert not TopicExpertise.objects.filter(person=alice).exists()
    assert not AnswerHabit.objects.filter(person=alice).exists()
    _assert_as_rebuilt()


def test_a_hidden_answer_stops_counting_and_counts_again_once_restored(
    community, asker, alice, bob, run_tasks
):
    moderator = _member(community, Role.MODERATOR)
    question = _ask(community, asker)
    answer = post_answer(question=question, author=alice, body="Use a vault.")
    run_tasks()

    filed = report(item=answer, reported_by=bob, reason="This is spam.")
    moderate(report_=filed, moderator=moderator, decision="hide")
    run_tasks()
    assert not TopicExpertise.objects.filter(person=alice).exists()
    _assert_as_rebuilt()

    again = report(item=answer, reported_by=asker, reason="Not spam after all?")
    moderate(report_=again, moderator=moderator, decision="restore")
    run_tasks()
    assert _topic_row(alice).answers == 1
    _assert_as_rebuilt()


def test_helpful_reactions_add_to_the_answer_and_taking_one_back_removes_it(
    community, asker, alice, bob, run_tasks
):
    question = _ask(community, asker)
    answer = post_answer(question=question, author=alice, body="Use a vault.")
    run_tasks()

    toggle_reaction(item=answer, person=bob, kind="helpful")
    toggle_reaction(item=answer, person=asker, kind="helpful")
    run_tasks()
    row = _topic_row(alice)
    assert row.helpful == 2
    assert row.weight == pytest.approx(
        grown(services.ANSWER_WEIGHT + 2 * services.HELPFUL_WEIGHT, answer.created_at),
        rel=1e-9,
    )
    _assert_as_rebuilt()

    toggle_reaction(item=answer, person=bob, kind="helpful")
    run_tasks()
    assert _topic_row(alice).helpful == 1
    _assert_as_rebuilt()


def test_articles_and_notes_count_as_writings(community, alice, run_tasks):
    article = create_post(
        community=community,
        author=alice,
        kind="article",
        title="How we rotate keys",
        body="Every ninety days.",
        topics=["Kubernetes", "Security"],
    )
    create_post(
        community=community,
        author=alice,
        kind="note",
        title="Key rotation notes",
        body="Quick notes.",
        topics=["Kubernetes"],
    )
    run_tasks()

    assert _topic_row(alice).writings == 2
    assert _topic_row(alice, "Security").writings == 1
    assert _topic_row(alice).weight == pytest.approx(
        grown(services.WRITING_WEIGHT, article.created_at)
        + grown(services.WRITING_WEIGHT, Post.objects.get(kind="note").created_at),
        rel=1e-9,
    )
    # Writing is no answering.
    assert not AnswerHabit.objects.filter(person=alice).exists()
    _assert_as_rebuilt()

    delete_contribution(item=article, deleted_by=alice, reason="Outdated")
    run_tasks()
    assert _topic_row(alice).writings == 1
    assert not TopicExpertise.objects.filter(person=alice, topic__name="Security")
    _assert_as_rebuilt()


def test_editing_a_questions_topics_moves_its_answers_expertise(
    community, asker, alice, run_tasks
):
    question = _ask(community, asker)
    post_answer(question=question, author=alice, body="Use a vault.")
    run_tasks()

    edit_post(post=question, edited_by=asker, body="Edited.", topics=["Security"])
    run_tasks()

    assert not TopicExpertise.objects.filter(person=alice, topic__name="Kubernetes")
    assert _topic_row(alice, "Security").answers == 1
    _assert_as_rebuilt()


def test_a_topic_merge_keeps_expertise_equal_to_a_rebuild(
    community, asker, alice, bob, run_tasks
):
    carol = _member(community)
    on_source = _ask(community, asker, title="Helm charts", topics=["k8s"])
    on_target = _ask(community, asker, title="Operators", topics=["Kubernetes"])
    on_both = _ask(community, asker, title="Ingress", topics=["k8s", "Kubernetes"])
    accept_answer(
        question=on_source,
        answer=post_answer(question=on_source, author=alice, body="Use Helm."),
        accepted_by=asker,
    )
    post_answer(question=on_target, author=bob, body="Write an operator.")
    post_answer(question=on_source, author=carol, body="Kustomize.")
    post_answer(question=on_target, author=carol, body="Or not.")
    post_answer(question=on_both, author=carol, body="Use a gateway.")
    run_tasks()
    source, target = Topic.objects.get(name="k8s"), Topic.objects.get(name="Kubernetes")
    assert _topic_row(carol, "k8s").answers == 2

    merge_topics(source=source, target=target, merged_by=AdministratorFactory())
    run_tasks()

    assert not TopicExpertise.objects.filter(topic=source).exists()
    assert _topic_row(alice).accepted == 1
    assert _topic_row(bob).answers == 1
    # Three questions, the one on both topics counted once.
    assert _topic_row(carol).answers == 3
    _assert_as_rebuilt()


def test_a_person_with_no_contributions_has_no_rows(
    community, asker, alice, bob, run_tasks
):
    question = _ask(community, asker)
    post_answer(question=question, author=alice, body="Use a vault.")
    add_comment(post=question, author=bob, body="Following.")
    toggle_reaction(item=question, person=bob, kind="helpful")
    run_tasks()
    services.rebuild()

    for person in (asker, bob):
        assert not TopicExpertise.objects.filter(person=person).exists()
        assert not AnswerHabit.objects.filter(person=person).exists()
    assert TopicExpertise.objects.filter(person=alice).exists()


def test_an_answer_on_a_question_without_topics_makes_a_habit_only(
    community, asker, alice, run_tasks
):
    question = _ask(community, asker, topics=())
    post_answer(question=question, author=alice, body="Use a vault.")
    run_tasks()

    assert not TopicExpertise.objects.filter(person=alice).exists()
    assert AnswerHabit.objects.get(person=alice).answers == 1
    _assert_as_rebuilt()


def _world():
    """Two communities with answers, written by the factories (no tasks)."""
    kubernetes = TopicFactory(name="Kubernetes")
    first = CommunityFactory()
    second = CommunityFactory(visibility=Visibility.PRIVATE)
    for community in (first, second):
        question = PostFactory(community=community, topics=[kubernetes])
        answer = AnswerFactory(post=question)
        Post.objects.filter(pk=question.pk).update(accepted_answer=answer)
        AnswerFactory(post=question, helpful_count=2)
        PostFactory(community=community, kind="article", topics=[kubernetes])
    return first, second


def test_rebuild_is_idempotent():
    _world()

    done = services.rebuild()
    once = _rows()
    again = services.rebuild()

    assert done == again == Community.objects.count()
    assert len(once[0]) == 6  # two answerers and a writer in each community
    assert len(once[1]) == 4
    _assert_same(_rows(), once)


def test_rebuild_drops_the_rows_of_contributions_that_are_gone():
    first, _second = _world()
    services.rebuild()
    Post.objects.filter(community=first).delete()

    services.rebuild()

    assert not TopicExpertise.objects.filter(community=first).exists()
    assert not AnswerHabit.objects.filter(community=first).exists()
    assert TopicExpertise.objects.exclude(community=first).count() == 3


def test_rebuild_of_some_communities_touches_only_those():
    first, second = _world()
    services.rebuild(community_ids=[second.pk])
    assert not TopicExpertise.objects.filter(community=first).exists()
    assert not AnswerHabit.objects.filter(community=first).exists()
    assert TopicExpertise.objects.filter(community=second).count() == 3

    # A later change in both: only the community rebuilt shows it.
    services.rebuild()
    before = _rows()
    Post.objects.filter(community__in=[first, second], kind="article").delete()

    assert services.rebuild(community_ids=[first.pk]) == 1

    after = _rows()
    in_second = {key: row for key, row in before[0].items() if key[1] == second.pk}
    assert {key: row for key, row in after[0].items() if key[1] == second.pk} == (
        in_second
    )
    assert len([key for key in after[0] if key[1] == first.pk]) == 2
    assert after[1] == before[1]


def test_the_command_rebuilds_every_community_and_says_how_many():
    first, _second = _world()
    out = StringIO()

    call_command("rebuild_expertise", stdout=out, verbosity=0)

    count = Community.objects.count()
    assert f"Expertise recomputed in {count:,} communities." in out.getvalue()
    assert TopicExpertise.objects.filter(community=first).count() == 3


def test_the_command_rebuilds_the_communities_named():
    first, second = _world()
    out = StringIO()

    call_command("rebuild_expertise", second.slug, stdout=out, verbosity=0)

    assert "Expertise recomputed in 1 communities." in out.getvalue()
    assert not TopicExpertise.objects.filter(community=first).exists()
    assert TopicExpertise.objects.filter(community=second).count() == 3


def test_the_command_refuses_an_unknown_slug_and_changes_nothing():
    first, _second = _world()

    with pytest.raises(CommandError, match="no-such-place"):
        call_command(
            "rebuild_expertise", first.slug, "no-such-place", stdout=StringIO()
        )

    assert not TopicExpertise.objects.exists()


def test_the_upgrade_fills_recent_activity_as_a_rebuild_does(community, asker, alice):
    migration = importlib.import_module(
        "commonplace.expertise.migrations.0003_answer_habit_recent"
    )
    _answered_days_before(community, asker, alice, (0, 10, 45))
    services.rebuild()
    rebuilt = _rows()
    AnswerHabit.objects.update(recent=0.0)

    migration.fill_recent(django_apps, None)

    _assert_same(_rows(), rebuilt)
