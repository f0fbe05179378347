"""A question is asked, answered, accepted, found helpful, and a reported
comment is hidden and restored by a moderator."""

import pytest
from playwright.sync_api import expect

from commonplace.communities.models import Role
from commonplace.communities.tests.factories import CommunityFactory, MembershipFactory
from commonplace.knowledge.models import Comment, Post, Report
from commonplace.people.tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.browser.pages.accounts import SignInPage
from tests.browser.pages.base import BasePage
from tests.browser.pages.knowledge import ModerationPage, NewPostPage, PostPage

pytestmark = pytest.mark.django_db(transaction=True)

COMMENT = "Have you checked the pod's memory limit?"


def _sign_in(page, email):
    SignInPage(page).open().sign_in(email, DEFAULT_PASSWORD)
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def _person(community, email, name, role=Role.MEMBER):
    person = UserFactory(email=email, display_name=name)
    MembershipFactory(community=community, person=person, role=role)
    return person


def test_a_question_is_answered_accepted_and_a_reported_comment_moderated(
    page, live_server, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    community = CommunityFactory(name="Platform Guild", slug="platform-guild")
    _person(community, "asha@example.org", "Asha Asker")
    _person(community, "bo@example.org", "Bo Answerer")
    _person(community, "cy@example.org", "Cy Reader")
    _person(community, "mo@example.org", "Mo Moderator", Role.MODERATOR)

    # A asks a question from the community page.
    _sign_in(page, "asha@example.org")
    page.goto("/communities/platform-guild/")
    page.get_by_role("link", name="New post").click()
    new_post = NewPostPage(page)
    assert new_post.accessibility_violations() == []
    new_post.ask(
        title="Why does the build pod restart?",
        text="It restarts every *ten* minutes.",
        topics="Kubernetes",
    )
    expect(
        page.get_by_role("heading", name="Why does the build pod restart?")
    ).to_be_visible()
    question_url = page.url
    BasePage(page).sign_out()

    # B answers, and comments on the question.
    _sign_in(page, "bo@example.org")
    page.goto(question_url)
    question = PostPage(page)
    question.answer("Raise its **memory limit**.")
    expect(page.get_by_role("heading", name="Answer by Bo Answerer")).to_be_visible()
    question.comment_on_post(COMMENT)
    expect(page.get_by_text(COMMENT)).to_be_visible()
    BasePage(page).sign_out()

    # A accepts the answer.
    _sign_in(page, "asha@example.org")
    page.goto(question_url)
    PostPage(page).accept_first_answer()
    expect(page.get_by_text("Accepted by Asha Asker", exact=False)).to_be_visible()
    BasePage(page).sign_out()

    # C finds the answer helpful, and reports the comment.
    _sign_in(page, "cy@example.org")
    page.goto(question_url)
    question = PostPage(page)
    assert question.htmx_loaded()
    question.react_to_first_answer("Helpful")
    expect(question.first_answer_reaction("Helpful")).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(question.first_answer_reaction("Helpful")).to_contain_text("1")
    assert question.accessibility_violations() == []
    assert question.console_errors == []
    question.report_comment(COMMENT, "Not about the question.")
    expect(page.get_by_text("moderators will look at it", exact=False)).to_be_visible()
    BasePage(page).sign_out()

    # A moderator hides the comment, then restores it.
    _sign_in(page, "mo@example.org")
    queue = ModerationPage(page, "platform-guild").open()
    assert queue.accessibility_violations() == []
    queue.decide(COMMENT, "Hide")
    expect(page.get_by_text("It is hidden", exact=False)).to_be_visible()
    hidden = Comment.objects.get().hidden_at is not None
    queue.decide(COMMENT, "Restore")
    expect(page.get_by_text("It is restored", exact=False)).to_be_visible()
    assert queue.console_errors == []

    post = Post.objects.get()
    assert hidden
    assert Comment.objects.get().hidden_at is None
    assert post.accepted_answer.author.email == "bo@example.org"
    assert post.accepted_answer.helpful_count == 1
    assert list(Report.objects.values_list("status", flat=True)) == ["restored"]
