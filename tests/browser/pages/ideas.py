"""Page objects for the idea trip: proposing, the idea page, moving it."""

from playwright.sync_api import Locator, expect

from tests.browser.pages.base import BasePage


class ProposeIdeaPage(BasePage):
    def __init__(self, page, slug: str) -> None:
        super().__init__(page)
        self.path = f"/communities/{slug}/ideas/new/"

    @property
    def similar(self) -> Locator:
        return self.page.get_by_role("region", name="Similar ideas already proposed")

    def type_title(self, title: str) -> None:
        self.page.get_by_role("textbox", name="Title").press_sequentially(title)

    def propose(self, *, problem: str, proposal: str) -> None:
        self.page.get_by_role("textbox", name="The problem").fill(problem)
        self.page.get_by_role("textbox", name="The proposal").fill(proposal)
        self.page.get_by_role("button", name="Propose").click()


class IdeaPage(BasePage):
    def __init__(self, page, pk: int | None = None) -> None:
        super().__init__(page)
        self.path = f"/ideas/{pk}/" if pk else "/"

    @property
    def title(self) -> Locator:
        return self.page.get_by_role("heading", level=1)

    @property
    def supporters(self) -> Locator:
        return self.page.locator("#support-title")

    @property
    def trip(self) -> Locator:
        return self.page.get_by_role("region", name="Its trip")

    def support(self) -> None:
        self.page.get_by_role("button", name="Support this idea").click()

    def join_the_discussion(self) -> None:
        self.page.get_by_role("link", name="Join the discussion").click()

    def move(self) -> None:
        self.page.get_by_role("link", name="Move to another stage").click()


class MoveIdeaPage(BasePage):
    def choose(self, stage: str) -> None:
        """Choose the stage, and wait for the form to show the fields it
        needs (htmx swaps the decision record in or out)."""
        self.page.get_by_role("combobox", name="Move to").select_option(label=stage)
        record = self.page.get_by_role("group", name="The decision record")
        expect(
            record.get_by_text(f"Moving the idea to “{stage}”").or_(
                self.page.locator("div#decision-fields")
            )
        ).to_be_attached()

    def fill(self, label: str, text: str) -> None:
        self.page.get_by_role("textbox", name=label).first.fill(text)

    def submit(self) -> None:
        self.page.get_by_role("button", name="Move", exact=True).click()
