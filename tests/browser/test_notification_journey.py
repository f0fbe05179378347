"""Mentions, notifications and the pages around them, in a real browser.

A asks a question mentioning B, chosen from the @suggestions; B is told,
opens the notification and answers; A is told and accepts; B is told. The
same with the keyboard alone; the warning about a person who cannot see a
private community; the header's unread count refreshing by itself; and
axe-core audits of the feed, notification, bookmark and unanswered pages.
Background tasks run between the steps, as the worker would.
"""

import re

import pytest
from playwright.sync_api import expect

from commonplace.communities.models import Role, Visibility
from commonplace.communities.tests.factories import CommunityFactory, MembershipFactory
from commonplace.knowledge import services as knowledge
from commonplace.knowledge.models import Answer, Post
from commonplace.notifications import services as notifications
from commonplace.notifications.models import Notification
from commonplace.people.models import User
from commonplace.people.tests.factories import DEFAULT_PASSWORD, UserFactory
from commonplace.topics.tests.factories import TopicFactory
from tests.browser.pages.accounts import SignInPage
from tests.browser.pages.base import BasePage
from tests.browser.pages.feeds import HomeFeedPage, UnansweredPage
from tests.browser.pages.knowledge import BookmarksPage, NewPostPage, PostPage
from tests.browser.pages.notifications import NotificationsPage, PreferencesPage

pytestmark = pytest.mark.django_db(transaction=True)

QUESTION = "Why does the build pod restart?"
MENTIONED = f"Asha Asker mentioned you in “{QUESTION}”"
ANSWERED = f"Bo Answerer answered your question “{QUESTION}”"
ACCEPTED = f"Asha Asker accepted your answer to “{QUESTION}”"


def _sign_in(page, email):
    SignInPage(page).open().sign_in(email, DEFAULT_PASSWORD)
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def _person(community, email, name, role=Role.MEMBER):
    person = UserFactory(email=email, display_name=name)
    MembershipFactory(community=community, person=person, role=role)
    return person


@pytest.fixture
def guild():
    """A public community where "@Bo" suggests Ada Bolton first, then Bo."""
    community = CommunityFactory(name="Platform Guild", slug="platform-guild")
    _person(community, "asha@example.org", "Asha Asker")
    _person(community, "bo@example.org", "Bo Answerer")
    _person(community, "ada@example.org", "Ada Bolton")
    return community


def _badge_polls(page):
    """The URLs of the header's badge requests from now on."""
    polls = []

    def remember(request):
        if "/notifications/badge/" in request.url:
            polls.append(request.url)

    page.on("request", remember)
    return polls


def _told(email):
    return list(
        Notification.objects.filter(recipient__email=email).values_list(
            "kind", flat=True
        )
    )


