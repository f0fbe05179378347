"""Page objects for search: the header's box with its suggestions, and the
search page with its filters and results."""

from playwright.sync_api import Locator, Page

from tests.browser.pages.base import BasePage


class HeaderSearch:
    """The search box in the header of every page, for signed-in people."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.landmark = page.get_by_role("search", name="Site search")
        self.field = self.landmark.get_by_role("searchbox", name="Search")
        self.suggestions = page.locator("#site-search-suggestions")

    def type(self, text: str) -> None:
        """Type key by key, as a person does, once htmx listens (typing
        before the page's scripts ran would ask for nothing)."""
        self.page.wait_for_load_state()
        self.field.press_sequentially(text)

    def suggestion(self, name: str) -> Locator:
        return self.suggestions.get_by_role("link", name=name)

    def submit(self) -> None:
        self.field.press("Enter")


class SearchPage(BasePage):
    path = "/search/"

    @property
    def results(self) -> Locator:
        return self.page.locator(".search-hit")

    @property
    def marked_words(self) -> Locator:
        return self.results.locator("mark")

    def result(self, title: str) -> Locator:
        return self.results.get_by_role("link", name=title)

    @property
    def panel(self) -> Locator:
        """People, communities and topics beside the results of posts."""
        return self.page.get_by_role("complementary", name="Also matching")

    def filter_by_community(self, name: str) -> None:
        self.page.get_by_label("Community").select_option(label=name)
        self.page.get_by_role("search", name="Search Commonplace").get_by_role(
            "button", name="Search"
        ).click()


class SimilarQuestions:
    """The questions listed under a new question's title as it is typed."""

    def __init__(self, page: Page) -> None:
        self.region = page.locator("#similar-questions")
        self.list = self.region.get_by_role(
            "region", name="Similar questions already asked"
        )

    def question(self, title: str) -> Locator:
        return self.list.get_by_role("link", name=title)
