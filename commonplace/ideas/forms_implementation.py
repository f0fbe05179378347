"""Forms of the implementation, impact and funnel pages: the shape of what
is typed; the services decide meaning.

People are named by their handles as an idea's co-authors are
(`people_by_handle`), so "@ana, @bo" reads the same everywhere. A step's
title and day, an update's words and a measured result are judged by the
services, whose messages go onto the fields here.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from commonplace import permissions
from commonplace.core.widgets import QuickTextInput
from commonplace.ideas.forms import (
    CheckedForm,
    NeededDate,
    NeededText,
    people_by_handle,
)
from commonplace.ideas.models import (
    MAX_STEP_TITLE_LENGTH,
    MAX_TEXT_LENGTH,
    MAX_UNIT_LENGTH,
    Stage,
)
from commonplace.ideas.selectors import FunnelFilters
from commonplace.ideas.services import ImpactDraft, StepDraft
from commonplace.knowledge.forms import OWN_WORDS
from commonplace.knowledge.models import MAX_COMMENT_LENGTH
from commonplace.people import selectors as people_selectors
from commonplace.people.models import User
from commonplace.search.forms import NamesSelect
from commonplace.topics.models import Topic

DATE_INVALID = _("Enter a date such as 2026-12-24.")
HANDLES = {"autocomplete": "off", "translate": "no"}


def _date(label: Any, *, needed: bool = False, **kwargs: Any) -> forms.DateField:
    """A day picked in the browser's calendar; a `needed` one's emptiness
    is the service's to refuse, with its own message."""
    field_class = NeededDate if needed else forms.DateField
    return field_class(
        label=label,
        required=needed,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": DATE_INVALID},
        **kwargs,
    )


def _one_person(viewer: permissions.Viewer, typed: str, message: Any) -> User | None:
    """The one person a handle names, or None when nothing is typed."""
    people = people_by_handle(viewer, typed)
    if len(people) > 1:
        raise forms.ValidationError(message, code="several")
    return people[0] if people else None


