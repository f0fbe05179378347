"""The home page and an error page, in a real browser."""

import pytest

from tests.browser.pages.base import HomePage, MissingPage

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_home_page_has_no_serious_accessibility_violation(page, scheme):
    page.emulate_media(color_scheme=scheme)
    home = HomePage(page).open()

    assert home.status == 200
    assert home.heading == "Learn by working together"
    assert home.accessibility_violations() == []


def test_the_home_page_runs_htmx_under_the_content_security_policy(page):
    home = HomePage(page).open()

    assert home.htmx_loaded()
    assert home.console_errors == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_an_error_page_is_styled_and_accessible(page, scheme):
    page.emulate_media(color_scheme=scheme)
    missing = MissingPage(page).open()

    assert missing.status == 404
    assert missing.heading == "Page not found"
    assert missing.accessibility_violations() == []


def test_the_skip_link_takes_keyboard_users_to_the_content(page):
    HomePage(page).open()

    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    assert skip.inner_text() == "Skip to content"
    page.keyboard.press("Enter")

    assert page.evaluate("() => document.activeElement.id") == "main"
