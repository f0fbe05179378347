"""Reading conversations: narrowed by the policy, in order, in few queries."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from commonplace.communities.models import Role, Visibility
from commonplace.communities.tests.factories import (
    CommunityFactory,
    MembershipFactory,
    person_in_standing,
)
from commonplace.core.errors import NotFound
from commonplace.knowledge import selectors, services
from commonplace.knowledge.models import Post, PostKind, Report
from commonplace.knowledge.tests.factories import (
    AnswerFactory,
    CommentFactory,
    PostFactory,
    ReactionFactory,
    ReportFactory,
    UploadFactory,
)
from commonplace.topics.tests.factories import TopicFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def _member(community, role=Role.MEMBER):
    return MembershipFactory(community=community, role=role).person


def _ago(minutes):
    return NOW - timedelta(minutes=minutes)


def _posts_in(community, count, **fields):
    """`count` posts, the first one the oldest."""
    return [
        PostFactory(community=community, created_at=_ago(count - n), **fields)
        for n in range(count)
    ]


def _all_pages(fetch):
    items, cursor, pages = [], None, 0
    while True:
        page = fetch(cursor)
        items.extend(page.items)
        pages += 1
        cursor = page.next_cursor
        if cursor is None:
            return items, pages


# --- community_posts ---------------------------------------------------------------


def test_community_posts_are_newest_first_and_only_this_communitys():
    community = CommunityFactory()
    older, newer = _posts_in(community, 2)
    PostFactory(community=CommunityFactory())
    reader = person_in_standing("outsider", community)

    page = selectors.community_posts(reader, community)

    assert page.items == [newer, older]


def test_community_posts_leave_out_deleted_and_hidden_posts():
    community = CommunityFactory()
    kept = PostFactory(community=community)
    PostFactory(community=community, deleted_at=NOW, deletion_reason="Dup.")
    PostFactory(community=community, hidden_at=NOW)

    page = selectors.community_posts(_member(community), community)

    assert page.items == [kept]


def test_community_posts_filter_unanswered_questions():
    community = CommunityFactory()
    open_question = PostFactory(community=community, kind=PostKind.QUESTION)
    answered = PostFactory(community=community, kind=PostKind.QUESTION)
    answer = AnswerFactory(post=answered)
    Post.objects.filter(pk=answered.pk).update(accepted_answer=answer, is_resolved=True)
    PostFactory(community=community, kind=PostKind.DISCUSSION)

    page = selectors.community_posts(_member(community), community, unanswered=True)

    assert page.items == [open_question]


def test_a_question_with_answers_but_none_accepted_is_unanswered():
    community = CommunityFactory()
    question = PostFactory(community=community)
    AnswerFactory(post=question)

    page = selectors.community_posts(_member(community), community, unanswered=True)

    assert page.items == [question]


def test_community_posts_filter_by_kind():
    community = CommunityFactory()
    note = PostFactory(community=community, kind=PostKind.NOTE, title="")
    PostFactory(community=community, kind=PostKind.QUESTION)

    page = selectors.community_posts(_member(community), community, kind="note")

    assert page.items == [note]


def test_community_posts_pages_cover_every_post_once_in_order():
    community = CommunityFactory()
    posts = _posts_in(community, 25)
    reader = _member(community)

    seen, pages = _all_pages(
        lambda cursor: selectors.community_posts(
            reader, community, cursor=cursor, size=10
        )
    )

    assert seen == list(reversed(posts))
    assert pages == 3


def test_a_new_post_does_not_shift_the_next_page():
    community = CommunityFactory()
    posts = _posts_in(community, 15)
    reader = _member(community)
    first = selectors.community_posts(reader, community, size=10)

    PostFactory(community=community)
    second = selectors.community_posts(
        reader, community, cursor=first.next_cursor, size=10
    )

    assert second.items == list(reversed(posts[:5]))


@pytest.mark.parametrize("standing", ["outsider", "external", "anonymous"])
def test_a_private_communitys_posts_are_missing_for_outsiders(standing):
    community = CommunityFactory(visibility=Visibility.PRIVATE)
    PostFactory(community=community)
    person = person_in_standing(standing, community)

    with pytest.raises(NotFound):
        selectors.community_posts(person, community)


def test_the_community_feed_costs_the_same_at_5_and_50_posts(
    django_assert_max_num_queries,
):
    small, large = CommunityFactory(), CommunityFactory()
    topics = TopicFactory.create_batch(2)
    for post in _posts_in(small, 5) + _posts_in(large, 50):
        post.topics.set(topics)
    reader = _member(small)
    MembershipFactory(community=large, person=reader)

    for community in (small, large):
        with django_assert_max_num_queries(3):
            page = selectors.community_posts(reader, community)
            [(p.author.display_name, list(p.topics.all())) for p in page.items]


# --- access_post and friends -------------------------------------------------------


def test_a_removed_post_is_still_returned_with_its_reason():
    post = PostFactory(deleted_at=NOW, deletion_reason="Off topic.")

    found = selectors.access_post(_member(post.community), post.pk)

    assert (found, found.is_removed, found.deletion_reason) == (
        post,
        True,
        "Off topic.",
    )


@pytest.mark.parametrize("standing", ["outsider", "external", "anonymous"])
def test_a_private_post_answer_and_comment_are_missing_for_outsiders(standing):
    answer = AnswerFactory(post__community__visibility=Visibility.PRIVATE)
    comment = CommentFactory(answer=answer)
    person = person_in_standing(standing, answer.post.community)

    with pytest.raises(NotFound):
        selectors.access_post(person, answer.post_id)
    with pytest.raises(NotFound):
        selectors.access_answer(person, answer.pk)
    with pytest.raises(NotFound):
        selectors.access_comment(person, comment.pk)


def test_a_missing_post_is_not_found():
    with pytest.raises(NotFound):
        selectors.access_post(person_in_standing("member", CommunityFactory()), 9999)


def test_post_comments_are_those_on_the_post_itself_oldest_first():
    post = PostFactory()
    later = CommentFactory(post=post, created_at=_ago(1))
    earlier = CommentFactory(post=post, created_at=_ago(2))
    CommentFactory(answer=AnswerFactory(post=post))

    assert selectors.post_comments(post) == [earlier, later]


# --- question_answers --------------------------------------------------------------


def test_answers_come_accepted_then_most_helpful_then_oldest():
    question = PostFactory()
    oldest = AnswerFactory(post=question, created_at=_ago(50))
    newer_plain = AnswerFactory(post=question, created_at=_ago(40))
    voted = AnswerFactory(post=question, helpful_count=2, created_at=_ago(30))
    imported = AnswerFactory(
        post=question, helpful_count=1, imported_helpful_count=2, created_at=_ago(20)
    )
    accepted = AnswerFactory(post=question, created_at=_ago(10))
    Post.objects.filter(pk=question.pk).update(accepted_answer=accepted)
    question.refresh_from_db()

    page = selectors.question_answers(_member(question.community), question)

    assert page.items == [accepted, imported, voted, oldest, newer_plain]


def test_answers_carry_their_comments_oldest_first():
    question = PostFactory()
    answer = AnswerFactory(post=question)
    second = CommentFactory(answer=answer, created_at=_ago(1))
    first = CommentFactory(answer=answer, created_at=_ago(2))
    CommentFactory(post=question)

    page = selectors.question_answers(_member(question.community), question)

    assert page.items[0].comment_list == [first, second]


def test_answer_pages_in_the_ranked_order_cover_every_answer_once():
    question = PostFactory()
    answers = [
        AnswerFactory(post=question, helpful_count=n % 4, created_at=_ago(100 - n))
        for n in range(40)
    ]
    Post.objects.filter(pk=question.pk).update(accepted_answer=answers[7])
    question.refresh_from_db()
    reader = _member(question.community)
    rest = sorted(
        (a for a in answers if a != answers[7]),
        key=lambda a: (-a.helpful_count, a.created_at),
    )
    expected = [answers[7], *rest]

    seen, pages = _all_pages(
        lambda cursor: selectors.question_answers(reader, question, cursor=cursor)
    )

    assert seen == expected
    assert pages == 2


def _question_with(answer_count):
    question = PostFactory()
    for answer in AnswerFactory.create_batch(answer_count, post=question):
        CommentFactory.create_batch(3, answer=answer)
    return question


def test_a_question_page_costs_the_same_at_5_and_50_answers(
    django_assert_max_num_queries,
):
    small, large = _question_with(5), _question_with(50)
    reader = person_in_standing("outsider", small.community)

    for question in (small, large):
        with django_assert_max_num_queries(3):
            page = selectors.question_answers(reader, question)
            [
                (a.author.display_name, [c.author.display_name for c in a.comment_list])
                for a in page.items
            ]


def test_a_private_questions_answers_are_missing_for_an_outsider():
    question = PostFactory(community__visibility=Visibility.PRIVATE)

    with pytest.raises(NotFound):
        selectors.question_answers(
            person_in_standing("outsider", question.community), question
        )


# --- topic_posts -------------------------------------------------------------------


def _topic_in_two_communities():
    topic = TopicFactory()
    public = PostFactory(
        community=CommunityFactory(visibility=Visibility.PUBLIC), topics=[topic]
    )
    private = PostFactory(
        community=CommunityFactory(visibility=Visibility.PRIVATE), topics=[topic]
    )
    return topic, public, private


def test_topic_posts_leave_out_private_communities_for_an_outsider():
    topic, public, _private = _topic_in_two_communities()
    outsider = person_in_standing("outsider", public.community)

    page = selectors.topic_posts(outsider, topic)

    assert page.items == [public]


def test_topic_posts_include_a_private_community_for_its_member():
    topic, public, private = _topic_in_two_communities()
    member = _member(private.community)

    page = selectors.topic_posts(member, topic)

    assert set(page.items) == {public, private}


def test_topic_posts_show_an_external_only_their_own_communities():
    topic, _public, private = _topic_in_two_communities()
    external = person_in_standing("external_guest", private.community)

    page = selectors.topic_posts(external, topic)

    assert page.items == [private]


def test_topic_posts_are_empty_for_anonymous_visitors():
    topic, _public, _private = _topic_in_two_communities()

    assert selectors.topic_posts(AnonymousUser(), topic).items == []


def test_topic_posts_leave_out_removed_posts_and_other_topics():
    topic = TopicFactory()
    kept = PostFactory(topics=[topic])
    PostFactory(community=kept.community, topics=[topic], hidden_at=NOW)
    PostFactory(community=kept.community, topics=[TopicFactory()])

    page = selectors.topic_posts(_member(kept.community), topic)

    assert page.items == [kept]


# --- access_upload -----------------------------------------------------------------


@pytest.mark.parametrize("standing", ["outsider", "external", "anonymous"])
def test_a_private_upload_is_missing_for_non_readers(standing):
    upload = UploadFactory(community__visibility=Visibility.PRIVATE)
    person = person_in_standing(standing, upload.community)

    with pytest.raises(NotFound):
        selectors.access_upload(person, upload.pk)


@pytest.mark.parametrize("standing", ["member", "guest", "external_guest"])
def test_a_private_upload_is_served_to_its_communitys_people(standing):
    upload = UploadFactory(community__visibility=Visibility.PRIVATE)
    person = person_in_standing(standing, upload.community)

    assert selectors.access_upload(person, upload.pk) == upload


def test_a_missing_upload_is_not_found():
    with pytest.raises(NotFound):
        selectors.access_upload(person_in_standing("member", CommunityFactory()), 999)


# --- my_reactions ------------------------------------------------------------------


def test_my_reactions_are_read_in_one_query(django_assert_max_num_queries):
    question = PostFactory()
    answers = AnswerFactory.create_batch(3, post=question)
    comments = [CommentFactory(answer=answers[0]), CommentFactory(post=question)]
    reader = _member(question.community)
    ReactionFactory(person=reader, post=question, kind="thanks")
    ReactionFactory(person=reader, post=None, answer=answers[1], kind="helpful")
    ReactionFactory(person=reader, post=None, comment=comments[0], kind="insightful")
    ReactionFactory(post=None, answer=answers[2], kind="helpful")

    with django_assert_max_num_queries(1):
        mine = selectors.my_reactions(reader, question, answers, comments)

    assert mine.has(question, "thanks")
    assert not mine.has(question, "helpful")
    assert mine.has(answers[1], "helpful")
    assert not mine.has(answers[2], "helpful")
    assert mine.has(comments[0], "insightful")
    assert not mine.has(comments[1], "insightful")


def test_an_anonymous_visitor_has_no_reactions_and_costs_no_query(
    django_assert_max_num_queries,
):
    question = PostFactory()

    with django_assert_max_num_queries(0):
        mine = selectors.my_reactions(AnonymousUser(), question, [], [])

    assert not mine.has(question, "helpful")


# --- revisions_of ------------------------------------------------------------------


def test_revisions_are_newest_first():
    community = CommunityFactory()
    author = _member(community)
    post = services.create_post(
        community=community, author=author, kind="note", body="v1"
    )
    services.edit_post(post=post, edited_by=author, body="v2")
    services.edit_post(post=post, edited_by=author, body="v3")

    page = selectors.revisions_of(author, post)

    assert [r.body_source for r in page.items] == ["v3", "v2", "v1"]


def test_revisions_of_a_private_answer_are_missing_for_an_outsider():
    answer = AnswerFactory(post__community__visibility=Visibility.PRIVATE)

    with pytest.raises(NotFound):
        selectors.revisions_of(
            person_in_standing("outsider", answer.post.community), answer
        )


# --- moderation_queue --------------------------------------------------------------


@pytest.mark.parametrize("standing", ["moderator", "leader", "owner"])
def test_moderators_see_the_open_reports_newest_first(standing):
    community = CommunityFactory()
    post = PostFactory(community=community)
    older = ReportFactory(post=post, created_at=_ago(2))
    newer = ReportFactory(
        post=None, answer=AnswerFactory(post=post), created_at=_ago(1)
    )
    ReportFactory(post=post, status=Report.Status.DISMISSED)
    ReportFactory()
    moderator = person_in_standing(standing, community)

    page = selectors.moderation_queue(moderator, community)

    assert page.items == [newer, older]


@pytest.mark.parametrize(
    "standing", ["member", "guest", "outsider", "administrator", "anonymous"]
)
def test_the_moderation_queue_is_missing_for_everyone_else(standing):
    community = CommunityFactory()
    ReportFactory(post__community=community)
    person = person_in_standing(standing, community)

    with pytest.raises(NotFound):
        selectors.moderation_queue(person, community)
    with pytest.raises(NotFound):
        selectors.access_report(person, Report.objects.get().pk)


def test_the_moderation_queue_costs_the_same_at_5_and_50_reports(
    django_assert_max_num_queries,
):
    small, large = CommunityFactory(), CommunityFactory()
    ReportFactory.create_batch(5, post__community=small)
    ReportFactory.create_batch(50, post__community=large)
    moderator = _member(small, Role.MODERATOR)
    MembershipFactory(community=large, person=moderator, role=Role.MODERATOR)

    for community in (small, large):
        with django_assert_max_num_queries(2):
            page = selectors.moderation_queue(moderator, community)
            [(r.reporter.display_name, str(r.target)) for r in page.items]
