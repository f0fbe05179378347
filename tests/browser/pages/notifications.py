"""Page objects for notifications: the list, opening one, preferences."""

from playwright.sync_api import Locator

from tests.browser.pages.base import BasePage


class NotificationsPage(BasePage):
    path = "/notifications/"

    @property
    def items(self) -> Locator:
        return self.page.locator(".notification")

    @property
    def unread_items(self) -> Locator:
        return self.page.locator(".notification--unread")

    def item(self, text: str) -> Locator:
        return self.items.filter(has_text=text)

    def notification(self, text: str) -> Locator:
        """The button that opens the notification saying `text`."""
        return self.item(text).locator(".notification__text")

    def open_notification(self, text: str) -> None:
        self.notification(text).click()

    def mark_read(self, text: str) -> None:
        self.item(text).get_by_role("button", name="Mark as read").click()

    def mark_all_read(self) -> None:
        self.page.get_by_role("button", name="Mark all as read").click()


class PreferencesPage(BasePage):
    path = "/notifications/preferences/"
