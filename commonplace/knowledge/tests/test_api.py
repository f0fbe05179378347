"""The conversations API: every operation, bad input, XSS, query counts."""

from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from commonplace.communities.models import Role, Visibility
from commonplace.communities.tests.factories import (
    CommunityFactory,
    MembershipFactory,
)
from commonplace.knowledge import services
from commonplace.knowledge.models import (
    Answer,
    Comment,
    Post,
    PostKind,
    Reaction,
    Report,
    Upload,
)
from commonplace.knowledge.services import MAX_UPLOAD_BYTES
from commonplace.knowledge.tests.factories import (
    AnswerFactory,
    CommentFactory,
    PostFactory,
    ReportFactory,
)
from commonplace.people.tests.factories import UserFactory, image_upload

pytestmark = pytest.mark.django_db

JSON = "application/json"
# Queries per request, whatever the number of rows: the session, the
# person, the community (with its topics and leaders) or the post and the
# caller's role, then the rows and what each row shows, fetched once for
# the whole page.
QUERIES = {"posts": 7, "answers": 8, "reports": 6}


def _is_error_shape(body):
    return set(body) == {"detail", "fields"} and isinstance(body["detail"], str)


def _in(community, role=Role.MEMBER, **fields):
    person = UserFactory(**fields)
    MembershipFactory(community=community, person=person, role=role)
    return person


def _member_signed_in(client, role=Role.MEMBER, **community_fields):
    community = CommunityFactory(**community_fields)
    person = _in(community, role)
    client.force_login(person)
    return person, community


def _url(name, *args):
    return reverse(f"api:{name}", args=args)


def _post_body(**fields):
    return {
        "kind": "question",
        "title": "How do we rotate the build farm's keys?",
        "body": "We tried the *obvious* way.",
        **fields,
    }


def _start(client, community, **fields):
    return client.post(
        _url("community-posts", community.slug), _post_body(**fields), content_type=JSON
    )


def _question_by(person, community, **fields):
    return services.create_post(
        community=community,
        author=person,
        kind=PostKind.QUESTION,
        title="Which runner should we use?",
        body="We have **two** options.",
        **fields,
    )


# --- A community's posts --------------------------------------------------------------


def test_a_member_starts_a_thread_and_gets_its_source_and_html(client):
    me, community = _member_signed_in(client)

    response = _start(client, community, topics=["Kubernetes", "CI"])

    assert response.status_code == 201
    body = response.json()
    post = Post.objects.get(pk=body["id"])
    assert post.author == me
    assert body["body_source"] == "We tried the *obvious* way."
    assert "<em>obvious</em>" in body["body_html"]
    assert sorted(topic["name"] for topic in body["topics"]) == ["CI", "Kubernetes"]
    assert body["can"]["edit"] is True
    assert body["removed"] is False


def test_starting_a_thread_ignores_author_community_and_acceptance_sent_along(client):
    me, community = _member_signed_in(client)
    elsewhere = CommunityFactory()
    someone = UserFactory()
    answer = AnswerFactory()

    response = _start(
        client,
        community,
        author_id=someone.pk,
        community_id=elsewhere.pk,
        accepted_answer=answer.pk,
        accepted_answer_id=answer.pk,
        answer_count=99,
    )

    assert response.status_code == 201
    post = Post.objects.get(pk=response.json()["id"])
    assert (post.author, post.community) == (me, community)
    assert post.accepted_answer is None
    assert post.answer_count == 0


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"body": "   "}, "body"),
        ({"title": "x" * 301}, "title"),
        ({"topics": ["a", "b", "c", "d", "e", "f"]}, "topics"),
    ],
    ids=["empty body", "301-character title", "six topics"],
)
def test_a_post_with_bad_input_is_refused_with_the_field_and_nothing_written(
    client, fields, field
):
    _me, community = _member_signed_in(client)

    response = _start(client, community, **fields)

    assert response.status_code == 400
    assert _is_error_shape(response.json())
    assert field in response.json()["fields"]
    assert not Post.objects.exists()


def test_an_unknown_kind_of_post_is_refused(client):
    _me, community = _member_signed_in(client)

    response = _start(client, community, kind="poll")

    assert response.status_code == 422
    assert _is_error_shape(response.json())