class OwnersForm(CheckedForm):
    """Who carries a decided idea out, named by their handles."""

    owners = forms.CharField(
        label=_("Owners"),
        required=False,
        help_text=_(
            "Their handles, comma-separated, e.g. @ana, @bo: they plan the "
            "steps, post status updates and record the impact. Leave it "
            "empty to name nobody."
        ),
        widget=forms.TextInput(attrs=HANDLES),
    )

    def __init__(self, *args: Any, viewer: permissions.Viewer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.viewer = viewer

    def clean_owners(self) -> list[User]:
        return people_by_handle(self.viewer, self.cleaned_data["owners"])


class StepForm(CheckedForm):
    """One step of a plan: what, who and by when."""

    title = NeededText(
        label=_("Step"),
        required=True,
        strip=False,
        help_text=_("What is to be done, in a line."),
        # One more than allowed, so an over-long title reaches the service
        # and is refused with its message instead of silently cut.
        widget=forms.TextInput(
            attrs={"maxlength": MAX_STEP_TITLE_LENGTH + 1, **OWN_WORDS}
        ),
    )
    owner = forms.CharField(
        label=_("Owner"),
        required=False,
        help_text=_("Their handle, e.g. @ana: they hear when the step is late."),
        widget=forms.TextInput(attrs=HANDLES),
    )
    due_on = _date(_("Due on"), needed=True)

    def __init__(self, *args: Any, viewer: permissions.Viewer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.viewer = viewer

    def clean_owner(self) -> User | None:
        message = _("Name one owner: a single handle.")
        return _one_person(self.viewer, self.cleaned_data["owner"], message)

    def draft(self) -> StepDraft:
        values = self.checked()
        return StepDraft(values["title"], values["due_on"], values["owner"])


class StepActionForm(CheckedForm):
    action = forms.ChoiceField(
        choices=[
            ("save", _("Save")),
            ("done", _("Mark done")),
            ("reopen", _("Reopen")),
            ("delete", _("Delete")),
        ],
        error_messages={
            "required": _("Choose what to do with the step."),
            "invalid_choice": _("Choose what to do with the step."),
        },
    )


class StatusUpdateForm(CheckedForm):
    """An owner's update, posted as a reply in the idea's thread."""

    body = NeededText(
        label=_("Status update"),
        required=True,
        strip=False,
        help_text=_(
            "Where the work stands: it is posted in the idea's discussion. "
            "Markdown works."
        ),
        widget=forms.Textarea(
            attrs={"rows": 3, "maxlength": MAX_COMMENT_LENGTH, **OWN_WORDS}
        ),
    )


class ImpactForm(CheckedForm):
    """The measured result of a done idea: words, and where it fits a
    number with its unit over a period."""

    measured = NeededText(
        label=_("Measured result"),
        required=True,
        strip=False,
        help_text=_("What changed, and how it was measured. Markdown works."),
        widget=forms.Textarea(
            attrs={"rows": 5, "maxlength": MAX_TEXT_LENGTH, **OWN_WORDS}
        ),
    )
    value = forms.DecimalField(
        label=_("Number"),
        required=False,
        max_digits=16,
        decimal_places=4,
        help_text=_("The measured change as a number, e.g. -12 or 3.5."),
        error_messages={
            "invalid": _("Enter a number, e.g. -12 or 3.5."),
            "max_digits": _("Enter a number of at most 16 digits."),
            "max_decimal_places": _("Enter at most 4 decimal places."),
            "max_whole_digits": _("Enter at most 12 digits before the point."),
        },
    )
    unit = forms.CharField(
        label=_("Unit"),
        required=False,
        strip=False,
        help_text=_("What the number counts, e.g. % or days."),
        widget=forms.TextInput(attrs={"maxlength": MAX_UNIT_LENGTH + 1}),
    )
    period_start = _date(_("From"))
    period_end = _date(_("To"))

    def draft(self) -> ImpactDraft:
        values = self.checked()
        return ImpactDraft(
            measured=values["measured"],
            value=values["value"],
            unit=values["unit"],
            period_start=values["period_start"],
            period_end=values["period_end"],
        )


class FunnelFilterForm(CheckedForm):
    """Which ideas the funnel counts: those that reached a stage, on a
    topic (its name or slug), by an author (their handle)."""

    stage = forms.TypedChoiceField(
        label=_("Reached the stage"),
        coerce=int,
        required=False,
        empty_value=None,
        widget=NamesSelect,
        error_messages={"invalid_choice": _("Choose one of this community's stages.")},
    )
    topic = forms.CharField(
        label=_("Topic"),
        required=False,
        help_text=_("Its name, e.g. Releases."),
        widget=QuickTextInput(attrs={"autocomplete": "off", **OWN_WORDS}),
    )
    author = forms.CharField(
        label=_("Author"),
        required=False,
        help_text=_("Their handle, e.g. @ana."),
        widget=QuickTextInput(attrs=HANDLES),
    )

    def __init__(
        self, data: Any, *, stages: list[Stage], viewer: permissions.Viewer
    ) -> None:
        super().__init__(data)
        self.viewer = viewer
        choices = [("", _("Every stage")), *((s.pk, s.name) for s in stages)]
        self.fields["stage"].choices = choices  # type: ignore[attr-defined]

    def clean_topic(self) -> Topic | None:
        text = self.cleaned_data["topic"].strip()
        if not text:
            return None
        # Topics are the organisation's vocabulary: to anyone who may not
        # browse it, every topic is unknown.
        topic = None
        if permissions.can(self.viewer, "browse_directory"):
            topic = people_selectors.find_topic(text)
        if topic is None:
            raise forms.ValidationError(
                _("There is no topic called “%(topic)s”."), params={"topic": text}
            )
        return topic

    def clean_author(self) -> User | None:
        message = _("Name one author: a single handle.")
        return _one_person(self.viewer, self.cleaned_data["author"], message)

    def filters(self) -> FunnelFilters:
        values = self.checked()
        topic, author = values["topic"], values["author"]
        return FunnelFilters(
            stage_id=values["stage"],
            topic_id=topic.pk if topic else None,
            author_id=author.pk if author else None,
        )
