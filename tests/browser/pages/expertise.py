"""People who can likely help, as the question form shows them; who knows
about what, and what a person knows about."""

from __future__ import annotations

from playwright.sync_api import Locator, Page

from tests.browser.pages.base import BasePage


class PeopleWhoCanHelp:
    """The people listed beside a new question as it is written."""

    def __init__(self, page: Page) -> None:
        self.region = page.locator("#people-who-can-help")
        self.list = self.region.get_by_role("region", name="People who can likely help")

    def person(self, name: str) -> Locator:
        """The box that asks `name` for help when the question is posted."""
        return self.list.get_by_role("checkbox", name=name)


class HelpPanel:
    """The panel under a question where its asker asks others for help."""

    def __init__(self, page: Page) -> None:
        self.region = page.get_by_role("region", name="Ask for help")

    def ask(self, name: str) -> None:
        self.region.get_by_role("checkbox", name=name).check()
        self.region.get_by_role("button", name="Ask for their help").click()


class WhoKnowsPage(BasePage):
    """The directory of who knows about what."""

    path = "/people/knows/"

    def ask(self, words: str) -> None:
        """Type a topic or words and send them with the keyboard."""
        field = self.page.get_by_label("Who knows about…")
        field.fill(words)
        field.press("Enter")

    @property
    def results(self) -> Locator:
        return self.page.get_by_role("region", name="Results")

    def person(self, name: str) -> Locator:
        return self.results.get_by_role("listitem").filter(
            has=self.page.get_by_role("link", name=name)
        )


class KnowsAbout:
    """The "Knows about" part of a person's page."""

    def __init__(self, page: Page) -> None:
        self.region = page.get_by_role("region", name="Knows about")

    def topic(self, name: str) -> Locator:
        return self.region.get_by_role("link", name=name)