def test_a_guest_may_not_start_a_thread(client):
    _me, community = _member_signed_in(client, role=Role.GUEST)

    response = _start(client, community)

    assert response.status_code == 403
    assert _is_error_shape(response.json())
    assert not Post.objects.exists()


def test_a_private_community_s_posts_are_not_found_by_outsiders(client):
    community = CommunityFactory(visibility=Visibility.PRIVATE)
    post = PostFactory(community=community)
    client.force_login(UserFactory())

    listing = client.get(_url("community-posts", community.slug))
    one = client.get(_url("post", post.pk))
    started = _start(client, community)

    assert (listing.status_code, one.status_code, started.status_code) == (
        404,
        404,
        404,
    )
    assert _is_error_shape(one.json())


def test_the_list_shows_live_posts_newest_first_and_filters_open_questions(client):
    me, community = _member_signed_in(client)
    solved = _question_by(me, community)
    services.accept_answer(
        question=solved,
        answer=services.post_answer(question=solved, author=me, body="This."),
        accepted_by=me,
    )
    open_question = _question_by(me, community)
    note = services.create_post(
        community=community, author=me, kind=PostKind.NOTE, body="Learned a thing."
    )
    removed = _question_by(me, community)
    services.delete_contribution(item=removed, deleted_by=me, reason="Duplicate")

    everything = client.get(_url("community-posts", community.slug))
    unanswered = client.get(
        _url("community-posts", community.slug), {"unanswered": "true"}
    )
    notes = client.get(_url("community-posts", community.slug), {"kind": "note"})

    assert [item["id"] for item in everything.json()["items"]] == [
        note.pk,
        open_question.pk,
        solved.pk,
    ]
    assert [item["id"] for item in unanswered.json()["items"]] == [open_question.pk]
    assert [item["id"] for item in notes.json()["items"]] == [note.pk]


def test_the_list_pages_with_a_cursor(client):
    me, community = _member_signed_in(client)
    posts = [_question_by(me, community) for _number in range(3)]

    first = client.get(_url("community-posts", community.slug), {"size": 2}).json()
    second = client.get(
        _url("community-posts", community.slug),
        {"size": 2, "cursor": first["next_cursor"]},
    ).json()

    assert [item["id"] for item in first["items"] + second["items"]] == [
        post.pk for post in reversed(posts)
    ]
    assert second["next_cursor"] is None


# --- One post -------------------------------------------------------------------------


def test_a_post_shows_its_counts_and_accepted_answer(client):
    me, community = _member_signed_in(client)
    post = _question_by(me, community)
    answer = services.post_answer(question=post, author=me, body="Use the new one.")
    services.accept_answer(question=post, answer=answer, accepted_by=me)
    services.add_comment(post=post, author=me, body="Thanks!")
    services.toggle_reaction(item=post, person=me, kind="helpful")
    Post.objects.filter(pk=post.pk).update(imported_helpful_count=3)

    body = client.get(_url("post", post.pk)).json()

    assert (body["answer_count"], body["comment_count"]) == (1, 1)
    assert body["helpful_total"] == 4
    assert body["reactions"] == {"helpful": 4, "insightful": 0, "thanks": 0}
    assert body["my_reactions"] == ["helpful"]
    assert body["accepted_answer_id"] == answer.pk
    assert body["accepted_by"]["id"] == me.pk
    assert body["accepted_at"] is not None
    assert body["can"]["accept"] is True


def test_a_removed_post_shows_the_marker_but_not_its_text_to_readers(client):
    community = CommunityFactory()
    author = _in(community)
    post = _question_by(author, community)
    services.delete_contribution(item=post, deleted_by=author, reason="Wrong place")
    client.force_login(_in(community))

    body = client.get(_url("post", post.pk)).json()

    assert body["removed"] is True
    assert body["removal_reason"] == "Wrong place"
    assert (body["title"], body["body_source"], body["body_html"]) == ("", "", "")


def test_a_removed_post_keeps_its_text_for_moderators(client):
    me, community = _member_signed_in(client, role=Role.MODERATOR)
    post = _question_by(_in(community), community)
    services.delete_contribution(item=post, deleted_by=me, reason="Spam")

    body = client.get(_url("post", post.pk)).json()

    assert body["removed"] is True
    assert body["body_source"] == "We have **two** options."