def test_a_mention_an_answer_and_an_acceptance_each_tell_the_other_person(
    page, guild, run_tasks
):
    # A asks, and picks B from the suggestions with the keyboard.
    _sign_in(page, "asha@example.org")
    page.goto("/communities/platform-guild/")
    page.get_by_role("link", name="New post").click()
    new_post = NewPostPage(page)
    new_post.start_question(QUESTION)
    new_post.body.type("It restarts every ten minutes. @Bo")
    expect(new_post.body.option("Ada Bolton")).to_have_attribute(
        "aria-selected", "true"
    )
    new_post.body.choose("Bo Answerer", key="Tab")
    expect(new_post.body.textbox).to_be_focused()
    new_post.body.type("any idea?")
    expect(new_post.body.textbox).to_have_value(
        "It restarts every ten minutes. @bo.answerer any idea?"
    )
    expect(new_post.body.status).to_be_empty()
    new_post.publish()
    question = PostPage(page)
    expect(question.title).to_have_text(QUESTION)
    expect(page.get_by_role("link", name="@bo.answerer")).to_be_visible()
    assert new_post.console_errors == []
    question.sign_out()
    run_tasks()

    # B sees the count in the header, opens the notification, and answers.
    _sign_in(page, "bo@example.org")
    home = HomeFeedPage(page)
    expect(home.unread_badge).to_have_text("1 unread")
    home.open_notifications()
    inbox = NotificationsPage(page)
    expect(page.locator("h1")).to_have_text("Notifications")
    expect(inbox.items).to_have_count(1)
    expect(inbox.notification(MENTIONED)).to_be_visible()
    expect(inbox.unread_items).to_have_count(1)
    inbox.open_notification(MENTIONED)
    expect(question.title).to_have_text(QUESTION)
    expect(question.unread_badge).to_be_empty()
    question.answer_field.type("Raise its memory limit.")
    question.post_the_answer()
    expect(page.get_by_role("heading", name="Answer by Bo Answerer")).to_be_visible()
    question.sign_out()
    run_tasks()

    # A is told of the answer, opens it and accepts it.
    _sign_in(page, "asha@example.org")
    expect(home.unread_badge).to_have_text("1 unread")
    home.open_notifications()
    inbox.open_notification(ANSWERED)
    expect(question.title).to_have_text(QUESTION)
    question.accept_first_answer()
    expect(page.get_by_text("Accepted by Asha Asker", exact=False)).to_be_visible()
    question.sign_out()
    run_tasks()

    # B is told that the answer was accepted.
    _sign_in(page, "bo@example.org")
    expect(home.unread_badge).to_have_text("1 unread")
    home.open_notifications()
    expect(inbox.items).to_have_count(2)
    expect(inbox.unread_items).to_have_count(1)
    expect(inbox.unread_items).to_contain_text(ACCEPTED)
    expect(inbox.item(MENTIONED)).not_to_have_class(re.compile("--unread"))
    assert inbox.console_errors == []

    post = Post.objects.get()
    assert post.accepted_answer == Answer.objects.get(author__email="bo@example.org")
    assert sorted(_told("bo@example.org")) == ["accepted", "mentioned"]
    assert _told("asha@example.org") == ["answered"]
    assert _told("ada@example.org") == []


def test_the_mention_and_notification_journey_works_with_the_keyboard_alone(
    page, guild, run_tasks
):
    keyboard = page.keyboard
    # A signs in, starts a question and mentions B: Tab, arrows, typing.
    # (page.goto stands for typing an address; nothing is clicked.)
    SignInPage(page).open().sign_in_with_keyboard("asha@example.org", DEFAULT_PASSWORD)
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    page.goto("/communities/platform-guild/")
    new_post = NewPostPage(page)
    new_post.tab_to(page.get_by_role("link", name="New post"))
    keyboard.press("Enter")
    new_post.tab_to(page.get_by_role("radio", name="Discussion"))
    question_kind = page.get_by_role("radio", name="Question")
    for _ in range(4):
        if question_kind.is_checked():
            break
        keyboard.press("ArrowDown")
    expect(question_kind).to_be_checked()
    new_post.tab_to(page.get_by_role("textbox", name="Title"))
    keyboard.type(QUESTION)
    body = new_post.body
    new_post.tab_to(body.textbox)
    keyboard.type("Ask @B")
    expect(body.suggestions).to_be_visible()
    keyboard.press("Escape")
    expect(body.suggestions).to_be_hidden()
    expect(body.textbox).to_have_value("Ask @B")
    keyboard.type("o")
    expect(body.option("Bo Answerer")).to_be_visible()
    keyboard.press("ArrowDown")
    expect(body.option("Bo Answerer")).to_have_attribute("aria-selected", "true")
    expect(body.textbox).to_have_attribute(
        "aria-activedescendant", re.compile(r"^mention-option-\d+$")
    )
    keyboard.press("Enter")
    expect(body.suggestions).to_be_hidden()
    keyboard.type("please.")
    expect(body.textbox).to_have_value("Ask @bo.answerer please.")
    new_post.tab_to(page.get_by_role("button", name="Publish"))
    keyboard.press("Enter")
    question = PostPage(page)
    expect(question.title).to_have_text(QUESTION)
    question.tab_to(page.get_by_role("button", name="Sign out"))
    keyboard.press("Enter")
    question.wait_until_signed_out()
    run_tasks()

    # B is told, opens the notification with Space and answers.
    SignInPage(page).open().sign_in_with_keyboard("bo@example.org", DEFAULT_PASSWORD)
    home = HomeFeedPage(page)
    expect(home.unread_badge).to_have_text("1 unread")
    home.tab_to(page.get_by_role("link", name="Notifications"))
    keyboard.press("Enter")
    inbox = NotificationsPage(page)
    expect(page.locator("h1")).to_have_text("Notifications")
    inbox.tab_to(inbox.notification(MENTIONED))
    keyboard.press("Space")
    expect(question.title).to_have_text(QUESTION)
    expect(question.unread_badge).to_be_empty()
    question.tab_to(question.answer_field.textbox)
    keyboard.type("Raise its memory limit.")
    question.tab_to(page.get_by_role("button", name="Post your answer"))
    keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Answer by Bo Answerer")).to_be_visible()
    question.tab_to(page.get_by_role("button", name="Sign out"))
    keyboard.press("Enter")
    question.wait_until_signed_out()
    run_tasks()

    # A opens the answer notification with Enter and accepts, going
    # backwards from the end of the page with Shift+Tab.
    SignInPage(page).open().sign_in_with_keyboard("asha@example.org", DEFAULT_PASSWORD)
    expect(home.unread_badge).to_have_text("1 unread")
    home.tab_to(page.get_by_role("link", name="Notifications"))
    keyboard.press("Enter")
    inbox.tab_to(inbox.notification(ANSWERED))
    keyboard.press("Enter")
    expect(question.title).to_have_text(QUESTION)
    question.tab_to(
        page.get_by_role("button", name="Accept this answer"), backwards=True
    )
    keyboard.press("Enter")
    expect(page.get_by_text("Accepted by Asha Asker", exact=False)).to_be_visible()
    assert question.console_errors == []
    run_tasks()

    assert sorted(_told("bo@example.org")) == ["accepted", "mentioned"]
    assert _told("asha@example.org") == ["answered"]
    assert Notification.objects.filter(read_at__isnull=False).count() == 2


