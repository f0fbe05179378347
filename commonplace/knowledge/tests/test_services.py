"""Writing conversations: every service, for the standings that matter."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from commonplace.communities.models import Community, Role, Visibility
from commonplace.communities.tests.factories import (
    CommunityFactory,
    MembershipFactory,
    person_in_standing,
)
from commonplace.core.audit import scope_of
from commonplace.core.errors import Conflict, InvalidInput, NotAllowed, NotFound
from commonplace.core.models import AuditEntry
from commonplace.core.uploads import PayloadTooLarge
from commonplace.knowledge import services
from commonplace.knowledge.models import (
    MAX_TITLE_LENGTH,
    Answer,
    Comment,
    Post,
    PostKind,
    Reaction,
    Report,
    Revision,
    Upload,
)
from commonplace.knowledge.services import MAX_UPLOAD_BYTES
from commonplace.knowledge.tests.factories import AnswerFactory
from commonplace.people.tests.factories import image_upload

pytestmark = pytest.mark.django_db

MAY_START_THREADS = ["member", "moderator", "leader", "owner"]
MODERATES = ["moderator", "leader", "owner"]
LEADS = ["leader", "owner"]


def _community(visibility=Visibility.PUBLIC):
    return CommunityFactory(visibility=visibility)


def _member(community, role=Role.MEMBER):
    return MembershipFactory(community=community, role=role).person


def _post(community=None, *, kind=PostKind.QUESTION, author=None, **fields):
    community = community or _community()
    author = author or _member(community)
    values = {"title": "How do we deploy on Fridays?", "body": "Asking *carefully*."}
    values.update(fields)
    return services.create_post(community=community, author=author, kind=kind, **values)


def _fresh(item):
    return type(item).objects.get(pk=item.pk)


def _answer(question, author=None, body="Use feature flags."):
    author = author or _member(question.community)
    return services.post_answer(question=question, author=author, body=body)


def _comment(post, author=None, answer=None, body="Nice."):
    author = author or _member(post.community)
    return services.add_comment(post=post, author=author, body=body, answer=answer)


def _audit_actions(community):
    entries = AuditEntry.objects.filter(scope=scope_of(community)).order_by("id")
    return list(entries.values_list("action", flat=True))


def _image_file(name="photo.png", *, size=(64, 48)):
    return image_upload(name, size=size)


# --- create_post -------------------------------------------------------------------


@pytest.mark.parametrize("standing", MAY_START_THREADS)
def test_members_and_above_start_threads(standing):
    community = _community()
    person = person_in_standing(standing, community)

    post = _post(community, author=person)

    assert Post.objects.get(pk=post.pk).author == person


@pytest.mark.parametrize("standing", ["guest", "external_guest"])
def test_guests_may_not_start_threads(standing):
    community = _community()
    guest = person_in_standing(standing, community)

    with pytest.raises(NotAllowed):
        _post(community, author=guest)

    assert not Post.objects.exists()


@pytest.mark.parametrize("standing", ["outsider", "external", "administrator"])
def test_a_private_community_is_missing_for_those_outside(standing):
    community = _community(Visibility.PRIVATE)
    person = person_in_standing(standing, community)

    with pytest.raises(NotFound):
        _post(community, author=person)


def test_a_public_community_refuses_threads_from_non_members():
    community = _community()
    outsider = person_in_standing("outsider", community)

    with pytest.raises(NotAllowed):
        _post(community, author=outsider)


@pytest.mark.parametrize("kind", PostKind.values)
def test_every_kind_of_post_can_be_started(kind):
    post = _post(kind=kind, summary="In short.")

    assert _fresh(post).kind == kind


def test_an_unknown_kind_is_invalid():
    with pytest.raises(InvalidInput) as raised:
        _post(kind="poll")

    assert "kind" in raised.value.fields


@pytest.mark.parametrize(
    "kind", [PostKind.DISCUSSION, PostKind.QUESTION, PostKind.ARTICLE]
)
def test_titled_kinds_require_a_title(kind):
    with pytest.raises(InvalidInput) as raised:
        _post(kind=kind, title="   ")

    assert "title" in raised.value.fields


def test_a_note_needs_no_title():
    post = _post(kind=PostKind.NOTE, title="")

    assert _fresh(post).title == ""


def test_a_title_over_300_characters_is_invalid():
    community = _community()

    with pytest.raises(InvalidInput) as raised:
        _post(community, title="x" * (MAX_TITLE_LENGTH + 1))

    assert "title" in raised.value.fields
    assert not Post.objects.exists()


def test_a_title_of_exactly_300_characters_is_kept():
    post = _post(title="x" * MAX_TITLE_LENGTH)

    assert len(_fresh(post).title) == MAX_TITLE_LENGTH


def test_a_title_has_its_spacing_tidied():
    post = _post(title="  Deploying \n on   Fridays  ")

    assert _fresh(post).title == "Deploying on Fridays"


def test_only_articles_keep_a_summary():
    community = _community()

    article = _post(community, kind=PostKind.ARTICLE, summary="What it says.")
    question = _post(community, kind=PostKind.QUESTION, summary="Dropped.")

    assert _fresh(article).summary == "What it says."
    assert _fresh(question).summary == ""


def test_five_topics_are_kept():
    names = ["Python", "Django", "Testing", "Security", "Databases"]

    post = _post(topics=names)

    assert sorted(_fresh(post).topics.values_list("name", flat=True)) == sorted(names)


def test_six_topics_are_invalid_and_nothing_is_written():
    names = ["One", "Two", "Three", "Four", "Five", "Six"]
    community = _community()

    with pytest.raises(InvalidInput) as raised:
        _post(community, topics=names)

    assert "topics" in raised.value.fields
    assert not Post.objects.exists()


def test_a_topic_name_that_is_only_punctuation_is_invalid_on_topics():
    with pytest.raises(InvalidInput) as raised:
        _post(topics=["+++"])

    assert "topics" in raised.value.fields


@pytest.mark.parametrize("body", ["", "   ", "\n\t\n"])
def test_an_empty_body_is_invalid(body):
    with pytest.raises(InvalidInput) as raised:
        _post(body=body)

    assert "body" in raised.value.fields


def test_a_post_stores_its_source_and_safe_html():
    post = _post(body="Hello **there** <script>alert(1)</script>")

    stored = _fresh(post)
    assert stored.body_source == "Hello **there** <script>alert(1)</script>"
    assert "<strong>there</strong>" in stored.body_html
    assert "<script" not in stored.body_html


def test_a_new_post_stores_no_revision_until_its_first_edit():
    """A text never edited is its own one version: no row is written."""
    post = _post(title="Original", body="First words.")

    assert not Revision.objects.filter(post=post).exists()


def test_the_first_edit_keeps_the_original_written_by_the_author():
    post = _post(title="Original", body="First words.")

    services.edit_post(post=post, edited_by=post.author, body="Second words.")

    original = Revision.objects.filter(post=post).earliest("id")
    assert (original.title, original.body_source) == ("Original", "First words.")
    assert original.editor == post.author
    assert original.created_at == post.created_at


def test_a_new_post_moves_the_community_last_activity():
    community = _community()
    long_ago = timezone.now() - timedelta(days=30)
    Community.objects.filter(pk=community.pk).update(last_activity_at=long_ago)

    _post(community)

    assert _fresh(community).last_activity_at > long_ago


# --- edit_post ---------------------------------------------------------------------


def test_the_author_edits_their_post_and_a_revision_is_kept():
    post = _post(title="Before", body="Old words.")

    services.edit_post(
        post=post, edited_by=post.author, title="After", body="New **words**."
    )

    stored = _fresh(post)
    assert (stored.title, stored.body_source) == ("After", "New **words**.")
    assert "<strong>words</strong>" in stored.body_html
    assert stored.edited_at is not None
    assert list(
        Revision.objects.filter(post=post)
        .order_by("created_at", "id")
        .values_list("title", "body_source")
    ) == [("Before", "Old words."), ("After", "New **words**.")]


def test_each_edit_adds_a_revision_and_the_first_stays_the_original():
    post = _post(body="v1")

    services.edit_post(post=post, edited_by=post.author, body="v2")
    services.edit_post(post=post, edited_by=post.author, body="v3")

    bodies = list(
        Revision.objects.filter(post=post)
        .order_by("created_at", "id")
        .values_list("body_source", flat=True)
    )
    assert bodies == ["v1", "v2", "v3"]


def test_another_member_may_not_edit_a_post():
    post = _post(body="Mine.")
    other = _member(post.community)

    with pytest.raises(NotAllowed):
        services.edit_post(post=post, edited_by=other, body="Theirs.")

    assert _fresh(post).body_source == "Mine."
    assert not Revision.objects.filter(post=post).exists()


@pytest.mark.parametrize("standing", MODERATES)
def test_moderators_edit_any_post_and_are_named_as_editor(standing):
    post = _post(body="Rude words.")
    moderator = person_in_standing(standing, post.community)

    services.edit_post(post=post, edited_by=moderator, body="Kind words.")

    assert _fresh(post).body_source == "Kind words."
    assert Revision.objects.filter(post=post).latest("id").editor == moderator


def test_an_author_who_left_may_no_longer_edit():
    post = _post()
    post.community.memberships.filter(person=post.author).delete()

    with pytest.raises(NotAllowed):
        services.edit_post(post=_fresh(post), edited_by=post.author, body="Later.")


def test_a_removed_post_cannot_be_edited():
    post = _post(body="Before.")
    services.delete_contribution(item=post, deleted_by=post.author, reason="Dup.")

    with pytest.raises(Conflict):
        services.edit_post(post=_fresh(post), edited_by=post.author, body="After.")

    assert _fresh(post).body_source == "Before."


def test_an_edit_with_an_empty_body_changes_nothing():
    post = _post(body="Kept.")

    with pytest.raises(InvalidInput):
        services.edit_post(post=post, edited_by=post.author, body=" ")

    assert _fresh(post).body_source == "Kept."
    assert not Revision.objects.filter(post=post).exists()


def test_an_edit_with_a_too_long_title_is_invalid():
    post = _post()

    with pytest.raises(InvalidInput) as raised:
        services.edit_post(post=post, edited_by=post.author, body="b", title="t" * 301)

    assert "title" in raised.value.fields


def test_an_edit_may_change_the_topics():
    post = _post(topics=["Python"])

    services.edit_post(
        post=post, edited_by=post.author, body="b", topics=["Go", "Rust"]
    )

    assert sorted(_fresh(post).topics.values_list("name", flat=True)) == [
        "Go",
        "Rust",
    ]


# --- post_answer ---------------------------------------------------------------------


@pytest.mark.parametrize("standing", ["guest", "member", "moderator", "leader"])
def test_members_and_guests_answer_questions(standing):
    question = _post()
    person = person_in_standing(standing, question.community)

    answer = _answer(question, author=person)

    assert Answer.objects.get(pk=answer.pk).post == question


def test_an_answer_moves_the_answer_count():
    question = _post()

    _answer(question)
    _answer(question)

    assert _fresh(question).answer_count == 2


@pytest.mark.parametrize("kind", [PostKind.DISCUSSION, PostKind.NOTE, PostKind.ARTICLE])
def test_only_questions_take_answers(kind):
    post = _post(kind=kind, summary="s")

    with pytest.raises(InvalidInput):
        _answer(post)

    assert not Answer.objects.exists()


def test_a_removed_question_takes_no_answers():
    question = _post()
    services.delete_contribution(
        item=question, deleted_by=question.author, reason="Asked twice."
    )

    with pytest.raises(Conflict):
        _answer(_fresh(question))

    assert _fresh(question).answer_count == 0


def test_an_outsider_may_not_answer_in_a_public_community():
    question = _post()
    outsider = person_in_standing("outsider", question.community)

    with pytest.raises(NotAllowed):
        _answer(question, author=outsider)


def test_a_private_question_is_missing_for_an_outsider():
    question = _post(_community(Visibility.PRIVATE))
    outsider = person_in_standing("outsider", question.community)

    with pytest.raises(NotFound):
        _answer(question, author=outsider)


def test_an_empty_answer_is_invalid():
    question = _post()

    with pytest.raises(InvalidInput) as raised:
        _answer(question, body="  ")

    assert "body" in raised.value.fields
    assert _fresh(question).answer_count == 0


def test_an_edited_answer_keeps_its_original_and_the_new_version():
    answer = _answer(_post(), body="First.")

    services.edit_answer(answer=answer, edited_by=answer.author, body="Second.")

    assert list(
        Revision.objects.filter(answer=answer)
        .order_by("id")
        .values_list("body_source", flat=True)
    ) == ["First.", "Second."]


def test_an_answer_moves_the_last_activity_of_post_and_community():
    question = _post()
    long_ago = timezone.now() - timedelta(days=30)
    Post.objects.filter(pk=question.pk).update(last_activity_at=long_ago)
    Community.objects.filter(pk=question.community_id).update(last_activity_at=long_ago)

    _answer(question)

    assert _fresh(question).last_activity_at > long_ago
    assert _fresh(question.community).last_activity_at > long_ago


# --- accept_answer -------------------------------------------------------------------


def test_the_asker_accepts_an_answer():
    question = _post()
    answer = _answer(question)

    services.accept_answer(
        question=question, answer=answer, accepted_by=question.author
    )

    stored = _fresh(question)
    assert stored.accepted_answer == answer
    assert stored.accepted_by == question.author
    assert stored.accepted_at is not None


@pytest.mark.parametrize("standing", LEADS)
def test_a_leader_accepts_an_answer_on_someone_elses_question(standing):
    question = _post()
    answer = _answer(question)
    leader = person_in_standing(standing, question.community)

    services.accept_answer(question=question, answer=answer, accepted_by=leader)

    assert _fresh(question).accepted_by == leader


@pytest.mark.parametrize("standing", ["member", "guest", "moderator"])
def test_others_may_not_accept_an_answer(standing):
    question = _post()
    answer = _answer(question)
    other = person_in_standing(standing, question.community)

    with pytest.raises(NotAllowed):
        services.accept_answer(question=question, answer=answer, accepted_by=other)

    assert _fresh(question).accepted_answer is None


def test_an_answer_to_another_question_cannot_be_accepted():
    question = _post()
    elsewhere = _answer(_post(question.community))

    with pytest.raises(InvalidInput) as raised:
        services.accept_answer(
            question=question, answer=elsewhere, accepted_by=question.author
        )

    assert "answer" in raised.value.fields
    assert _fresh(question).accepted_answer is None


def test_accepting_again_replaces_the_accepted_answer():
    question = _post()
    first, second = _answer(question), _answer(question)
    services.accept_answer(question=question, answer=first, accepted_by=question.author)

    services.accept_answer(
        question=_fresh(question), answer=second, accepted_by=question.author
    )

    assert _fresh(question).accepted_answer == second


def test_unaccepting_clears_the_accepted_answer():
    question = _post()
    answer = _answer(question)
    services.accept_answer(
        question=question, answer=answer, accepted_by=question.author
    )

    services.unaccept_answer(question=_fresh(question), changed_by=question.author)

    stored = _fresh(question)
    assert (stored.accepted_answer, stored.accepted_by, stored.accepted_at) == (
        None,
        None,
        None,
    )


def test_another_member_may_not_unaccept():
    question = _post()
    answer = _answer(question)
    services.accept_answer(
        question=question, answer=answer, accepted_by=question.author
    )

    with pytest.raises(NotAllowed):
        services.unaccept_answer(
            question=_fresh(question), changed_by=_member(question.community)
        )

    assert _fresh(question).accepted_answer == answer


def test_a_removed_answer_cannot_be_accepted():
    question = _post()
    answer = _answer(question)
    services.delete_contribution(item=answer, deleted_by=answer.author, reason="Wrong.")

    with pytest.raises(Conflict):
        services.accept_answer(
            question=question, answer=_fresh(answer), accepted_by=question.author
        )


# --- add_comment ---------------------------------------------------------------------


def test_a_comment_on_a_post_moves_the_comment_count():
    post = _post()

    comment = _comment(post)

    assert Comment.objects.get(pk=comment.pk).answer is None
    assert _fresh(post).comment_count == 1


def test_a_comment_on_an_answer_belongs_to_the_answer_and_its_post():
    question = _post()
    answer = _answer(question)

    comment = _comment(question, answer=answer)

    stored = Comment.objects.get(pk=comment.pk)
    assert (stored.post, stored.answer) == (question, answer)
    assert _fresh(question).comment_count == 1


def test_a_comment_naming_an_answer_of_another_post_is_invalid():
    question = _post()
    elsewhere = _answer(_post(question.community))

    with pytest.raises(InvalidInput) as raised:
        _comment(question, answer=elsewhere)

    assert "answer" in raised.value.fields
    assert not Comment.objects.exists()


def test_a_guest_may_comment():
    post = _post()
    guest = person_in_standing("guest", post.community)

    comment = _comment(post, author=guest)

    assert Comment.objects.get(pk=comment.pk).author == guest


def test_a_removed_post_takes_no_comments():
    post = _post()
    services.delete_contribution(item=post, deleted_by=post.author, reason="Gone.")

    with pytest.raises(Conflict):
        _comment(_fresh(post))


def test_a_removed_answer_takes_no_comments():
    question = _post()
    answer = _answer(question)
    services.delete_contribution(item=answer, deleted_by=answer.author, reason="No.")

    with pytest.raises(Conflict):
        _comment(question, answer=_fresh(answer))


def test_a_comment_over_2000_characters_is_invalid():
    post = _post()

    with pytest.raises(InvalidInput) as raised:
        _comment(post, body="x" * 2001)

    assert "body" in raised.value.fields


def test_a_comment_moves_the_last_activity_of_post_and_community():
    post = _post()
    long_ago = timezone.now() - timedelta(days=30)
    Post.objects.filter(pk=post.pk).update(last_activity_at=long_ago)
    Community.objects.filter(pk=post.community_id).update(last_activity_at=long_ago)

    _comment(post)

    assert _fresh(post).last_activity_at > long_ago
    assert _fresh(post.community).last_activity_at > long_ago


def test_editing_a_comment_keeps_a_revision():
    comment = _comment(_post(), body="Frist.")

    services.edit_comment(comment=comment, edited_by=comment.author, body="First.")

    assert list(
        Revision.objects.filter(comment=comment)
        .order_by("id")
        .values_list("body_source", flat=True)
    ) == ["Frist.", "First."]


def test_editing_an_answer_keeps_a_revision_and_rerenders():
    answer = _answer(_post(), body="Plain.")

    services.edit_answer(answer=answer, edited_by=answer.author, body="*Better*.")

    assert "<em>Better</em>" in _fresh(answer).body_html
    assert Revision.objects.filter(answer=answer).count() == 2


# --- toggle_reaction -----------------------------------------------------------------


def test_a_reaction_is_added_then_taken_back():
    post = _post()
    reader = _member(post.community)

    added = services.toggle_reaction(item=post, person=reader, kind="helpful")
    added_again = services.toggle_reaction(item=post, person=reader, kind="helpful")

    assert (added, added_again) == (True, False)
    assert _fresh(post).helpful_count == 0
    assert not Reaction.objects.exists()


def test_one_reaction_of_each_kind_per_person():
    post = _post()
    reader = _member(post.community)

    for kind in ("helpful", "insightful", "thanks"):
        services.toggle_reaction(item=post, person=reader, kind=kind)

    stored = _fresh(post)
    assert (stored.helpful_count, stored.insightful_count, stored.thanks_count) == (
        1,
        1,
        1,
    )
    assert Reaction.objects.filter(person=reader).count() == 3


def test_reactions_from_several_people_are_counted():
    question = _post()
    answer = _answer(question)
    readers = [_member(question.community) for _ in range(3)]

    for reader in readers:
        services.toggle_reaction(item=answer, person=reader, kind="helpful")
    services.toggle_reaction(item=answer, person=readers[0], kind="helpful")

    assert _fresh(answer).helpful_count == 2


def test_a_comment_takes_reactions():
    comment = _comment(_post())
    reader = _member(comment.post.community)

    services.toggle_reaction(item=comment, person=reader, kind="thanks")

    assert _fresh(comment).thanks_count == 1


def test_an_unknown_reaction_kind_is_invalid():
    post = _post()

    with pytest.raises(InvalidInput) as raised:
        services.toggle_reaction(item=post, person=post.author, kind="love")

    assert "kind" in raised.value.fields


def test_helpful_total_includes_imported_votes():
    post = _post()
    Post.objects.filter(pk=post.pk).update(imported_helpful_count=7)
    reader = _member(post.community)

    services.toggle_reaction(item=_fresh(post), person=reader, kind="helpful")

    stored = _fresh(post)
    assert (stored.helpful_count, stored.helpful_total) == (1, 8)


def test_an_anonymous_visitor_cannot_react():
    post = _post()

    with pytest.raises(NotFound):
        services.toggle_reaction(item=post, person=AnonymousUser(), kind="helpful")


def test_a_private_post_is_missing_for_an_outsiders_reaction():
    post = _post(_community(Visibility.PRIVATE))
    outsider = person_in_standing("outsider", post.community)

    with pytest.raises(NotFound):
        services.toggle_reaction(item=post, person=outsider, kind="helpful")

    assert _fresh(post).helpful_count == 0


def test_a_removed_post_takes_no_reactions():
    post = _post()
    services.delete_contribution(item=post, deleted_by=post.author, reason="Gone.")

    with pytest.raises(Conflict):
        services.toggle_reaction(
            item=_fresh(post), person=_member(post.community), kind="helpful"
        )


# --- delete_contribution -------------------------------------------------------------


@pytest.mark.parametrize("reason", ["", "   "])
def test_deleting_requires_a_reason(reason):
    post = _post()

    with pytest.raises(InvalidInput) as raised:
        services.delete_contribution(item=post, deleted_by=post.author, reason=reason)

    assert "reason" in raised.value.fields
    assert _fresh(post).deleted_at is None


def test_the_author_deletes_with_a_reason_and_it_is_audited():
    post = _post()

    services.delete_contribution(item=post, deleted_by=post.author, reason="Dup.")

    stored = _fresh(post)
    assert stored.is_removed
    assert (stored.deleted_by, stored.deletion_reason) == (post.author, "Dup.")
    assert _audit_actions(post.community) == ["post.delete"]


@pytest.mark.parametrize("standing", MODERATES)
def test_moderators_delete_answers_and_comments(standing):
    question = _post()
    answer = _answer(question)
    comment = _comment(question, answer=answer)
    moderator = person_in_standing(standing, question.community)

    services.delete_contribution(item=answer, deleted_by=moderator, reason="Spam.")
    services.delete_contribution(item=comment, deleted_by=moderator, reason="Spam.")

    assert _fresh(answer).deleted_by == moderator
    assert _fresh(comment).deleted_by == moderator
    assert _audit_actions(question.community) == ["answer.delete", "comment.delete"]


@pytest.mark.parametrize("standing", ["member", "guest", "outsider"])
def test_others_may_not_delete(standing):
    post = _post()
    other = person_in_standing(standing, post.community)

    with pytest.raises(NotAllowed):
        services.delete_contribution(item=post, deleted_by=other, reason="Mine now.")

    assert _fresh(post).deleted_at is None
    assert _audit_actions(post.community) == []


def test_the_audit_entry_names_the_target_and_the_reason():
    comment = _comment(_post())

    services.delete_contribution(
        item=comment, deleted_by=comment.author, reason="Typo."
    )

    entry = AuditEntry.objects.get(action="comment.delete")
    assert entry.scope == scope_of(comment.post.community)
    assert (entry.target_id, entry.actor, entry.after) == (
        str(comment.pk),
        comment.author,
        {"reason": "Typo."},
    )


# --- report and moderate -------------------------------------------------------------


def _reported(item=None, reason="Spam."):
    item = item or _post()
    community = item.post.community if hasattr(item, "post") else item.community
    reporter = _member(community)
    return services.report(item=item, reported_by=reporter, reason=reason)


def test_a_reader_reports_a_post():
    post = _post()
    reader = person_in_standing("outsider", post.community)

    report = services.report(item=post, reported_by=reader, reason="Off topic.")

    stored = Report.objects.get(pk=report.pk)
    assert (stored.post, stored.community, stored.status) == (
        post,
        post.community,
        Report.Status.OPEN,
    )


def test_a_report_needs_a_reason():
    post = _post()

    with pytest.raises(InvalidInput) as raised:
        services.report(item=post, reported_by=post.author, reason=" ")

    assert "reason" in raised.value.fields


def test_a_private_post_is_missing_for_an_outsiders_report():
    post = _post(_community(Visibility.PRIVATE))
    outsider = person_in_standing("outsider", post.community)

    with pytest.raises(NotFound):
        services.report(item=post, reported_by=outsider, reason="Spam.")


@pytest.mark.parametrize("standing", MODERATES)
def test_moderators_hide_and_restore_and_it_is_audited(standing):
    question = _post()
    comment = _comment(question)
    report = _reported(comment)
    moderator = person_in_standing(standing, question.community)

    hidden = services.moderate(report_=report, moderator=moderator, decision="hide")
    hidden_comment = _fresh(comment)
    restored = services.moderate(
        report_=hidden, moderator=moderator, decision="restore"
    )

    assert hidden.status == Report.Status.HIDDEN
    assert (hidden_comment.hidden_by, hidden_comment.is_removed) == (moderator, True)
    assert restored.status == Report.Status.RESTORED
    assert _fresh(comment).is_removed is False
    assert _audit_actions(question.community) == ["comment.hide", "comment.restore"]


def test_dismissing_leaves_the_item_and_writes_no_audit():
    post = _post()
    report = _reported(post)
    moderator = person_in_standing("moderator", post.community)

    decided = services.moderate(report_=report, moderator=moderator, decision="dismiss")

    assert decided.status == Report.Status.DISMISSED
    assert (decided.decided_by, _fresh(post).is_removed) == (moderator, False)
    assert _audit_actions(post.community) == []


@pytest.mark.parametrize("standing", ["member", "guest", "outsider"])
def test_non_moderators_may_not_moderate(standing):
    post = _post()
    report = _reported(post)
    person = person_in_standing(standing, post.community)

    with pytest.raises(NotAllowed):
        services.moderate(report_=report, moderator=person, decision="hide")

    assert _fresh(post).hidden_at is None
    assert Report.objects.get(pk=report.pk).status == Report.Status.OPEN


def test_a_moderator_of_another_community_may_not_moderate():
    post = _post()
    report = _reported(post)
    elsewhere = person_in_standing("moderator", _community())

    with pytest.raises(NotAllowed):
        services.moderate(report_=report, moderator=elsewhere, decision="hide")


def test_an_unknown_decision_is_invalid():
    post = _post()
    report = _reported(post)
    moderator = person_in_standing("moderator", post.community)

    with pytest.raises(InvalidInput):
        services.moderate(report_=report, moderator=moderator, decision="ban")

    assert Report.objects.get(pk=report.pk).status == Report.Status.OPEN


def test_a_decision_settles_every_open_report_on_the_same_item():
    question = _post()
    answer = _answer(question)
    first, second = _reported(answer), _reported(answer)
    unrelated = _reported(question)
    moderator = person_in_standing("moderator", question.community)

    services.moderate(report_=first, moderator=moderator, decision="hide")

    statuses = dict(Report.objects.values_list("pk", "status"))
    assert statuses == {
        first.pk: Report.Status.HIDDEN,
        second.pk: Report.Status.HIDDEN,
        unrelated.pk: Report.Status.OPEN,
    }


# --- upload_image ------------------------------------------------------------------


def test_an_image_is_stored_as_webp_with_its_size():
    community = _community()
    member = _member(community)

    stored = services.upload_image(
        community=community, uploaded_by=member, upload=_image_file(size=(64, 48))
    )

    upload = Upload.objects.get(pk=stored.pk)
    assert (upload.width, upload.height) == (64, 48)
    assert upload.file.name.endswith(".webp")
    with upload.file.open("rb") as handle:
        assert Image.open(handle).format == "WEBP"


def test_a_large_image_is_scaled_down():
    community = _community()

    stored = services.upload_image(
        community=community,
        uploaded_by=_member(community),
        upload=_image_file(size=(4000, 1000)),
    )

    assert (stored.width, stored.height) == (2000, 500)


def test_a_text_file_is_not_an_image():
    community = _community()
    text = SimpleUploadedFile("x.png", b"hello, not an image", content_type="image/png")

    with pytest.raises(InvalidInput) as raised:
        services.upload_image(
            community=community, uploaded_by=_member(community), upload=text
        )

    assert "file" in raised.value.fields
    assert not Upload.objects.exists()


def test_a_file_over_10_mb_is_too_large():
    community = _community()
    big = SimpleUploadedFile(
        "big.png", b"\0" * (MAX_UPLOAD_BYTES + 1), content_type="image/png"
    )

    with pytest.raises(PayloadTooLarge) as raised:
        services.upload_image(
            community=community, uploaded_by=_member(community), upload=big
        )

    assert raised.value.status_code == 413
    assert not Upload.objects.exists()


def test_an_outsider_may_not_upload_into_a_private_community():
    community = _community(Visibility.PRIVATE)
    outsider = person_in_standing("outsider", community)

    with pytest.raises(NotFound):
        services.upload_image(
            community=community, uploaded_by=outsider, upload=_image_file()
        )


def test_a_non_member_may_not_upload_into_a_public_community():
    community = _community()
    outsider = person_in_standing("outsider", community)

    with pytest.raises(NotAllowed):
        services.upload_image(
            community=community, uploaded_by=outsider, upload=_image_file()
        )


def test_factories_make_rows_the_services_accept():
    answer = AnswerFactory()
    MembershipFactory(community=answer.post.community, person=answer.author)

    services.edit_answer(answer=answer, edited_by=answer.author, body="Edited.")

    assert _fresh(answer).body_source == "Edited."
