"""Page objects for starting, running and joining communities."""

from tests.browser.pages.base import BasePage


class StartCommunityPage(BasePage):
    path = "/communities/new/"

    def start(self, *, name: str, purpose: str, kind: str, visibility: str) -> None:
        self.page.get_by_role("textbox", name="Name").fill(name)
        self.page.get_by_role("textbox", name="Purpose").fill(purpose)
        self.page.get_by_role("radio", name=kind).check()
        self.page.get_by_role("radio", name=visibility).check()
        self.page.get_by_role("button", name="Start the community").click()


class CommunityPage(BasePage):
    def request_to_join(self) -> None:
        self.page.get_by_role("button", name="Request to join").click()

    def open_manage(self) -> None:
        self.page.get_by_role("link", name="Manage").first.click()


class ManagePage(BasePage):
    def invite(self, email: str) -> None:
        self.page.get_by_label("E-mail address").fill(email)
        self.page.get_by_role("button", name="Send the invitation").click()

    def approve_first_request(self) -> None:
        self.page.get_by_role("button", name="Approve").first.click()

    def change_role(self, person: str, role: str) -> None:
        self.page.get_by_label(f"Role of {person}").select_option(label=role)
        row = self.page.locator(".member-row", has_text=person)
        row.get_by_role("button", name="Change").click()


class InvitationPage(BasePage):
    def create_account(self, name: str, password: str) -> None:
        self.page.get_by_label("Your name").fill(name)
        self.page.get_by_label("Password").fill(password)
        self.page.get_by_role("button", name="Create account and join").click()