def test_the_author_is_told_while_writing_who_cannot_see_a_private_community(
    page, run_tasks
):
    council = CommunityFactory(
        name="Security Council", slug="security", visibility=Visibility.PRIVATE
    )
    _person(council, "asha@example.org", "Asha Asker")
    bo = _person(council, "bo@example.org", "Bo Answerer")
    _person(council, "cy@example.org", "Cy Reviewer")
    UserFactory(email="olga@example.org", display_name="Olga Outside")
    question = knowledge.create_post(
        community=council,
        author=bo,
        kind="question",
        title="Who reviews the firewall rules?",
        body="We need a second pair of eyes.",
    )
    run_tasks()

    _sign_in(page, "asha@example.org")
    page.goto(f"/posts/{question.pk}/")
    post = PostPage(page)
    answer = post.answer_field
    answer.type("Ask @Cy")
    expect(answer.option("Cy Reviewer")).not_to_contain_text("cannot see")
    answer.choose("Cy Reviewer")
    expect(answer.status).to_be_empty()
    answer.type("or @Ol")
    olga = answer.option("Olga Outside")
    expect(olga).to_contain_text("cannot see this community")
    expect(olga).to_have_accessible_name(re.compile("cannot see this community"))
    answer.choose("Olga Outside")
    expect(answer.status).to_have_text(
        "Olga Outside cannot see this community and will not be told"
    )
    expect(answer.status).to_have_attribute("aria-live", "polite")
    expect(answer.textbox).to_have_value("Ask @cy.reviewer or @olga.outside ")
    post.post_the_answer()

    expect(
        page.get_by_text(
            "Olga Outside cannot see this community, so they were not told."
        )
    ).to_be_visible()
    expect(page.get_by_role("heading", name="Answer by Asha Asker")).to_be_visible()
    assert post.console_errors == []
    post.sign_out()
    run_tasks()

    assert _told("olga@example.org") == []
    assert _told("cy@example.org") == ["mentioned"]
    _sign_in(page, "olga@example.org")
    home = BasePage(page)
    expect(home.unread_badge).to_be_empty()
    inbox = NotificationsPage(page).open()
    expect(inbox.items).to_have_count(0)
    expect(page.get_by_text("No notifications yet.", exact=False)).to_be_visible()


