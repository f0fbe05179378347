"""A leader starts a private community and brings people into it."""

import re

import pytest
from playwright.sync_api import expect

from commonplace.communities.models import Membership
from commonplace.people.tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.browser.pages.accounts import SignInPage
from tests.browser.pages.base import BasePage
from tests.browser.pages.communities import (
    CommunityPage,
    InvitationPage,
    ManagePage,
    StartCommunityPage,
)

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "tangerine-lighthouse-47"


def _sign_in(page, email, password=DEFAULT_PASSWORD):
    SignInPage(page).open().sign_in(email, password)
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def test_a_leader_invites_a_newcomer_and_approves_a_request(
    page, live_server, mailoutbox, run_tasks, settings
):
    settings.SITE_URL = live_server.url
    UserFactory(email="lea@example.org", display_name="Lea Leader")
    UserFactory(email="ravi@example.org", display_name="Ravi Requester")

    # A leader starts a private community and invites a colleague by e-mail.
    _sign_in(page, "lea@example.org")
    start = StartCommunityPage(page).open()
    assert start.accessibility_violations() == []
    start.start(
        name="Reliability Guild",
        purpose="Share what we learn from incidents.",
        kind="Community of practice",
        visibility="Private",
    )
    expect(page.get_by_role("heading", name="Reliability Guild")).to_be_visible()
    community_url = page.url
    CommunityPage(page).open_manage()
    manage = ManagePage(page)
    assert manage.accessibility_violations() == []
    manage.invite("nadia@example.org")
    run_tasks()
    link = re.search(r"https?://\S+", mailoutbox[-1].body).group(0)
    BasePage(page).sign_out()

    # The colleague follows the link, creates an account and lands inside.
    page.goto(link)
    invitation = InvitationPage(page)
    assert invitation.accessibility_violations() == []
    invitation.create_account("Nadia Newcomer", PASSWORD)
    expect(page.get_by_role("heading", name="Reliability Guild")).to_be_visible()
    expect(page.get_by_role("button", name="Leave")).to_be_visible()
    BasePage(page).sign_out()

    # Someone else asks to join.
    _sign_in(page, "ravi@example.org")
    page.goto(community_url)
    community = CommunityPage(page)
    assert community.accessibility_violations() == []
    community.request_to_join()
    expect(page.get_by_text("Request sent", exact=False).first).to_be_visible()
    BasePage(page).sign_out()

    # The leader approves and makes them a moderator.
    _sign_in(page, "lea@example.org")
    page.goto(community_url)
    CommunityPage(page).open_manage()
    manage = ManagePage(page)
    manage.approve_first_request()
    manage.change_role("Ravi Requester", "Moderator")
    assert manage.accessibility_violations() == []
    assert manage.console_errors == []

    roles = dict(
        Membership.objects.filter(community__name="Reliability Guild").values_list(
            "person__email", "role"
        )
    )
    assert roles == {
        "lea@example.org": "owner",
        "nadia@example.org": "member",
        "ravi@example.org": "moderator",
    }
