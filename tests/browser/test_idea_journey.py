"""The idea trip, in a real browser: Priya proposes an idea (similar ideas
show as she types its title); Sam and Lee support it and discuss it in its
thread; Dana, a leader, moves it to discussion, then decides with a
record. The proposer and both supporters are told of each step. axe-core
finds nothing serious on the pages along the way; tasks run between the
steps, as the worker would."""

import pytest
from playwright.sync_api import expect

from commonplace.communities.models import Kind, Role
from commonplace.communities.tests.factories import CommunityFactory, MembershipFactory
from commonplace.ideas.models import Idea
from commonplace.ideas.tests.factories import IdeaFactory
from commonplace.people.tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.browser.pages.accounts import SignInPage
from tests.browser.pages.ideas import IdeaPage, MoveIdeaPage, ProposeIdeaPage
from tests.browser.pages.knowledge import PostPage
from tests.browser.pages.notifications import NotificationsPage

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Release on Tuesdays instead of Fridays"
PEOPLE = {
    "priya": ("priya@example.org", "Priya Proposer", Role.MEMBER),
    "sam": ("sam@example.org", "Sam Supporter", Role.MEMBER),
    "lee": ("lee@example.org", "Lee Listener", Role.GUEST),
    "dana": ("dana@example.org", "Dana Decider", Role.LEADER),
}


@pytest.fixture
def shipping(run_tasks):
    """A goal community with one idea already about releases."""
    community = CommunityFactory(
        name="Ship Faster", slug="ship-faster", kind=Kind.GOAL, goal="Halve lead time."
    )
    for email, name, role in PEOPLE.values():
        MembershipFactory(
            community=community,
            person=UserFactory(email=email, display_name=name),
            role=role,
        )
    IdeaFactory(
        community=community,
        author=UserFactory._meta.model.objects.get(email="sam@example.org"),
        title="Freeze releases before long weekends",
    )
    run_tasks()
    return community


def _as(page, who):
    SignInPage(page).open().sign_in(PEOPLE[who][0], DEFAULT_PASSWORD)
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def _told(page, text):
    inbox = NotificationsPage(page).open()
    expect(inbox.notification(text)).to_be_visible()
    return inbox


def _support_and_reply(page, who, pk, reply):
    _as(page, who)
    idea = IdeaPage(page, pk).open()
    idea.support()
    expect(
        idea.page.get_by_role("button", name="Withdraw your support")
    ).to_be_visible()
    idea.join_the_discussion()
    PostPage(page).comment_on_post(reply)
    expect(page.get_by_text(reply)).to_be_visible()
    IdeaPage(page).sign_out()


def test_propose_support_discuss_move_and_decide(page, shipping, run_tasks):
    _as(page, "priya")
    form = ProposeIdeaPage(page, shipping.slug).open()
    form.type_title("Releases on Tuesdays")
    expect(form.similar).to_contain_text("Freeze releases before long weekends")
    assert form.accessibility_violations() == []
    page.get_by_role("textbox", name="Title").fill(TITLE)
    form.propose(
        problem="Friday releases break weekends: 6 incidents in March.",
        proposal="Release on Tuesday mornings.",
    )
    idea = IdeaPage(page)
    expect(idea.title).to_have_text(TITLE)
    assert idea.accessibility_violations() == []
    pk = Idea.objects.get(title=TITLE).pk
    idea.sign_out()
    run_tasks()

    _support_and_reply(page, "sam", pk, "Tuesdays suit the support rota too.")
    _support_and_reply(page, "lee", pk, "Would QA be ready by Tuesday?")
    run_tasks()

    _as(page, "dana")
    idea = IdeaPage(page, pk).open()
    expect(idea.supporters).to_have_text("2 supporters")
    idea.move()
    move = MoveIdeaPage(page)
    move.choose("Under discussion")
    move.fill("Message", "Worth a proper look.")
    move.submit()
    expect(idea.trip).to_contain_text("Worth a proper look.")
    idea.move()
    move.choose("Decided")
    expect(page.get_by_role("group", name="The decision record")).to_be_visible()
    assert move.accessibility_violations() == []
    move.fill("Decision", "We release on Tuesdays from next month.")
    move.fill("Reasons", "Fewer weekend incidents; QA agreed.")
    move.submit()
    expect(idea.trip).to_contain_text("We release on Tuesdays from next month.")
    assert idea.accessibility_violations() == []
    idea.sign_out()
    run_tasks()

    for who in ("priya", "sam", "lee"):
        _as(page, who)
        _told(page, f"Dana Decider moved “{TITLE}” to Under discussion")
        inbox = _told(page, f"Dana Decider decided on “{TITLE}”: Decided")
        assert inbox.accessibility_violations() == []
        inbox.open_notification(f"Dana Decider decided on “{TITLE}”: Decided")
        expect(IdeaPage(page).title).to_have_text(TITLE)
        IdeaPage(page).sign_out()