def test_the_unread_count_refreshes_by_itself_while_the_page_is_open(
    page, guild, run_tasks
):
    asha = User.objects.get(email="asha@example.org")
    bo = User.objects.get(email="bo@example.org")
    question = knowledge.create_post(
        community=guild,
        author=bo,
        kind="question",
        title=QUESTION,
        body="It restarts every ten minutes.",
    )
    knowledge.post_answer(question=question, author=asha, body="Memory, I think.")
    run_tasks()
    # The page's timers are Playwright's, so a minute passes at once.
    page.clock.install()
    _sign_in(page, "bo@example.org")
    inbox = NotificationsPage(page).open()
    expect(inbox.unread_badge).to_have_text("1 unread")
    expect(inbox.items).to_have_count(1)
    page.evaluate("() => { window.stayedOnThePage = true; }")
    polls = _badge_polls(page)

    knowledge.add_comment(post=question, author=asha, body="Or the liveness probe?")
    run_tasks()
    assert len(_told("bo@example.org")) == 2
    page.clock.run_for(5_000)
    page.wait_for_timeout(300)
    assert polls == []  # not yet: once a minute
    expect(inbox.unread_badge).to_have_text("1 unread")
    page.clock.fast_forward("01:00")
    expect(inbox.unread_badge).to_have_text("2 unread")
    assert len(polls) == 1

    notifications.mark_all_read(person=bo)
    page.evaluate("htmx.trigger('#unread-badge', 'refresh')")
    expect(inbox.unread_badge).to_be_empty()

    # Once the session has ended, a poll leaves the header as it is.
    knowledge.add_comment(post=question, author=asha, body="Or the node's disk?")
    run_tasks()
    page.context.clear_cookies()
    with page.expect_response("**/notifications/badge/") as poll:
        page.clock.fast_forward("01:00")
    assert poll.value.status == 204
    expect(inbox.unread_badge).to_be_empty()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()

    assert page.evaluate("() => window.stayedOnThePage") is True
    expect(inbox.items).to_have_count(1)  # the list itself waits for a reload
    assert inbox.console_errors == []


def test_a_hidden_tab_does_not_poll_and_refreshes_when_shown_again(
    page, guild, run_tasks
):
    asha = User.objects.get(email="asha@example.org")
    question = knowledge.create_post(
        community=guild,
        author=asha,
        kind="question",
        title=QUESTION,
        body="It restarts every ten minutes, @bo.answerer.",
    )
    run_tasks()
    page.clock.install()
    _sign_in(page, "bo@example.org")
    inbox = NotificationsPage(page).open()
    expect(inbox.unread_badge).to_have_text("1 unread")
    polls = _badge_polls(page)
    visibility = """hidden => {
        Object.defineProperty(document, "hidden", {value: hidden, configurable: true});
        document.dispatchEvent(new Event("visibilitychange"));
    }"""

    page.evaluate(visibility, True)
    ada = User.objects.get(email="ada@example.org")
    knowledge.add_comment(post=question, author=ada, body="@bo.answerer knows.")
    run_tasks()
    page.clock.fast_forward("03:00")
    page.wait_for_timeout(300)
    assert polls == []
    expect(inbox.unread_badge).to_have_text("1 unread")

    page.evaluate(visibility, False)
    expect(inbox.unread_badge).to_have_text("2 unread")
    assert len(polls) == 1