def test_the_author_edits_a_post_and_the_earlier_version_stays_in_its_revisions(
    client,
):
    me, community = _member_signed_in(client)
    post = _question_by(me, community)

    response = client.patch(
        _url("post", post.pk),
        {"title": "Which CI runner?", "body": "Now *clearer*.", "author_id": 1},
        content_type=JSON,
    )
    revisions = client.get(_url("post-revisions", post.pk)).json()

    assert response.status_code == 200
    assert response.json()["title"] == "Which CI runner?"
    assert "<em>clearer</em>" in response.json()["body_html"]
    assert response.json()["edited_at"] is not None
    assert [item["body_source"] for item in revisions["items"]] == [
        "Now *clearer*.",
        "We have **two** options.",
    ]
    assert revisions["items"][0]["editor"]["id"] == me.pk


def test_a_patch_without_a_body_keeps_the_text(client):
    me, community = _member_signed_in(client)
    post = _question_by(me, community)

    response = client.patch(
        _url("post", post.pk), {"topics": ["Go"]}, content_type=JSON
    )

    assert response.status_code == 200
    assert response.json()["body_source"] == "We have **two** options."
    assert [topic["name"] for topic in response.json()["topics"]] == ["Go"]


def test_someone_else_s_post_may_not_be_edited_by_a_plain_member(client):
    community = CommunityFactory()
    post = _question_by(_in(community), community)
    client.force_login(_in(community))

    response = client.patch(_url("post", post.pk), {"body": "Mine."}, content_type=JSON)

    assert response.status_code == 403
    assert _is_error_shape(response.json())
    assert Post.objects.get(pk=post.pk).body_source == "We have **two** options."


def test_a_moderator_edits_someone_else_s_post(client):
    _me, community = _member_signed_in(client, role=Role.MODERATOR)
    post = _question_by(_in(community), community)

    response = client.patch(
        _url("post", post.pk), {"body": "Fixed the link."}, content_type=JSON
    )

    assert response.status_code == 200


def test_deleting_a_post_takes_a_reason_in_the_body(client):
    me, community = _member_signed_in(client)
    post = _question_by(me, community)

    response = client.delete(
        _url("post", post.pk), {"reason": "Asked twice"}, content_type=JSON
    )

    assert response.status_code == 204
    post.refresh_from_db()
    assert (post.deletion_reason, post.deleted_by) == ("Asked twice", me)


def test_deleting_a_post_takes_a_reason_in_the_query(client):
    me, community = _member_signed_in(client)
    post = _question_by(me, community)

    response = client.delete(_url("post", post.pk) + "?reason=Asked%20twice")

    assert response.status_code == 204
    assert Post.objects.get(pk=post.pk).deletion_reason == "Asked twice"


def test_deleting_without_a_reason_is_refused(client):
    me, community = _member_signed_in(client)
    post = _question_by(me, community)

    response = client.delete(_url("post", post.pk))

    assert response.status_code == 400
    assert "reason" in response.json()["fields"]
    assert Post.objects.get(pk=post.pk).deleted_at is None


# --- Accepting ------------------------------------------------------------------------


def test_the_asker_accepts_an_answer_and_takes_it_back(client):
    me, community = _member_signed_in(client)
    post = _question_by(me, community)
    answer = AnswerFactory(post=post)

    accepted = client.post(
        _url("post-accept", post.pk), {"answer_id": answer.pk}, content_type=JSON
    )
    taken_back = client.delete(_url("post-accept", post.pk))

    assert accepted.status_code == 200
    assert accepted.json()["accepted_answer_id"] == answer.pk
    assert taken_back.status_code == 200
    assert taken_back.json()["accepted_answer_id"] is None


def test_a_leader_accepts_an_answer_to_someone_else_s_question(client):
    _me, community = _member_signed_in(client, role=Role.LEADER)
    post = _question_by(_in(community), community)
    answer = AnswerFactory(post=post)

    response = client.post(
        _url("post-accept", post.pk), {"answer_id": answer.pk}, content_type=JSON
    )

    assert response.status_code == 200


def test_a_member_who_did_not_ask_may_not_accept(client):
    _me, community = _member_signed_in(client)
    post = _question_by(_in(community), community)
    answer = AnswerFactory(post=post)

    response = client.post(
        _url("post-accept", post.pk), {"answer_id": answer.pk}, content_type=JSON
    )

    assert response.status_code == 403
    assert _is_error_shape(response.json())
    assert Post.objects.get(pk=post.pk).accepted_answer is None


