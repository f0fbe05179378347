"""Page objects for conversations: posting, answering, reacting, moderating."""

from tests.browser.pages.base import BasePage


class NewPostPage(BasePage):
    def ask(self, *, title: str, text: str, topics: str = "") -> None:
        self.page.get_by_role("radio", name="Question").check()
        self.page.get_by_role("textbox", name="Title").fill(title)
        self.page.get_by_role("textbox", name="Text", exact=False).first.fill(text)
        self.page.get_by_role("textbox", name="Topics").fill(topics)
        self.page.get_by_role("button", name="Publish").click()


class PostPage(BasePage):
    """One post with its answers and comments."""

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
