"""Page objects for signing up and signing in."""

from tests.browser.pages.base import BasePage


class SignUpPage(BasePage):
    path = "/accounts/signup/"

    def ask_for_link(self, email: str) -> None:
        self.page.get_by_label("E-mail address").fill(email)
        self.page.get_by_role("button", name="Send me the link").click()


class NewAccountPage(BasePage):
    """Reached from the link in the sign-up mail."""

    def create(self, name: str, password: str) -> None:
        self.page.get_by_label("Your name").fill(name)
        self.page.get_by_label("Password").fill(password)
        self.page.get_by_role("button", name="Create account").click()


class SignInPage(BasePage):
    path = "/accounts/login/"

    def sign_in(self, email: str, password: str) -> None:
        self.page.get_by_label("E-mail address").fill(email)
        self.page.get_by_label("Password").fill(password)
        self.page.get_by_role("button", name="Sign in").click()

    def sign_in_with_keyboard(self, email: str, password: str) -> None:
        """Tab from the top of the page, type, and press Enter: no mouse."""
        self.page.keyboard.press("Tab")  # skip link
        for _ in range(20):
            self.page.keyboard.press("Tab")
            if self.page.evaluate("() => document.activeElement.type") == "email":
                break
        self.page.keyboard.type(email)
        self.page.keyboard.press("Tab")
        self.page.keyboard.type(password)
        self.page.keyboard.press("Enter")