def test_an_answer_to_another_question_cannot_be_accepted(client):
    me, community = _member_signed_in(client)
    post = _question_by(me, community)
    other = AnswerFactory(post=_question_by(me, community))

    response = client.post(
        _url("post-accept", post.pk), {"answer_id": other.pk}, content_type=JSON
    )

    assert response.status_code == 400
    assert "answer" in response.json()["fields"]
    assert Post.objects.get(pk=post.pk).accepted_answer is None


# --- Answers --------------------------------------------------------------------------


def test_a_guest_answers_a_question(client):
    me, community = _member_signed_in(client, role=Role.GUEST)
    post = _question_by(_in(community), community)

    response = client.post(
        _url("post-answers", post.pk),
        {"body": "Use **this**.", "author_id": 1},
        content_type=JSON,
    )

    assert response.status_code == 201
    assert Answer.objects.get(pk=response.json()["id"]).author == me
    assert "<strong>this</strong>" in response.json()["body_html"]
    assert response.json()["is_accepted"] is False


def test_answers_come_accepted_first_then_most_helpful_with_their_comments(client):
    me, community = _member_signed_in(client)
    post = _question_by(me, community)
    oldest = AnswerFactory(post=post)
    helpful = AnswerFactory(post=post, helpful_count=3)
    accepted = AnswerFactory(post=post)
    services.accept_answer(question=post, answer=accepted, accepted_by=me)
    comment = CommentFactory(post=post, answer=helpful)

    body = client.get(_url("post-answers", post.pk)).json()

    assert [item["id"] for item in body["items"]] == [
        accepted.pk,
        helpful.pk,
        oldest.pk,
    ]
    assert body["items"][0]["is_accepted"] is True
    assert [item["id"] for item in body["items"][1]["comments"]] == [comment.pk]
    assert body["next_cursor"] is None


def test_replying_to_a_deleted_post_is_a_conflict(client):
    me, community = _member_signed_in(client)
    post = _question_by(me, community)
    services.delete_contribution(item=post, deleted_by=me, reason="Duplicate")

    answered = client.post(
        _url("post-answers", post.pk), {"body": "Too late?"}, content_type=JSON
    )
    commented = client.post(
        _url("post-comments", post.pk), {"body": "Too late?"}, content_type=JSON
    )

    assert (answered.status_code, commented.status_code) == (409, 409)
    assert _is_error_shape(answered.json())
    assert not Answer.objects.exists()
    assert not Comment.objects.exists()


def test_an_empty_answer_is_refused(client):
    me, community = _member_signed_in(client)
    post = _question_by(me, community)

    response = client.post(
        _url("post-answers", post.pk), {"body": ""}, content_type=JSON
    )

    assert response.status_code == 400
    assert "body" in response.json()["fields"]


def test_the_author_edits_and_deletes_an_answer(client):
    me, community = _member_signed_in(client)
    answer = AnswerFactory(post=_question_by(me, community), author=me)

    edited = client.patch(
        _url("answer", answer.pk), {"body": "Better."}, content_type=JSON
    )
    revisions = client.get(_url("answer-revisions", answer.pk)).json()
    deleted = client.delete(
        _url("answer", answer.pk), {"reason": "Wrong"}, content_type=JSON
    )

    assert edited.status_code == 200
    assert edited.json()["body_source"] == "Better."
    assert deleted.status_code == 204
    assert Answer.objects.get(pk=answer.pk).deletion_reason == "Wrong"
    assert [item["body_source"] for item in revisions["items"]] == [
        "Better.",
        answer.body_source,
    ]


def test_a_removed_answer_s_revisions_are_blank_to_readers(client):
    community = CommunityFactory()
    author = _in(community)
    answer = services.post_answer(
        question=_question_by(author, community), author=author, body="Secret"
    )
    services.delete_contribution(item=answer, deleted_by=author, reason="Oops")
    client.force_login(_in(community))

    revisions = client.get(_url("answer-revisions", answer.pk)).json()

    assert [item["body_source"] for item in revisions["items"]] == [""]


# --- Comments -------------------------------------------------------------------------