@pytest.fixture
def busy_guild(guild, run_tasks):
    """Two questions on Kubernetes: one answered by Bo and accepted, one open;
    Bo, who states Kubernetes, has one notification read and one unread."""
    kubernetes = TopicFactory(name="Kubernetes")
    asha = User.objects.get(email="asha@example.org")
    bo = User.objects.get(email="bo@example.org")
    bo.skills.set([kubernetes])
    answered = knowledge.create_post(
        community=guild,
        author=asha,
        kind="question",
        title=QUESTION,
        body="It restarts every ten minutes. @bo.answerer, any idea?",
        topics=["Kubernetes"],
    )
    knowledge.create_post(
        community=guild,
        author=asha,
        kind="question",
        title="How do we rotate the cluster secrets?",
        body="Every quarter, by hand, for now.",
        topics=["Kubernetes"],
    )
    answer = knowledge.post_answer(question=answered, author=bo, body="Memory.")
    knowledge.accept_answer(question=answered, answer=answer, accepted_by=asha)
    run_tasks()
    mention = Notification.objects.get(recipient=bo, kind="mentioned")
    notifications.mark_read(person=bo, notification_id=mention.pk)
    return guild


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_new_pages_have_no_serious_accessibility_violation(
    page, busy_guild, scheme
):
    page.emulate_media(color_scheme=scheme)
    CommunityFactory(name="Data Circle", slug="data-circle")
    UserFactory(email="nia@example.org", display_name="Nia Newcomer")
    violations = {}

    _sign_in(page, "bo@example.org")
    home = HomeFeedPage(page).open()
    expect(home.posts).to_have_count(2)
    violations["home feed"] = home.accessibility_violations()
    home.show("Top this week")
    violations["home feed, top this week"] = home.accessibility_violations()

    inbox = NotificationsPage(page).open()
    expect(inbox.items).to_have_count(2)
    expect(inbox.unread_items).to_have_count(1)
    expect(inbox.unread_items).to_contain_text(ACCEPTED)
    violations["notifications"] = inbox.accessibility_violations()
    page.get_by_role("link", name="Choose what you are told").click()
    preferences = PreferencesPage(page)
    expect(page.locator("h1")).to_have_text("What you are told")
    violations["preferences"] = preferences.accessibility_violations()

    unanswered = UnansweredPage(page).open()
    expect(page.locator(".post-card")).to_have_count(1)
    expect(page.locator(".post-card")).to_contain_text("rotate the cluster secrets")
    violations["unanswered"] = unanswered.accessibility_violations()

    page.get_by_role("link", name="How do we rotate").click()
    post = PostPage(page)
    post.bookmark()
    expect(post.bookmark_button).to_have_attribute("aria-pressed", "true")
    post.answer_field.type("Ask @Ad")
    expect(post.answer_field.option("Ada Bolton")).to_have_attribute(
        "aria-selected", "true"
    )
    violations["post with mention suggestions"] = post.accessibility_violations()

    bookmarks = BookmarksPage(page).open()
    expect(page.locator(".post-card")).to_have_count(1)
    violations["bookmarks"] = bookmarks.accessibility_violations()
    bookmarks.sign_out()

    _sign_in(page, "nia@example.org")
    newcomer = HomeFeedPage(page).open()
    expect(page.get_by_role("heading", name="Communities to join")).to_be_visible()
    expect(page.get_by_role("link", name="Data Circle")).to_be_visible()
    violations["home of a new member"] = newcomer.accessibility_violations()

    assert violations == {name: [] for name in violations}
    assert home.console_errors == []


def test_marking_read_and_bookmarking_keep_the_count_and_the_focus(page, busy_guild):
    keyboard = page.keyboard
    SignInPage(page).open().sign_in_with_keyboard("bo@example.org", DEFAULT_PASSWORD)
    inbox = NotificationsPage(page)
    expect(inbox.unread_badge).to_have_text("1 unread")
    inbox.tab_to(page.get_by_role("link", name="Notifications"))
    keyboard.press("Enter")
    expect(inbox.unread_items).to_have_count(1)

    # Marking one read updates the header at once, and the focus stays on
    # that notification rather than falling back to the top of the page.
    inbox.tab_to(inbox.item(ACCEPTED).get_by_role("button", name="Mark as read"))
    keyboard.press("Enter")
    expect(inbox.unread_items).to_have_count(0)
    expect(inbox.unread_badge).to_be_empty()
    expect(inbox.notification(ACCEPTED)).to_be_focused()

    # Bookmarking from the keyboard leaves the focus on the button.
    page.goto("/unanswered/")
    post = PostPage(page)
    post.tab_to(page.get_by_role("link", name="How do we rotate"))
    keyboard.press("Enter")
    post.tab_to(post.bookmark_button)
    keyboard.press("Enter")
    expect(post.bookmark_button).to_have_attribute("aria-pressed", "true")
    expect(post.bookmark_button).to_be_focused()
    post.wait_for_htmx()
    keyboard.press("Space")
    expect(post.bookmark_button).to_have_attribute("aria-pressed", "false")
    expect(post.bookmark_button).to_be_focused()
    post.wait_for_htmx()
    keyboard.press("Space")
    expect(post.bookmark_button).to_have_accessible_name("Bookmarked")
    page.goto("/bookmarks/")
    expect(page.locator(".post-card")).to_contain_text("rotate the cluster secrets")
    assert post.console_errors == []
