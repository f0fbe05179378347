"""Signing in with the keyboard alone, and the account pages' accessibility."""

import pytest
from playwright.sync_api import expect

from commonplace.people.tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.browser.pages.accounts import SignInPage, SignUpPage

pytestmark = pytest.mark.django_db(transaction=True)


def test_signing_in_works_with_the_keyboard_alone(page):
    UserFactory(email="ana@example.org", display_name="Ana Lima")
    sign_in = SignInPage(page).open()

    sign_in.sign_in_with_keyboard("ana@example.org", DEFAULT_PASSWORD)

    expect(page.get_by_role("heading", name="Welcome back, Ana")).to_be_visible()


@pytest.mark.parametrize("page_class", [SignInPage, SignUpPage])
def test_the_account_pages_have_no_serious_accessibility_violation(page, page_class):
    account_page = page_class(page).open()

    assert account_page.accessibility_violations() == []
    assert account_page.console_errors == []


def test_a_failed_sign_in_is_announced_next_to_the_form(page):
    sign_in = SignInPage(page).open()

    sign_in.sign_in("nobody@example.org", "wrong password")

    assert page.get_by_role("alert").inner_text() == (
        "That e-mail address and password do not match an account."
    )
    assert sign_in.accessibility_violations() == []