def test_comments_on_a_post_and_on_an_answer(client):
    me, community = _member_signed_in(client)
    post = _question_by(me, community)
    answer = AnswerFactory(post=post)

    on_post = client.post(
        _url("post-comments", post.pk), {"body": "Which version?"}, content_type=JSON
    )
    on_answer = client.post(
        _url("post-comments", post.pk),
        {"body": "Worked for me.", "answer_id": answer.pk},
        content_type=JSON,
    )
    listed = client.get(_url("post-comments", post.pk)).json()

    assert (on_post.status_code, on_answer.status_code) == (201, 201)
    assert on_answer.json()["answer_id"] == answer.pk
    assert [item["id"] for item in listed["items"]] == [on_post.json()["id"]]
    assert listed["next_cursor"] is None


def test_a_comment_on_another_post_s_answer_is_refused(client):
    me, community = _member_signed_in(client)
    post = _question_by(me, community)
    elsewhere = AnswerFactory(post=_question_by(me, community))

    response = client.post(
        _url("post-comments", post.pk),
        {"body": "Hm.", "answer_id": elsewhere.pk},
        content_type=JSON,
    )

    assert response.status_code == 400
    assert not Comment.objects.exists()


def test_the_author_edits_and_deletes_a_comment_with_revisions(client):
    me, community = _member_signed_in(client)
    comment = services.add_comment(
        post=_question_by(me, community), author=me, body="First"
    )

    edited = client.patch(
        _url("comment", comment.pk), {"body": "Second"}, content_type=JSON
    )
    revisions = client.get(_url("comment-revisions", comment.pk)).json()
    deleted = client.delete(_url("comment", comment.pk) + "?reason=Noise")

    assert edited.status_code == 200
    assert [item["body_source"] for item in revisions["items"]] == ["Second", "First"]
    assert deleted.status_code == 204
    assert Comment.objects.get(pk=comment.pk).is_removed


def test_someone_else_s_comment_may_not_be_edited(client):
    community = CommunityFactory()
    comment = CommentFactory(post=PostFactory(community=community))
    client.force_login(_in(community))

    response = client.patch(
        _url("comment", comment.pk), {"body": "Mine"}, content_type=JSON
    )

    assert response.status_code == 403


# --- Reactions ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("target_type", "make"),
    [
        ("post", lambda community: PostFactory(community=community)),
        ("answer", lambda community: AnswerFactory(post__community=community)),
        ("comment", lambda community: CommentFactory(post__community=community)),
    ],
)
def test_a_reaction_toggles_on_and_off(client, target_type, make):
    _me, community = _member_signed_in(client)
    target = make(community)
    body = {"target_type": target_type, "target_id": target.pk, "kind": "insightful"}

    added = client.post(_url("reactions"), body, content_type=JSON).json()
    taken_back = client.post(_url("reactions"), body, content_type=JSON).json()

    assert added == {
        "added": True,
        "counts": {"helpful": 0, "insightful": 1, "thanks": 0},
    }
    assert taken_back["added"] is False
    assert taken_back["counts"]["insightful"] == 0
    assert not Reaction.objects.exists()


def test_an_unknown_reaction_is_refused(client):
    _me, community = _member_signed_in(client)
    post = PostFactory(community=community)

    response = client.post(
        _url("reactions"),
        {"target_type": "post", "target_id": post.pk, "kind": "love"},
        content_type=JSON,
    )

    assert response.status_code == 422
    assert "kind" in response.json()["fields"]
    assert not Reaction.objects.exists()


def test_reacting_to_something_unreadable_is_not_found(client):
    client.force_login(UserFactory())
    post = PostFactory(community=CommunityFactory(visibility=Visibility.SECRET))

    response = client.post(
        _url("reactions"),
        {"target_type": "post", "target_id": post.pk, "kind": "thanks"},
        content_type=JSON,
    )

    assert response.status_code == 404
    assert _is_error_shape(response.json())


# --- Reports and moderation -----------------------------------------------------------


def test_a_reader_reports_a_comment(client):
    me, community = _member_signed_in(client)
    comment = CommentFactory(post=PostFactory(community=community))

    response = client.post(
        _url("reports"),
        {"target_type": "comment", "target_id": comment.pk, "reason": "Rude"},
        content_type=JSON,
    )

    assert response.status_code == 201
    report = Report.objects.get(pk=response.json()["id"])
    assert (report.reporter, report.comment, report.community) == (
        me,
        comment,
        community,
    )
    assert response.json()["post_id"] == comment.post_id


