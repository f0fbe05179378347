"""Answers, comments, reactions, accepting, removal, reports, moderation and
revision history, through the pages."""

import re

import pytest
from django.urls import reverse

from commonplace.communities.models import Role
from commonplace.communities.tests.factories import CommunityFactory, MembershipFactory
from commonplace.knowledge import services
from commonplace.knowledge.models import Answer, Comment, Report
from commonplace.knowledge.tests.factories import (
    AnswerFactory,
    CommentFactory,
    PostFactory,
    ReportFactory,
)
from commonplace.people.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _member(community, role=Role.MEMBER, **fields):
    return MembershipFactory(
        community=community, person=UserFactory(**fields), role=role
    ).person


def _main(response):
    html = response.text
    return html[html.index("<main") : html.index("</main>")]


def _url(name, **kwargs):
    return reverse(f"knowledge:{name}", kwargs=kwargs)


# --- Answers and comments ---------------------------------------------------


def test_a_guest_answers_a_question_and_lands_on_the_answer(client):
    community = CommunityFactory()
    question = PostFactory(community=community)
    client.force_login(_member(community, Role.GUEST))

    response = client.post(_url("answer", pk=question.pk), {"body": "Restart it."})

    answer = Answer.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"#answer-{answer.pk}")
    question.refresh_from_db()
    assert question.answer_count == 1


def test_an_empty_answer_comes_back_with_an_error_on_the_post_page(client):
    community = CommunityFactory()
    question = PostFactory(community=community)
    client.force_login(_member(community))

    response = client.post(_url("answer", pk=question.pk), {"body": "   "})

    assert response.status_code == 400
    assert "body" in response.context["answer_form"].errors
    assert Answer.objects.count() == 0


def test_an_answer_to_a_removed_question_is_refused_with_the_text_kept(client):
    community = CommunityFactory()
    moderator = _member(community, Role.MODERATOR)
    question = PostFactory(community=community)
    services.delete_contribution(item=question, deleted_by=moderator, reason="Dup")
    client.force_login(_member(community))

    response = client.post(_url("answer", pk=question.pk), {"body": "Kept answer"})

    assert response.status_code == 409
    assert "Kept answer" in _main(response)


def test_a_member_comments_on_an_answer(client):
    community = CommunityFactory()
    answer = AnswerFactory(post=PostFactory(community=community))
    client.force_login(_member(community))

    response = client.post(
        _url("comment", pk=answer.post.pk), {"body": "Which one?", "answer": answer.pk}
    )

    comment = Comment.objects.get()
    assert response.status_code == 302
    assert comment.answer == answer


def test_a_refused_comment_keeps_its_text_under_its_answer(client):
    community = CommunityFactory()
    answer = AnswerFactory(post=PostFactory(community=community))
    client.force_login(_member(community))

    response = client.post(
        _url("comment", pk=answer.post.pk),
        {"body": "x" * 2001, "answer": answer.pk},
    )

    assert response.status_code == 400
    assert "x" * 2001 in _main(response)


# --- Accepting --------------------------------------------------------------


def test_the_asker_accepts_and_unaccepts_an_answer(client):
    community = CommunityFactory()
    asker = _member(community)
    question = PostFactory(community=community, author=asker)
    answer = AnswerFactory(post=question)
    client.force_login(asker)

    accepted = client.post(_url("accept", pk=question.pk, answer_id=answer.pk))
    question.refresh_from_db()
    chosen = question.accepted_answer
    unaccepted = client.post(_url("unaccept", pk=question.pk))
    question.refresh_from_db()

    assert accepted.status_code == unaccepted.status_code == 302
    assert chosen == answer
    assert question.accepted_answer is None


def test_another_member_may_not_accept_an_answer(client):
    community = CommunityFactory()
    question = PostFactory(community=community)
    answer = AnswerFactory(post=question)
    client.force_login(_member(community))

    response = client.post(_url("accept", pk=question.pk, answer_id=answer.pk))

    assert response.status_code == 403


def test_an_answer_of_another_question_cannot_be_accepted(client):
    community = CommunityFactory()
    asker = _member(community)
    question = PostFactory(community=community, author=asker)
    elsewhere = AnswerFactory(post=PostFactory(community=community))
    client.force_login(asker)

    response = client.post(_url("accept", pk=question.pk, answer_id=elsewhere.pk))

    assert response.status_code == 400


# --- Reactions --------------------------------------------------------------


def test_reacting_through_htmx_returns_the_pressed_reaction_bar(client):
    community = CommunityFactory()
    answer = AnswerFactory(
        post=PostFactory(community=community), imported_helpful_count=4
    )
    client.force_login(_member(community))

    response = client.post(
        _url("react", target="answers", pk=answer.pk),
        {"kind": "helpful"},
        HTTP_HX_REQUEST="true",
    )

    html = response.text
    assert response.status_code == 200
    assert f'id="reactions-answers-{answer.pk}"' in html
    helpful = re.search(r"<button[^>]*reaction--helpful[^>]*>.*?</button>", html, re.S)
    assert 'aria-pressed="true"' in helpful.group(0)
    assert '<span class="reaction__count">5</span>' in helpful.group(0)


