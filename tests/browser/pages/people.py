"""Page objects for profiles, the directory and a person's page."""

from tests.browser.pages.base import BasePage


class ProfileEditPage(BasePage):
    path = "/profile/"

    def fill(self, *, job_title: str, skills: str, photo: str) -> None:
        self.page.get_by_label("Job title").fill(job_title)
        self.page.locator("#id_skills").fill(skills)
        self.page.locator("#id_avatar").set_input_files(photo)

    def save(self) -> None:
        self.page.get_by_role("button", name="Save profile").click()


class DirectoryPage(BasePage):
    path = "/people/"

    def search(self, name: str) -> None:
        self.page.get_by_label("Name").fill(name)
        self.page.get_by_role("button", name="Search").click()

    def open_person(self, name: str) -> None:
        self.page.get_by_role("link", name=name).click()


class PersonPage(BasePage):
    def follow(self) -> None:
        self.page.get_by_role("button", name="Follow").click()

    @property
    def follow_button(self):
        return self.page.locator("#follow-button")