def test_an_empty_report_reason_is_refused(client):
    _me, community = _member_signed_in(client)
    post = PostFactory(community=community)

    response = client.post(
        _url("reports"),
        {"target_type": "post", "target_id": post.pk, "reason": " "},
        content_type=JSON,
    )

    assert response.status_code == 400
    assert not Report.objects.exists()


def test_moderators_see_the_queue_and_hide_then_restore(client):
    _me, community = _member_signed_in(client, role=Role.MODERATOR)
    comment = CommentFactory(post=PostFactory(community=community))
    report = ReportFactory(post=None, comment=comment)

    queue = client.get(_url("community-reports", community.slug)).json()
    hidden = client.post(
        _url("report-decision", report.pk), {"decision": "hide"}, content_type=JSON
    )
    hidden_comment = Comment.objects.get(pk=comment.pk)
    restored = client.post(
        _url("report-decision", report.pk), {"decision": "restore"}, content_type=JSON
    )

    assert [item["id"] for item in queue["items"]] == [report.pk]
    assert queue["items"][0]["target_type"] == "comment"
    assert hidden.json()["status"] == "hidden"
    assert hidden_comment.hidden_at is not None
    assert restored.json()["status"] == "restored"
    assert Comment.objects.get(pk=comment.pk).hidden_at is None


def test_a_plain_member_does_not_find_the_queue_or_the_report(client):
    _me, community = _member_signed_in(client)
    report = ReportFactory(post=PostFactory(community=community))

    queue = client.get(_url("community-reports", community.slug))
    decided = client.post(
        _url("report-decision", report.pk), {"decision": "hide"}, content_type=JSON
    )

    assert (queue.status_code, decided.status_code) == (404, 404)
    assert Report.objects.get(pk=report.pk).status == Report.Status.OPEN


def test_an_unknown_decision_is_refused(client):
    _me, community = _member_signed_in(client, role=Role.MODERATOR)
    report = ReportFactory(post=PostFactory(community=community))

    response = client.post(
        _url("report-decision", report.pk), {"decision": "burn"}, content_type=JSON
    )

    assert response.status_code == 422


# --- Uploads --------------------------------------------------------------------------


def test_a_member_uploads_an_image_and_gets_its_address(client):
    _me, community = _member_signed_in(client)

    response = client.post(
        _url("community-uploads", community.slug),
        {"file": image_upload(size=(40, 30))},
    )

    assert response.status_code == 201
    upload = Upload.objects.get(pk=response.json()["id"])
    assert response.json() == {
        "id": upload.pk,
        "url": f"/uploads/{upload.pk}/",
        "width": 40,
        "height": 30,
    }


def test_a_file_that_is_not_an_image_is_refused(client):
    _me, community = _member_signed_in(client)
    fake = SimpleUploadedFile("cat.png", b"<svg onload=alert(1)>", "image/png")

    response = client.post(_url("community-uploads", community.slug), {"file": fake})

    assert response.status_code == 400
    assert _is_error_shape(response.json())
    assert not Upload.objects.exists()


def test_an_upload_without_a_file_is_refused(client):
    _me, community = _member_signed_in(client)

    response = client.post(_url("community-uploads", community.slug))

    assert response.status_code == 400
    assert "file" in response.json()["fields"]


def test_a_file_over_10_mb_is_too_large(client):
    _me, community = _member_signed_in(client)
    huge = SimpleUploadedFile("big.png", b"\x00" * (MAX_UPLOAD_BYTES + 1), "image/png")

    response = client.post(_url("community-uploads", community.slug), {"file": huge})

    assert response.status_code == 413
    assert _is_error_shape(response.json())
    assert not Upload.objects.exists()


def test_uploading_into_a_private_community_one_is_not_in_is_not_found(client):
    client.force_login(UserFactory())
    community = CommunityFactory(visibility=Visibility.PRIVATE)

    response = client.post(
        _url("community-uploads", community.slug), {"file": image_upload()}
    )

    assert response.status_code == 404
    assert not Upload.objects.exists()


# --- XSS ------------------------------------------------------------------------------


XSS_BODY = (
    "<script>alert(1)</script>\n\n"
    '<img src=x onerror="alert(1)">\n\n'
    "[click](javascript:alert(1)) [data](data:text/html;base64,PHNjcmlwdD4=)\n\n"
    '<a href="&#106;avascript:alert(1)">entity</a>\n\n'
    '<svg onload="alert(1)"></svg> <div hx-get="/x" style="color:red">hx</div>\n\n'
    "[a real link](https://example.org)"
)


