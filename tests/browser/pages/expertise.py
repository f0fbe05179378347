"""People who can likely help, as the question form shows them."""

from __future__ import annotations

from playwright.sync_api import Locator, Page


class PeopleWhoCanHelp:
    """The people listed beside a new question as it is written."""

    def __init__(self, page: Page) -> None:
        self.region = page.locator("#people-who-can-help")
        self.list = self.region.get_by_role("region", name="People who can likely help")

    def person(self, name: str) -> Locator:
        return self.list.get_by_role("link", name=name)
