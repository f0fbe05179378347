"""People who can likely help, in a real browser: typing a question's
title lists the person who answered questions like it, with why; the
directory finds who knows a topic, and their page says what they know;
axe-core finds nothing serious on the pages with the lists shown."""

import pytest
from playwright.sync_api import expect

from commonplace.communities.tests.factories import CommunityFactory, MembershipFactory
from commonplace.expertise.tests.worlds import answered, ready
from commonplace.people.tests.factories import DEFAULT_PASSWORD, UserFactory
from commonplace.topics.tests.factories import TopicFactory
from tests.browser.pages.accounts import SignInPage
from tests.browser.pages.expertise import KnowsAbout, PeopleWhoCanHelp, WhoKnowsPage
from tests.browser.pages.knowledge import NewPostPage

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def guild():
    """A community where Kim answered questions on pods restarting."""
    guild = CommunityFactory(name="Platform Guild", slug="platform-guild")
    asker = UserFactory(email="asha@example.org", display_name="Asha Asker")
    MembershipFactory(community=guild, person=asker)
    kim = UserFactory(display_name="Kim Kubernetes")
    for title in (
        "Kubernetes pods keep restarting",
        "Pods restarting after a node upgrade",
    ):
        answered(guild, kim, title)
    ready()
    return guild


def test_typing_a_question_lists_who_can_likely_help(page, guild):
    SignInPage(page).open().sign_in("asha@example.org", DEFAULT_PASSWORD)
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    form = NewPostPage(page)
    form.path = f"/posts/new/{guild.slug}/?kind=question"
    form.open()
    people = PeopleWhoCanHelp(page)

    page.get_by_role("radio", name="Question").check()
    page.get_by_role("textbox", name="Title").press_sequentially(
        "Why do my kubernetes pods restart"
    )

    expect(people.person("Kim Kubernetes")).to_be_visible()
    expect(people.list).to_contain_text("answered 2 similar questions, 2 accepted")
    assert form.accessibility_violations() == []
    assert form.console_errors == []


@pytest.fixture
def kim_knows_kubernetes(guild):
    """Kai answered questions on the Kubernetes topic in the guild."""
    kubernetes = TopicFactory(name="Kubernetes")
    kim = UserFactory(display_name="Kai Cluster", location="Lisbon")
    for title in ("Pods keep restarting", "Nodes run out of memory"):
        answered(guild, kim, title, topics=[kubernetes])
    ready()
    return kim


def test_the_directory_finds_who_knows_a_topic_and_their_page_says_so(
    page, kim_knows_kubernetes
):
    SignInPage(page).open().sign_in("asha@example.org", DEFAULT_PASSWORD)
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    directory = WhoKnowsPage(page).open()
    assert directory.accessibility_violations() == []

    directory.ask("kubernetes")

    kim = directory.person("Kai Cluster")
    expect(kim).to_contain_text("answered 2 questions on Kubernetes, 2 accepted")
    assert directory.accessibility_violations() == []
    kim.get_by_role("link", name="Kai Cluster").click()
    knows = KnowsAbout(page)
    expect(knows.region).to_contain_text("2 answers, 2 accepted")
    assert directory.accessibility_violations() == []
    knows.topic("Kubernetes").click()
    expect(page.get_by_label("Who knows about…")).to_have_value("Kubernetes")
    assert directory.console_errors == []
