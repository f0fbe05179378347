"""A question's standing (resolved or not), page views and "top this week".

Set up through the services: the standing is kept by the writes that
accept, react, remove and count, so the path is what is under test.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from commonplace.communities.models import Role, Visibility
from commonplace.communities.tests.factories import CommunityFactory, MembershipFactory
from commonplace.core.models import AppliedBatch
from commonplace.knowledge import selectors, services, tasks
from commonplace.knowledge.models import Post, PostKind, ReactionKind
from commonplace.knowledge.services import popularity
from commonplace.knowledge.services.common import (
    ANSWER_WEIGHT,
    HELPFUL_WEIGHT,
    TRENDING_DAYS,
    refresh_standing,
)
from commonplace.knowledge.tests.factories import AnswerFactory, PostFactory
from commonplace.people.tests.factories import UserFactory
from commonplace.permissions import community_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def community():
    return CommunityFactory()


@pytest.fixture
def asker(community):
    return _member(community)


@pytest.fixture
def question(community, asker):
    return services.create_post(
        community=community,
        author=asker,
        kind=PostKind.QUESTION,
        title="How do we rotate the keys?",
        body="Carefully, we hope.",
    )


@pytest.fixture
def moderator(community):
    return _member(community, Role.MODERATOR)


def _member(community, role=Role.MEMBER):
    return MembershipFactory(community=community, role=role).person


def _answer(question, body="Use the vault."):
    author = _member(question.community)
    return services.post_answer(question=question, author=author, body=body)


def _helpful(item, person=None):
    person = person or _member(community_of(item))
    services.toggle_reaction(item=item, person=person, kind=ReactionKind.HELPFUL)
    return person


def _fresh(post):
    return Post.objects.get(pk=post.pk)


def _resolved(post):
    return _fresh(post).is_resolved


def _score(post):
    return _fresh(post).trending_score


def _hide(item, moderator):
    filed = services.report(item=item, reported_by=moderator, reason="Wrong.")
    services.moderate(report_=filed, moderator=moderator, decision="hide")
    return filed


def _age(post, days):
    Post.objects.filter(pk=post.pk).update(
        created_at=timezone.now() - timedelta(days=days)
    )


# --- Resolved or not ----------------------------------------------------------------


def test_a_new_question_is_not_resolved(question):
    assert _resolved(question) is False


def test_an_answer_alone_does_not_resolve_a_question(question):
    _answer(question)

    assert _resolved(question) is False


def test_accepting_an_answer_resolves_the_question(question, asker):
    answer = _answer(question)

    services.accept_answer(question=question, answer=answer, accepted_by=asker)

    assert _resolved(question) is True


def test_a_helpful_reaction_on_an_answer_resolves_the_question(question):
    answer = _answer(question)

    _helpful(answer)

    assert _resolved(question) is True


def test_an_insightful_reaction_on_an_answer_does_not_resolve_it(question):
    answer = _answer(question)

    services.toggle_reaction(
        item=answer, person=_member(question.community), kind=ReactionKind.INSIGHTFUL
    )

    assert _resolved(question) is False


def test_a_helpful_reaction_on_the_question_itself_does_not_resolve_it(question):
    services.toggle_reaction(
        item=question, person=_member(question.community), kind=ReactionKind.HELPFUL
    )

    assert _resolved(question) is False


def test_taking_the_helpful_reaction_back_unresolves_the_question(question):
    answer = _answer(question)
    person = _helpful(answer)

    _helpful(answer, person)

    assert _resolved(question) is False


def test_taking_one_of_two_helpful_reactions_back_keeps_it_resolved(question):
    answer = _answer(question)
    first = _helpful(answer)
    _helpful(answer)

    _helpful(answer, first)

    assert _resolved(question) is True


def test_deleting_the_only_helpful_answer_unresolves_the_question(question):
    answer = _answer(question)
    _helpful(answer)

    services.delete_contribution(item=answer, deleted_by=answer.author, reason="Wrong")

    assert _resolved(question) is False


def test_hiding_the_only_helpful_answer_unresolves_the_question(question, moderator):
    answer = _answer(question)
    _helpful(answer)

    _hide(answer, moderator)

    assert _resolved(question) is False


def test_restoring_a_hidden_helpful_answer_resolves_the_question_again(
    question, moderator
):
    answer = _answer(question)
    _helpful(answer)
    filed = _hide(answer, moderator)

    services.moderate(report_=filed, moderator=moderator, decision="restore")

    assert _resolved(question) is True


def test_deleting_a_helpful_answer_keeps_an_accepted_question_resolved(question, asker):
    accepted, helpful = _answer(question), _answer(question, "Or the HSM.")
    services.accept_answer(question=question, answer=accepted, accepted_by=asker)
    _helpful(helpful)

    services.delete_contribution(
        item=helpful, deleted_by=helpful.author, reason="Duplicate"
    )

    assert _resolved(question) is True


def test_deleting_one_of_two_helpful_answers_keeps_it_resolved(question):
    first, second = _answer(question), _answer(question, "Or the HSM.")
    _helpful(first)
    _helpful(second)

    services.delete_contribution(item=first, deleted_by=first.author, reason="Old")

    assert _resolved(question) is True


def test_unaccepting_with_no_helpful_answer_unresolves_the_question(question, asker):
    answer = _answer(question)
    services.accept_answer(question=question, answer=answer, accepted_by=asker)

    returned = services.unaccept_answer(question=question, changed_by=asker)

    assert returned.is_resolved is False
    assert _resolved(question) is False


def test_unaccepting_keeps_a_question_with_a_helpful_answer_resolved(question, asker):
    answer = _answer(question)
    services.accept_answer(question=question, answer=answer, accepted_by=asker)
    _helpful(answer)

    services.unaccept_answer(question=question, changed_by=asker)

    assert _resolved(question) is True


def test_votes_brought_in_by_an_importer_resolve_a_question():
    question = PostFactory()
    AnswerFactory(post=question, imported_helpful_count=3)

    refresh_standing(question.pk)

    assert _resolved(question) is True


def test_a_removed_answer_with_imported_votes_does_not_resolve_a_question():
    question = PostFactory()
    AnswerFactory(post=question, imported_helpful_count=3, deleted_at=timezone.now())

    refresh_standing(question.pk)

    assert _resolved(question) is False


def test_the_unanswered_list_leaves_resolved_questions_out(question, asker):
    open_question = services.create_post(
        community=question.community,
        author=asker,
        kind=PostKind.QUESTION,
        title="Still open?",
        body="Yes.",
    )
    _helpful(_answer(question))

    page = selectors.community_posts(asker, question.community, unanswered=True)

    assert [post.pk for post in page.items] == [open_question.pk]


# --- The score of "top this week" -------------------------------------------------


def test_a_new_post_has_a_positive_score(question):
    assert _score(question) > 0


def test_every_kind_of_new_post_has_a_positive_score(community, asker):
    posts = [
        services.create_post(
            community=community, author=asker, kind=kind, title="T", body="B"
        )
        for kind in PostKind.values
    ]

    assert all(_score(post) > 0 for post in posts)


def test_a_helpful_reaction_on_the_post_raises_its_score(question):
    before = _score(question)

    services.toggle_reaction(
        item=question, person=_member(question.community), kind=ReactionKind.HELPFUL
    )

    assert _score(question) == before + HELPFUL_WEIGHT


def test_taking_a_helpful_reaction_back_lowers_the_score_again(question):
    before = _score(question)
    person = _member(question.community)
    services.toggle_reaction(item=question, person=person, kind=ReactionKind.HELPFUL)

    services.toggle_reaction(item=question, person=person, kind=ReactionKind.HELPFUL)

    assert _score(question) == before


def test_an_answer_raises_the_questions_score(question):
    before = _score(question)

    _answer(question)

    assert _score(question) == before + ANSWER_WEIGHT


def test_views_raise_the_score(question):
    before = _score(question)

    services.add_views(batch="b1", counts={str(question.pk): 30})

    assert _fresh(question).view_count == 30
    assert _score(question) > before


def test_more_helpful_reactions_score_higher_than_fewer(community, asker):
    quiet, liked = (
        services.create_post(
            community=community, author=asker, kind="note", title="", body=body
        )
        for body in ("Quiet one", "Liked one")
    )

    for _ in range(2):
        services.toggle_reaction(
            item=liked, person=_member(community), kind=ReactionKind.HELPFUL
        )

    assert _score(liked) > _score(quiet)


def test_a_post_older_than_a_week_scores_nothing_when_refreshed(question):
    _age(question, TRENDING_DAYS + 1)

    services.toggle_reaction(
        item=question, person=_member(question.community), kind=ReactionKind.HELPFUL
    )

    assert _score(question) == 0


def test_expiring_zeroes_the_score_of_posts_older_than_a_week(community, asker):
    old, recent = (
        services.create_post(
            community=community, author=asker, kind="note", title="", body=body
        )
        for body in ("Old", "Recent")
    )
    _age(old, TRENDING_DAYS + 1)
    recent_score = _score(recent)

    expired = services.expire_trending()

    assert expired == 1
    assert _score(old) == 0
    assert _score(recent) == recent_score


def test_a_post_just_under_a_week_old_keeps_its_score(question):
    Post.objects.filter(pk=question.pk).update(
        created_at=timezone.now() - timedelta(days=TRENDING_DAYS, minutes=-5)
    )

    services.expire_trending()

    assert _score(question) > 0


def test_expiring_twice_changes_nothing_the_second_time(question):
    _age(question, TRENDING_DAYS + 1)
    services.expire_trending()

    assert services.expire_trending() == 0


def test_the_periodic_task_expires_old_scores(question):
    _age(question, TRENDING_DAYS + 1)

    tasks.expire_trending.call()

    assert _score(question) == 0


# --- Page views --------------------------------------------------------------------


def test_the_buffer_holds_views_until_enough_have_gathered(monkeypatch):
    monkeypatch.setattr(popularity, "FLUSH_AT_VIEWS", 3)
    buffer = popularity.ViewBuffer()

    results = [buffer.add(7), buffer.add(8), buffer.add(7)]

    assert results == [None, None, {7: 2, 8: 1}]


def test_the_buffer_starts_afresh_after_a_flush(monkeypatch):
    monkeypatch.setattr(popularity, "FLUSH_AT_VIEWS", 2)
    buffer = popularity.ViewBuffer()
    buffer.add(1)
    buffer.add(1)

    results = [buffer.add(2), buffer.add(2)]

    assert results == [None, {2: 2}]


def test_the_buffer_flushes_when_enough_time_has_passed(monkeypatch):
    clock = iter([100.0, 110.0, 100.0 + popularity.FLUSH_EVERY_SECONDS])
    monkeypatch.setattr(popularity.time, "monotonic", lambda: next(clock))
    buffer = popularity.ViewBuffer()

    results = [buffer.add(5), buffer.add(5)]

    assert results == [None, {5: 2}]


def test_viewing_a_post_writes_nothing_until_the_batch_is_due(
    client, monkeypatch, run_tasks, question, asker
):
    monkeypatch.setattr(popularity, "_buffer", popularity.ViewBuffer())
    client.force_login(asker)

    response = client.get(reverse("knowledge:post", kwargs={"pk": question.pk}))
    run_tasks()

    assert response.status_code == 200
    assert _fresh(question).view_count == 0
    assert not AppliedBatch.objects.exists()


def test_a_due_batch_of_page_views_becomes_a_task_that_adds_them(
    client, monkeypatch, run_tasks, question, asker
):
    monkeypatch.setattr(popularity, "FLUSH_AT_VIEWS", 3)
    monkeypatch.setattr(popularity, "_buffer", popularity.ViewBuffer())
    client.force_login(asker)
    url = reverse("knowledge:post", kwargs={"pk": question.pk})
    for _ in range(3):
        client.get(url)
    assert _fresh(question).view_count == 0

    run_tasks()

    assert _fresh(question).view_count == 3
    assert AppliedBatch.objects.count() == 1


def test_a_post_one_cannot_read_is_not_counted(client, monkeypatch, question):
    monkeypatch.setattr(popularity, "FLUSH_AT_VIEWS", 2)
    monkeypatch.setattr(popularity, "_buffer", popularity.ViewBuffer())
    hidden = PostFactory(community=CommunityFactory(visibility=Visibility.PRIVATE))
    client.force_login(UserFactory())

    response = client.get(reverse("knowledge:post", kwargs={"pk": hidden.pk}))

    assert response.status_code == 404
    buffered = [popularity._buffer.add(question.pk) for _ in range(2)]
    assert buffered == [None, {question.pk: 2}]


def test_a_batch_adds_views_to_each_post(community, asker):
    first, second, third = PostFactory.create_batch(3, community=community)

    applied = services.add_views(
        batch="b1", counts={str(first.pk): 4, str(second.pk): 4, str(third.pk): 9}
    )

    assert applied is True
    assert [_fresh(post).view_count for post in (first, second, third)] == [4, 4, 9]


def test_the_same_batch_applies_once(question):
    counts = {str(question.pk): 5}
    services.add_views(batch="same", counts=counts)

    again = services.add_views(batch="same", counts=counts)

    assert again is False
    assert _fresh(question).view_count == 5


def test_the_add_views_task_run_twice_applies_once(question):
    counts = {str(question.pk): 5}

    tasks.add_views.call(batch="twice", counts=counts)
    tasks.add_views.call(batch="twice", counts=counts)

    assert _fresh(question).view_count == 5


def test_another_batch_adds_again(question):
    services.add_views(batch="one", counts={str(question.pk): 5})

    services.add_views(batch="two", counts={str(question.pk): 2})

    assert _fresh(question).view_count == 7


def test_a_batch_ignores_posts_that_are_gone_and_zero_counts(question):
    applied = services.add_views(
        batch="gone", counts={"999999": 3, str(question.pk): 0}
    )

    assert applied is True
    assert _fresh(question).view_count == 0


def test_views_of_an_old_post_do_not_bring_it_back_into_this_week(question):
    _age(question, TRENDING_DAYS + 1)
    services.expire_trending()

    services.add_views(batch="old", counts={str(question.pk): 500})

    assert _score(question) == 0
