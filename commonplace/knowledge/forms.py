"""Conversation forms: the shape of what is typed; the services decide meaning.

Lengths, required titles, the number of topics and what an upload may be
are checked by the services, whose messages go onto the fields here, so a
refused value always comes back with what the person typed.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from commonplace.knowledge.models import (
    MAX_BODY_LENGTH,
    MAX_COMMENT_LENGTH,
    MAX_SUMMARY_LENGTH,
    MAX_TITLE_LENGTH,
    PostKind,
    ReactionKind,
)
from commonplace.topics.forms import suggested_topic_field

KIND_EXPLANATIONS = {
    PostKind.DISCUSSION: _("Start a conversation on something worth talking over."),
    PostKind.QUESTION: _("Ask; others answer, and you accept the answer that helped."),
    PostKind.NOTE: _("Working out loud: what you are doing, or what you learned."),
    PostKind.ARTICLE: _("Something longer, with a title and a summary."),
}
KIND_LABELS = {
    PostKind.DISCUSSION: _("Discussion"),
    PostKind.QUESTION: _("Question"),
    PostKind.NOTE: _("Note (working out loud)"),
    PostKind.ARTICLE: _("Article"),
}
MARKDOWN_HINT = _(
    "Markdown: **bold**, *italic*, `code`, [a link](https://example.org), "
    "lists with -, code blocks between ``` lines. Type @ and a name to "
    "mention someone."
)
# What a person types is their own words: never machine-translated.
OWN_WORDS = {"translate": "no"}


def split_topics(text: str) -> list[str]:
    """ "Python, SQL ,," -> ["Python", "SQL"]: the names as typed, in order."""
    return [part.strip() for part in text.split(",") if part.strip()]


def _body(label: Any, limit: int, rows: int = 10) -> forms.CharField:
    # Not required here: the service says what an empty text needs, once.
    return forms.CharField(
        label=label,
        required=False,
        strip=False,
        help_text=MARKDOWN_HINT,
        widget=forms.Textarea(attrs={"rows": rows, "maxlength": limit, **OWN_WORDS}),
    )


class PostForm(forms.Form):
    """Starting a thread, or changing one (`editing=True` drops kind and image)."""

    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=list(KIND_LABELS.items()),
        initial=PostKind.DISCUSSION,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose one of the kinds of post.")},
    )
    title = forms.CharField(
        label=_("Title"),
        required=False,
        strip=False,
        help_text=_("Needed for all but notes."),
        # One more than allowed, so an over-long title reaches the service
        # and is refused with its message instead of silently cut.
        widget=forms.TextInput(attrs={"maxlength": MAX_TITLE_LENGTH + 1, **OWN_WORDS}),
    )
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        strip=False,
        help_text=_("Articles only: a sentence or two shown in lists."),
        widget=forms.Textarea(
            attrs={"rows": 2, "maxlength": MAX_SUMMARY_LENGTH, **OWN_WORDS}
        ),
    )
    body = _body(_("Text"), MAX_BODY_LENGTH)
    topics = forms.CharField(
        label=_("Topics"),
        required=False,
        help_text=_("Comma-separated, at most five, e.g. Python, SQL"),
        widget=forms.TextInput(attrs={"autocomplete": "off", **OWN_WORDS}),
    )
    # Named "q" because the topic suggestions read what is typed from ?q=.
    q = suggested_topic_field(
        label=_("Add a topic"),
        help_text=_("Start typing to see topics people already use."),
        datalist_id="topic-suggestions",
    )
    image = forms.FileField(
        label=_("Image"),
        required=False,
        help_text=_(
            "A JPEG, PNG, GIF or WebP image of at most 10 MB; it is added to "
            "the end of the text."
        ),
        widget=forms.FileInput(attrs={"accept": "image/*"}),
    )

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["kind"]
            del self.fields["image"]

    def kinds(self) -> list[tuple[Any, Any]]:
        """(radio, explanation) pairs for the kind choices."""
        return [
            (radio, KIND_EXPLANATIONS.get(radio.data["value"], ""))
            for radio in self["kind"]
        ]

    def topic_names(self) -> list[str]:
        return split_topics(self.cleaned_data.get("topics", "")) + split_topics(
            self.cleaned_data.get("q", "")
        )


class AnswerForm(forms.Form):
    body = _body(_("Your answer"), MAX_BODY_LENGTH, rows=6)


class CommentForm(forms.Form):
    body = _body(_("Your comment"), MAX_COMMENT_LENGTH, rows=2)
    answer = forms.IntegerField(required=False, widget=forms.HiddenInput)


class EditTextForm(forms.Form):
    """Changing an answer or a comment."""

    body = _body(_("Text"), MAX_BODY_LENGTH)


class DeleteForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it removed?"),
        required=False,
        help_text=_("Shown where it was, so the conversation still makes sense."),
        widget=forms.TextInput(attrs={"maxlength": 300}),
    )


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("What is wrong with it?"),
        required=False,
        help_text=_("Only the community's moderators read this."),
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 500}),
    )


class ReactionForm(forms.Form):
    kind = forms.ChoiceField(choices=ReactionKind.choices)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("hide", "hide"), ("restore", "restore"), ("dismiss", "dismiss")]
    )