def test_reacting_twice_takes_the_reaction_back(client):
    community = CommunityFactory()
    post = PostFactory(community=community)
    client.force_login(_member(community))

    client.post(_url("react", target="posts", pk=post.pk), {"kind": "thanks"})
    response = client.post(
        _url("react", target="posts", pk=post.pk), {"kind": "thanks"}
    )

    post.refresh_from_db()
    assert response.status_code == 302
    assert post.thanks_count == 0


def test_an_unknown_reaction_is_refused(client):
    community = CommunityFactory()
    post = PostFactory(community=community)
    client.force_login(_member(community))

    response = client.post(_url("react", target="posts", pk=post.pk), {"kind": "love"})

    assert response.status_code == 400


# --- Editing and removing answers and comments ------------------------------


def test_the_author_edits_an_answer(client):
    community = CommunityFactory()
    author = _member(community)
    answer = AnswerFactory(post=PostFactory(community=community), author=author)
    client.force_login(author)

    response = client.post(_url("edit-answer", pk=answer.pk), {"body": "Better."})

    answer.refresh_from_db()
    assert response.status_code == 302
    assert answer.body_source == "Better."


def test_another_member_may_not_edit_a_comment(client):
    community = CommunityFactory()
    comment = CommentFactory(post=PostFactory(community=community))
    client.force_login(_member(community))

    response = client.post(_url("edit-comment", pk=comment.pk), {"body": "Mine now"})

    assert response.status_code == 403


def test_removing_needs_a_reason_and_keeps_the_page_open(client):
    community = CommunityFactory()
    author = _member(community)
    answer = AnswerFactory(post=PostFactory(community=community), author=author)
    client.force_login(author)

    response = client.post(_url("delete-answer", pk=answer.pk), {"reason": ""})

    answer.refresh_from_db()
    assert response.status_code == 400
    assert "reason" in response.context["form"].errors
    assert answer.deleted_at is None


def test_a_removed_comment_leaves_a_marker_with_its_reason(client):
    community = CommunityFactory()
    author = _member(community)
    comment = CommentFactory(
        post=PostFactory(community=community), author=author, body_source="Oops"
    )
    client.force_login(author)

    response = client.post(
        _url("delete-comment", pk=comment.pk), {"reason": "Posted twice"}, follow=True
    )

    html = _main(response)
    assert "Posted twice" in html
    assert "Oops" not in html


# --- Reports and moderation -------------------------------------------------


def test_a_reader_reports_a_comment_to_the_moderators(client):
    community = CommunityFactory()
    comment = CommentFactory(post=PostFactory(community=community))
    reporter = _member(community)
    client.force_login(reporter)

    response = client.post(
        _url("report", target="comments", pk=comment.pk), {"reason": "Rude"}
    )

    report = Report.objects.get()
    assert response.status_code == 302
    assert (report.comment, report.reporter, report.reason) == (
        comment,
        reporter,
        "Rude",
    )


def test_a_report_without_a_reason_is_refused(client):
    community = CommunityFactory()
    post = PostFactory(community=community)
    client.force_login(_member(community))

    response = client.post(_url("report", target="posts", pk=post.pk), {"reason": " "})

    assert response.status_code == 400
    assert Report.objects.count() == 0


def test_the_queue_shows_reports_escaped_with_their_reasons(client):
    community = CommunityFactory()
    comment = CommentFactory(
        post=PostFactory(community=community), body_source="<script>x()</script>"
    )
    ReportFactory(post=None, comment=comment, reason="<b>Rude</b>")
    client.force_login(_member(community, Role.MODERATOR))

    html = _main(client.get(_url("moderation", slug=community.slug)))

    assert "&lt;script&gt;x()&lt;/script&gt;" in html
    assert "&lt;b&gt;Rude&lt;/b&gt;" in html
    assert "<script>x()" not in html


def test_a_member_cannot_see_the_moderation_queue(client):
    community = CommunityFactory()
    client.force_login(_member(community))

    response = client.get(_url("moderation", slug=community.slug))

    assert response.status_code == 404


def test_a_moderator_hides_then_restores_a_reported_comment(client):
    community = CommunityFactory()
    comment = CommentFactory(post=PostFactory(community=community))
    report = ReportFactory(post=None, comment=comment)
    client.force_login(_member(community, Role.MODERATOR))

    hidden = client.post(_url("decide-report", pk=report.pk), {"decision": "hide"})
    comment.refresh_from_db()
    was_hidden = comment.hidden_at is not None
    queue = client.get(hidden["Location"])
    client.post(_url("decide-report", pk=report.pk), {"decision": "restore"})
    comment.refresh_from_db()

    assert was_hidden
    assert "Restore" in _main(queue)
    assert comment.hidden_at is None


