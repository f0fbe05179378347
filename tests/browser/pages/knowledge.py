"""Page objects for conversations: posting, answering, reacting, moderating,
mentioning people and bookmarking."""

from playwright.sync_api import Locator, expect

from tests.browser.pages.base import BasePage


class MentionField:
    """A text field inside `.mention-field`: typing "@" and letters lists
    people to mention below it (a listbox), with a live status line."""

    def __init__(self, textbox: Locator) -> None:
        self.textbox = textbox
        self.container = textbox.locator(
            "xpath=ancestor::div[contains(concat(' ', @class, ' '), ' mention-field ')]"
        )
        self.suggestions = self.container.get_by_role("listbox")
        self.status = self.container.locator(".mention-status")

    def option(self, name: str) -> Locator:
        return self.suggestions.get_by_role("option", name=name)

    def type(self, text: str) -> None:
        """Type into the field key by key, as a person does."""
        self.textbox.press_sequentially(text)

    def choose(self, name: str, key: str = "Enter") -> None:
        """With the suggestions open, ArrowDown to the person, then `key`."""
        expect(self.suggestions).to_be_visible()
        wanted = self.option(name)
        expect(wanted).to_be_visible()
        for _ in range(self.suggestions.get_by_role("option").count()):
            if wanted.get_attribute("aria-selected") == "true":
                break
            self.textbox.press("ArrowDown")
        expect(wanted).to_have_attribute("aria-selected", "true")
        self.textbox.press(key)
        expect(self.suggestions).to_be_hidden()


class NewPostPage(BasePage):
    @property
    def body(self) -> MentionField:
        return MentionField(self.page.get_by_role("textbox", name="Text", exact=False))

    def start_question(self, title: str) -> None:
        self.page.get_by_role("radio", name="Question").check()
        self.page.get_by_role("textbox", name="Title").fill(title)

    def publish(self) -> None:
        self.page.get_by_role("button", name="Publish").click()

    def ask(self, *, title: str, text: str, topics: str = "") -> None:
        self.page.get_by_role("radio", name="Question").check()
        self.page.get_by_role("textbox", name="Title").fill(title)
        self.page.get_by_role("textbox", name="Text", exact=False).first.fill(text)
        self.page.get_by_role("textbox", name="Topics").fill(topics)
        self.page.get_by_role("button", name="Publish").click()


class PostPage(BasePage):
    """One post with its answers and comments."""

    @property
    def title(self) -> Locator:
        return self.page.locator("#post-title")

    @property
    def answer_field(self) -> MentionField:
        return MentionField(self.page.get_by_role("textbox", name="Your answer"))

    def post_the_answer(self) -> None:
        self.page.get_by_role("button", name="Post your answer").click()

    @property
    def bookmark_button(self) -> Locator:
        return self.page.locator(".bookmark").get_by_role("button")

    def bookmark(self) -> None:
        self.page.get_by_role("button", name="Bookmark", exact=True).click()

    def answer(self, text: str) -> None:
        self.page.get_by_role("textbox", name="Your answer").fill(text)
        self.page.get_by_role("button", name="Post your answer").click()

    def comment_on_post(self, text: str) -> None:
        form = self.page.locator("details.comment-form").first
        form.locator("summary").click()
        form.get_by_label("Your comment").fill(text)
        form.get_by_role("button", name="Add comment").click()

    def accept_first_answer(self) -> None:
        self.page.get_by_role("button", name="Accept this answer").first.click()

    def first_answer_reaction(self, name: str):
        return self.page.locator(".answer").first.get_by_role("button", name=name)

    def react_to_first_answer(self, name: str) -> None:
        self.first_answer_reaction(name).click()

    def report_comment(self, text: str, reason: str) -> None:
        comment = self.page.locator(".comment", has_text=text)
        comment.get_by_role("link", name="Report").click()
        self.page.get_by_label("What is wrong with it?").fill(reason)
        self.page.get_by_role("button", name="Send the report").click()


class ModerationPage(BasePage):
    def __init__(self, page, slug: str) -> None:
        super().__init__(page)
        self.path = f"/moderation/{slug}/"

    def decide(self, text: str, decision: str) -> None:
        report = self.page.locator(".report", has_text=text).first
        report.get_by_role("button", name=decision).click()


class BookmarksPage(BasePage):
    path = "/bookmarks/"
