"""Page objects for the home feed and the unanswered questions."""

from playwright.sync_api import Locator

from tests.browser.pages.base import BasePage


class HomeFeedPage(BasePage):
    """The home page of a signed-in person: their feed."""

    path = "/"

    @property
    def posts(self) -> Locator:
        return self.page.locator("#feed-list .post-card")

    def show(self, tab: str) -> None:
        self.page.get_by_role("link", name=tab, exact=True).click()


class UnansweredPage(BasePage):
    path = "/unanswered/"