def test_a_hidden_comment_shows_a_marker_to_members(client):
    community = CommunityFactory()
    comment = CommentFactory(
        post=PostFactory(community=community), body_source="Nasty words"
    )
    report = ReportFactory(post=None, comment=comment)
    services.moderate(
        report_=report, moderator=_member(community, Role.MODERATOR), decision="hide"
    )
    client.force_login(_member(community))

    html = _main(client.get(_url("post", pk=comment.post.pk)))

    assert "Hidden by the community" in html
    assert "Nasty words" not in html


# --- Answers kept between viewers ------------------------------------------------


def _question_with_a_hidden_answer(community):
    question = PostFactory(community=community, kind="question")
    answer = AnswerFactory(post=question, body_source="Nasty words")
    CommentFactory(post=question, answer=answer, body_source="Also nasty")
    report = ReportFactory(post=None, answer=answer)
    moderator = _member(community, Role.MODERATOR)
    services.moderate(report_=report, moderator=moderator, decision="hide")
    return question, moderator


def test_what_a_moderator_sees_never_reaches_a_member_after_them(client):
    community = CommunityFactory()
    question, moderator = _question_with_a_hidden_answer(community)
    client.force_login(moderator)
    assert "Nasty words" in _main(client.get(_url("post", pk=question.pk)))

    client.force_login(_member(community))
    html = _main(client.get(_url("post", pk=question.pk)))

    assert "Hidden by the community" in html
    assert "Nasty words" not in html


def test_one_viewers_reactions_are_not_shown_to_the_next(client):
    community = CommunityFactory()
    question = PostFactory(community=community, kind="question")
    answer = AnswerFactory(post=question)
    reader = _member(community)
    services.toggle_reaction(item=answer, person=reader, kind="helpful")
    client.force_login(reader)
    button = rf'<button[^>]*id="react-answers-{answer.pk}-helpful"[^>]*>'
    mine = _main(client.get(_url("post", pk=question.pk)))
    assert 'aria-pressed="true"' in re.search(button, mine).group(0)

    client.force_login(_member(community))
    html = _main(client.get(_url("post", pk=question.pk)))

    assert 'aria-pressed="false"' in re.search(button, html).group(0)


def test_the_authors_links_are_not_shown_to_the_next_reader(client):
    community = CommunityFactory()
    question = PostFactory(community=community, kind="question")
    author = _member(community)
    answer = AnswerFactory(post=question, author=author)
    client.force_login(author)
    assert _url("edit-answer", pk=answer.pk) in _main(
        client.get(_url("post", pk=question.pk))
    )

    client.force_login(_member(community))
    html = _main(client.get(_url("post", pk=question.pk)))

    assert _url("edit-answer", pk=answer.pk) not in html


def test_every_form_on_a_kept_answer_carries_this_requests_token(client):
    community = CommunityFactory()
    question = PostFactory(community=community, kind="question")
    AnswerFactory(post=question)
    client.force_login(_member(community))
    client.get(_url("post", pk=question.pk))  # keeps the answer

    response = client.get(_url("post", pk=question.pk))

    field = r'name="csrfmiddlewaretoken" value="([^"]*)"'
    tokens = set(re.findall(field, response.text))
    assert len(tokens) == 1
    assert tokens != {""}
    assert "csrf-token-of-this-request" not in response.text


# --- History ----------------------------------------------------------------


def test_the_history_shows_who_changed_what_escaped(client):
    community = CommunityFactory()
    author = _member(community, display_name="Edda Editor")
    post = services.create_post(
        community=community,
        author=author,
        kind="discussion",
        title="T",
        body="line one",
    )
    services.edit_post(
        post=post, edited_by=author, body="line one\n<img src=x onerror=y>"
    )
    client.force_login(_member(community))

    html = _main(client.get(_url("history", pk=post.pk)))

    assert "Edda Editor" in html
    assert "<ins>&lt;img src=x onerror=y&gt;</ins>" in html
    assert "<img src=x" not in html


def test_answer_and_comment_histories_list_their_versions(client):
    community = CommunityFactory()
    author = _member(community)
    question = PostFactory(community=community)
    answer = services.post_answer(question=question, author=author, body="first")
    services.edit_answer(answer=answer, edited_by=author, body="second")
    comment = services.add_comment(post=question, author=author, body="hi")
    client.force_login(author)

    answer_page = client.get(_url("answer-history", pk=answer.pk))
    comment_page = client.get(_url("comment-history", pk=comment.pk))

    assert len(answer_page.context["versions"]) == 2
    assert "<del>first</del>" in _main(answer_page)
    assert len(comment_page.context["versions"]) == 1