class _Markup(HTMLParser):
    """Collects every tag and attribute that could run code or send a
    request: what a browser would act on, not text that merely reads so."""

    ACTIVE_TAGS = {"script", "svg", "iframe", "object", "embed", "style", "form"}

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        if tag in self.ACTIVE_TAGS:
            self.found.append(tag)
        for name, value in attrs:
            active_name = name.startswith(("on", "hx-", "data-hx")) or name == "style"
            link = (value or "").strip().lower()
            if active_name or link.startswith(("javascript:", "data:", "vbscript:")):
                self.found.append(f"{tag} {name}={value}")


def _active_markup(html):
    parser = _Markup()
    parser.feed(html)
    return parser.found


def test_script_in_a_title_comes_back_as_text_and_the_body_html_is_inert(client):
    _me, community = _member_signed_in(client)

    created = _start(
        client, community, title="<script>alert(1)</script>", body=XSS_BODY
    ).json()
    fetched = client.get(_url("post", created["id"])).json()

    assert fetched["title"] == "<script>alert(1)</script>"
    assert _active_markup(fetched["body_html"]) == []
    assert 'rel="nofollow ugc noopener"' in fetched["body_html"]


def test_script_in_answers_and_comments_is_made_inert(client):
    me, community = _member_signed_in(client)
    post = _question_by(me, community)

    answer = client.post(
        _url("post-answers", post.pk), {"body": XSS_BODY}, content_type=JSON
    ).json()
    comment = client.post(
        _url("post-comments", post.pk),
        {"body": XSS_BODY[:1900]},
        content_type=JSON,
    ).json()

    assert _active_markup(answer["body_html"]) == []
    assert _active_markup(comment["body_html"]) == []


# --- Query counts ---------------------------------------------------------------------


@pytest.mark.parametrize("count", [5, 50])
def test_the_post_list_costs_the_same_queries_for_5_and_50(
    client, django_assert_max_num_queries, count
):
    me, community = _member_signed_in(client)
    for post in PostFactory.create_batch(count, community=community):
        post.topics.set([])
    PostFactory(community=community, author=me, topics=[])

    with django_assert_max_num_queries(QUERIES["posts"]):
        response = client.get(_url("community-posts", community.slug), {"size": 100})

    assert len(response.json()["items"]) == count + 1


@pytest.mark.parametrize("count", [5, 50])
def test_answers_with_comments_cost_the_same_queries_for_5_and_50(
    client, django_assert_max_num_queries, count
):
    me, community = _member_signed_in(client)
    post = _question_by(me, community)
    for answer in AnswerFactory.create_batch(count, post=post):
        CommentFactory.create_batch(2, post=post, answer=answer)
        Reaction.objects.create(person=me, kind="helpful", answer=answer)

    with django_assert_max_num_queries(QUERIES["answers"]):
        response = client.get(_url("post-answers", post.pk))

    items = response.json()["items"]
    assert len(items) == min(count, 30)
    assert all(len(item["comments"]) == 2 for item in items)
    assert all(item["my_reactions"] == ["helpful"] for item in items)


@pytest.mark.parametrize("count", [5, 50])
def test_the_moderation_queue_costs_the_same_queries_for_5_and_50(
    client, django_assert_max_num_queries, count
):
    _me, community = _member_signed_in(client, role=Role.MODERATOR)
    post = PostFactory(community=community)
    answer = AnswerFactory(post=post)
    comment = CommentFactory(post=post)
    for number in range(count):
        target = [
            {"post": post},
            {"post": None, "answer": answer},
            {"post": None, "comment": comment},
        ][number % 3]
        ReportFactory(**target)

    with django_assert_max_num_queries(QUERIES["reports"]):
        response = client.get(_url("community-reports", community.slug), {"size": 100})

    assert len(response.json()["items"]) == count


def test_a_text_never_edited_has_one_version_without_an_id(client):
    me, community = _member_signed_in(client)
    question = _question_by(me, community)

    revisions = client.get(_url("post-revisions", question.pk)).json()

    assert [(item["id"], item["body_source"]) for item in revisions["items"]] == [
        (None, question.body_source)
    ]
    assert revisions["items"][0]["editor"]["id"] == me.pk
