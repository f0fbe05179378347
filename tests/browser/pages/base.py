"""Page objects: what a person sees and does, one class per page."""

from pathlib import Path

from playwright.sync_api import Locator, Page, expect

AXE_SOURCE = (
    Path(__file__).resolve().parents[3] / "node_modules" / "axe-core" / "axe.min.js"
).read_text()
BLOCKING_IMPACTS = ("serious", "critical")


class BasePage:
    """Any Commonplace page: the layout, the console and an axe audit."""

    path = "/"

    def __init__(self, page: Page) -> None:
        self.page = page
        self.console_errors: list[str] = []
        page.on("console", self._remember_error)
        self.response = None

    def _remember_error(self, message) -> None:
        if message.type == "error":
            self.console_errors.append(message.text)

    def open(self):
        self.response = self.page.goto(self.path)
        return self

    @property
    def status(self) -> int:
        return self.response.status

    @property
    def heading(self) -> str:
        return self.page.locator("h1").inner_text()

    def htmx_loaded(self) -> bool:
        return self.page.evaluate("() => typeof window.htmx === 'object'")

    @property
    def unread_badge(self) -> Locator:
        """The unread count beside "Notifications" in the header."""
        return self.page.locator("#unread-badge")

    def open_notifications(self) -> None:
        self.page.get_by_role("link", name="Notifications").click()

    def sign_out(self) -> None:
        self.page.get_by_role("button", name="Sign out").click()
        self.wait_until_signed_out()

    def wait_until_signed_out(self) -> None:
        """Wait for the sign-out redirect to land, so the next navigation
        is not interrupted by it."""
        expect(self.page.get_by_role("button", name="Sign out")).to_have_count(0)

    def focused(self, target: Locator) -> bool:
        return target.evaluate("element => element === document.activeElement")

    def tab_to(
        self, target: Locator, *, backwards: bool = False, limit: int = 80
    ) -> None:
        """Press Tab (or Shift+Tab) until `target` has the focus: no mouse."""
        key = "Shift+Tab" if backwards else "Tab"
        for _ in range(limit):
            self.page.keyboard.press(key)
            if self.focused(target):
                return
        raise AssertionError(f"{key} pressed {limit} times never reached {target}")

    def wait_for_htmx(self) -> None:
        """Until no htmx request, swap or settle is under way: content
        swapped in is live (its hx- attributes processed) only once settled."""
        busy = ".htmx-request, .htmx-swapping, .htmx-settling, .htmx-added"
        expect(self.page.locator(busy)).to_have_count(0)

    def accessibility_violations(self) -> list[str]:
        """axe-core's serious and critical findings, as readable lines."""
        # Evaluated through the DevTools protocol, so the page's CSP, which
        # rightly forbids inline scripts, does not block the audit itself.
        self.page.evaluate(AXE_SOURCE)
        results = self.page.evaluate("async () => await axe.run(document)")
        return [
            f"{violation['id']}: {violation['help']} ({len(violation['nodes'])} nodes)"
            for violation in results["violations"]
            if violation["impact"] in BLOCKING_IMPACTS
        ]


class HomePage(BasePage):
    path = "/"


class MissingPage(BasePage):
    path = "/this/page/does/not/exist/"
