"""Asking for help, in a real browser: typing a question lists who can
likely help; ticking one asks them as the question is posted; they are
told, answer from the notification, and the asker accepts. Then a second
question, asked from the panel under it, is declined with one click.
axe-core finds nothing serious on the pages along the way; tasks run
between the steps, as the worker would."""

import pytest
from playwright.sync_api import expect

from commonplace.communities.tests.factories import CommunityFactory, MembershipFactory
from commonplace.expertise.models import HelpRequest
from commonplace.expertise.tests.worlds import answered, ready
from commonplace.knowledge.tests.factories import PostFactory
from commonplace.people.tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.browser.pages.accounts import SignInPage
from tests.browser.pages.base import BasePage
from tests.browser.pages.expertise import HelpPanel, PeopleWhoCanHelp
from tests.browser.pages.knowledge import NewPostPage, PostPage
from tests.browser.pages.notifications import NotificationsPage

pytestmark = pytest.mark.django_db(transaction=True)

QUESTION = "Why do my kubernetes pods restart"
ASKED = f"Asha Asker asked for your help with “{QUESTION}”"


def _sign_in(page, email):
    SignInPage(page).open().sign_in(email, DEFAULT_PASSWORD)
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


@pytest.fixture
def guild():
    """Kim answered questions on pods restarting; Asha asks."""
    guild = CommunityFactory(name="Platform Guild", slug="platform-guild")
    for email, name in (
        ("asha@example.org", "Asha Asker"),
        ("kim@example.org", "Kim Kubernetes"),
    ):
        MembershipFactory(
            community=guild, person=UserFactory(email=email, display_name=name)
        )
    kim = UserFactory._meta.model.objects.get(email="kim@example.org")
    for title in (
        "Kubernetes pods keep restarting",
        "Pods restarting after an upgrade",
    ):
        answered(guild, kim, title)
    ready()
    return guild


def test_suggest_request_notify_answer_accept(page, guild, run_tasks):
    _sign_in(page, "asha@example.org")
    form = NewPostPage(page)
    form.path = f"/posts/new/{guild.slug}/?kind=question"
    form.open()
    page.get_by_role("radio", name="Question").check()
    page.get_by_role("textbox", name="Title").press_sequentially(QUESTION)
    people = PeopleWhoCanHelp(page)
    expect(people.person("Kim Kubernetes")).to_be_visible()
    expect(people.list).to_contain_text("answered 2 similar questions, 2 accepted")
    assert form.accessibility_violations() == []
    people.person("Kim Kubernetes").check()
    form.body.type("They restart every ten minutes.")
    form.publish()
    question = PostPage(page)
    expect(question.title).to_have_text(QUESTION)
    expect(HelpPanel(page).region).to_contain_text("Asked so far")
    assert question.accessibility_violations() == []
    question.sign_out()
    run_tasks()

    _sign_in(page, "kim@example.org")
    inbox = NotificationsPage(page).open()
    inbox.open_notification(ASKED)
    expect(
        page.get_by_role("heading", name="Asha Asker asked for your help")
    ).to_be_visible()
    assert question.accessibility_violations() == []
    question.answer_field.type("Raise the memory limit of the pod.")
    question.post_the_answer()
    expect(page.get_by_role("heading", name="Answer by Kim Kubernetes")).to_be_visible()
    question.sign_out()
    run_tasks()

    _sign_in(page, "asha@example.org")
    page.goto(f"/posts/{HelpRequest.objects.get().post_id}/")
    question.accept_first_answer()
    expect(page.get_by_text("Accepted by Asha Asker", exact=False)).to_be_visible()
    assert form.console_errors == [] and question.console_errors == []


def test_asking_from_the_panel_and_declining_with_one_click(page, guild, run_tasks):
    asha = UserFactory._meta.model.objects.get(email="asha@example.org")
    post = PostFactory(
        community=guild, author=asha, title="Pods restarting after a deploy"
    )
    ready()
    _sign_in(page, "asha@example.org")
    page.goto(f"/posts/{post.pk}/")
    panel = HelpPanel(page)
    panel.ask("Kim Kubernetes")
    expect(panel.region).to_contain_text("1 person was asked for help.")
    expect(panel.region).to_contain_text("Kim Kubernetes — asked")
    assert BasePage(page).accessibility_violations() == []
    BasePage(page).sign_out()
    run_tasks()

    _sign_in(page, "kim@example.org")
    requests = BasePage(page)
    requests.path = "/expertise/requests/"
    requests.open()
    assert requests.accessibility_violations() == []
    page.get_by_role("button", name="Not my area").click()
    expect(page.get_by_role("status")).to_contain_text("Thank you for saying so")
    assert HelpRequest.objects.get().declined == "not_my_area"
    assert requests.console_errors == []
