"""Idea forms: the shape of what is typed; the services decide meaning.

Titles, the problem, lengths, the decision record and the days to wait
are checked by the services, whose messages go onto the fields here, so a
refused value always comes back with what the person typed. Each form's
`checked()` gives its values or raises InvalidInput, as the expertise
forms do.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from commonplace import permissions
from commonplace.core.errors import InvalidInput
from commonplace.core.widgets import QuickSelect
from commonplace.ideas.models import (
    DECISION_KINDS,
    MAX_DECIDERS_LENGTH,
    MAX_MESSAGE_LENGTH,
    MAX_STAGE_NAME_LENGTH,
    MAX_TEXT_LENGTH,
    MAX_TITLE_LENGTH,
    Stage,
    StageKind,
)
from commonplace.ideas.selectors import ORDERS
from commonplace.ideas.services import DecisionDraft, IdeaDraft
from commonplace.knowledge.forms import OWN_WORDS, split_topics
from commonplace.people import selectors as people_selectors
from commonplace.people.models import User
from commonplace.search.forms import NamesSelect, similar_title

MARKDOWN_HINT = _(
    "Markdown: **bold**, *italic*, `code`, [a link](https://example.org), lists with -."
)
ORDER_LABELS = {
    "newest": _("Newest"),
    "supported": _("Most supported"),
    "waiting": _("Waiting longest"),
}
# The beginning of a problem says what it is about; the rest is not compared.
SIMILAR_READ = 500


class CheckedForm(forms.Form):
    """A form whose `checked()` gives its values or raises InvalidInput."""

    def checked(self) -> dict[str, Any]:
        if not self.is_valid():
            raise InvalidInput.from_form(self)
        return self.cleaned_data


class JudgedByService:
    """A field labelled as needed whose emptiness the service judges, so
    the refusal is the service's own words on the page and in the API; a
    decision record, for one, is needed for a decision stage only."""

    def validate(self, value: Any) -> None:
        """Nothing to refuse here: the service knows what is needed."""


class NeededText(JudgedByService, forms.CharField):
    pass


class NeededDate(JudgedByService, forms.DateField):
    pass


def _text(
    label: Any,
    *,
    rows: int = 6,
    limit: int = MAX_TEXT_LENGTH,
    help_text: Any = MARKDOWN_HINT,
    needed: bool = False,
) -> forms.CharField:
    """A Markdown text area; `needed` ones are labelled so, and their
    emptiness is the service's to refuse, with its own message."""
    field_class = NeededText if needed else forms.CharField
    return field_class(
        label=label,
        required=needed,
        strip=False,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows, "maxlength": limit, **OWN_WORDS}),
    )


def people_by_handle(viewer: permissions.Viewer, typed: str) -> list[User]:
    """The people named by their handles ("@ana, @bo" or "@ana @bo"), in
    the order typed, among the active people the viewer may see; a handle
    naming nobody is refused with its name, so a typo is not dropped."""
    names = [name.lstrip("@").lower() for name in typed.replace(",", " ").split()]
    wanted = list(dict.fromkeys(name for name in names if name))
    if not wanted:
        return []
    found = {
        person.handle: person
        for person in people_selectors.visible_people(viewer).filter(
            handle__in=wanted, is_active=True
        )
    }
    unknown = [f"@{name}" for name in wanted if name not in found]
    if unknown:
        raise forms.ValidationError(
            _("Nobody you can see has the handle %(handles)s."),
            params={"handles": ", ".join(unknown)},
            code="unknown",
        )
    return [found[name] for name in wanted]


class IdeaForm(CheckedForm):
    """Proposing an idea, or changing one: the problem comes first."""

    title = NeededText(
        label=_("Title"),
        required=True,
        strip=False,
        help_text=_("What would change, in a line."),
        # One more than allowed, so an over-long title reaches the service
        # and is refused with its message instead of silently cut.
        widget=forms.TextInput(attrs={"maxlength": MAX_TITLE_LENGTH + 1, **OWN_WORDS}),
    )
    problem = _text(
        _("The problem"),
        needed=True,
        help_text=_(
            "What hurts, for whom, and how we know: numbers, stories, "
            "links. Markdown works."
        ),
    )
    proposal = _text(_("The proposal"), help_text=_("What you would do about it."))
    impact = _text(
        _("Expected impact"),
        rows=3,
        help_text=_("What would be better, and how we would see it."),
    )
    topics = forms.CharField(
        label=_("Topics"),
        required=False,
        help_text=_("Comma-separated, at most five, e.g. Releases, CI"),
        widget=forms.TextInput(attrs={"autocomplete": "off", **OWN_WORDS}),
    )
    coauthors = forms.CharField(
        label=_("Co-authors"),
        required=False,
        help_text=_(
            "Their handles, comma-separated, e.g. @ana, @bo: they follow the "
            "idea and may edit it."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "translate": "no"}),
    )

    def __init__(self, *args: Any, viewer: permissions.Viewer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.viewer = viewer

    def clean_coauthors(self) -> list[User]:
        return people_by_handle(self.viewer, self.cleaned_data["coauthors"])

    def draft(self) -> IdeaDraft:
        values = self.checked()
        return IdeaDraft(
            title=values["title"],
            problem=values["problem"],
            proposal=values["proposal"],
            impact=values["impact"],
        )

    def topic_names(self) -> list[str]:
        return split_topics(self.checked()["topics"])


def similar_text(data: Any) -> str:
    """What an idea being written is about: its title, then the start of
    its problem; "" while that says too little to compare."""
    title = str(data.get("title", ""))
    problem = str(data.get("problem", ""))[:SIMILAR_READ]
    return similar_title(f"{title} {problem}")


class IdeaFilterForm(CheckedForm):
    """Which of a community's ideas to list, in which order."""

    stage = forms.TypedChoiceField(
        label=_("Stage"),
        coerce=int,
        required=False,
        empty_value=None,
        widget=NamesSelect,
        error_messages={"invalid_choice": _("Choose one of this community's stages.")},
    )
    order = forms.ChoiceField(
        label=_("Order"),
        choices=[(name, ORDER_LABELS[name]) for name in ORDERS],
        required=False,
        widget=QuickSelect,
        error_messages={
            "invalid_choice": _("Choose newest, most supported or waiting longest.")
        },
    )

    def __init__(self, data: Any, *, stages: list[Stage]) -> None:
        super().__init__(data)
        self.stages = {stage.pk: stage for stage in stages}
        choices = [("", _("Every stage")), *((s.pk, s.name) for s in stages)]
        self.fields["stage"].choices = choices  # type: ignore[attr-defined]

    def chosen_stage(self) -> Stage | None:
        stage_id = self.checked()["stage"]
        return None if stage_id is None else self.stages[stage_id]

    def chosen_order(self) -> str:
        return self.checked()["order"] or "newest"


class SupportForm(CheckedForm):
    action = forms.ChoiceField(
        choices=[("support", _("Support")), ("withdraw", _("Withdraw"))],
        error_messages={
            "required": _("Choose to support the idea or to withdraw."),
            "invalid_choice": _("Choose to support the idea or to withdraw."),
        },
    )


class FollowForm(CheckedForm):
    action = forms.ChoiceField(
        choices=[("follow", _("Follow")), ("unfollow", _("Unfollow"))],
        error_messages={
            "required": _("Choose to follow the idea or to stop."),
            "invalid_choice": _("Choose to follow the idea or to stop."),
        },
    )


class MoveForm(CheckedForm):
    """Moving an idea: the stage, a message, and for a decision stage the
    decision record (the service says what a record needs)."""

    stage = forms.TypedChoiceField(
        label=_("Move to"),
        coerce=int,
        widget=NamesSelect,
        error_messages={
            "required": _("Choose the stage to move the idea to."),
            "invalid_choice": _("Choose one of this community's other stages."),
        },
    )
    message = _text(
        _("Message"),
        rows=3,
        limit=MAX_MESSAGE_LENGTH,
        help_text=_("Why it moves: its authors, supporters and followers read it."),
    )
    decision = _text(_("Decision"), rows=4, needed=True)
    reasons = _text(_("Reasons"), rows=4, needed=True)
    alternatives = _text(_("Alternatives weighed"), rows=3)
    deciders = NeededText(
        label=_("Who decided"),
        required=True,
        help_text=_("People or a group, as they should be named."),
        widget=forms.TextInput(attrs={"maxlength": MAX_DECIDERS_LENGTH, **OWN_WORDS}),
    )
    review_on = NeededDate(
        label=_("Look again on"),
        required=True,
        help_text=_(
            "For a parked idea: the day it comes back to the leaders, after today."
        ),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Enter a date such as 2026-12-24.")},
    )

    def __init__(
        self, data: Any = None, *, stages: list[Stage], current: Stage, **kwargs: Any
    ) -> None:
        super().__init__(data, **kwargs)
        self.stages = {stage.pk: stage for stage in stages if stage.pk != current.pk}
        choices = [
            ("", _("Choose a stage")),
            *((pk, s.name) for pk, s in self.stages.items()),
        ]
        self.fields["stage"].choices = choices  # type: ignore[attr-defined]

    def shown_stage(self) -> Stage | None:
        """The stage chosen so far (bound or initial), to show the fields it needs."""
        value = self.data.get("stage") if self.is_bound else self.initial.get("stage")
        try:
            return self.stages.get(int(value or ""))
        except ValueError:
            return None

    def chosen_stage(self) -> Stage:
        return self.stages[self.checked()["stage"]]

    def decision_draft(self) -> DecisionDraft | None:
        """The record, when the chosen stage decides; None otherwise, so
        fields left from another choice are not sent."""
        if not self.chosen_stage().needs_decision:
            return None
        values = self.checked()
        return DecisionDraft(
            decision=values["decision"],
            reasons=values["reasons"],
            deciders=values["deciders"],
            alternatives=values["alternatives"],
            review_on=values["review_on"],
        )


class DecisionFilterForm(CheckedForm):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[
            ("", _("Every outcome")),
            *((k.value, k.label) for k in DECISION_KINDS),
        ],
        required=False,
        error_messages={"invalid_choice": _("Choose decided, declined or parked.")},
    )


class AddStageForm(CheckedForm):
    name = NeededText(
        label=_("Name"),
        required=True,
        widget=forms.TextInput(
            attrs={"maxlength": MAX_STAGE_NAME_LENGTH + 1, **OWN_WORDS}
        ),
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=StageKind.choices,
        initial=StageKind.STEP,
        help_text=_(
            "A step is on the way. Moving an idea to a decided, declined or "
            "parked stage needs a decision record."
        ),
        error_messages={"invalid_choice": _("Choose one of the kinds of stage.")},
    )


class RenameStageForm(CheckedForm):
    """One stage's form on an editor holding one per stage: ids and a
    label of its own, so each input is told apart."""

    name = NeededText(
        label=_("Name"),
        required=True,
        widget=forms.TextInput(
            attrs={"maxlength": MAX_STAGE_NAME_LENGTH + 1, **OWN_WORDS}
        ),
    )

    def __init__(self, data: Any = None, *, current: Stage, **kwargs: Any) -> None:
        super().__init__(data, auto_id=f"stage-{current.pk}-%s", **kwargs)
        self.fields["name"].label = _("Name of “%(name)s”") % {"name": current.name}


class StageActionForm(CheckedForm):
    action = forms.ChoiceField(
        choices=[
            ("rename", _("Rename")),
            ("up", _("Move up")),
            ("down", _("Move down")),
            ("delete", _("Delete")),
        ],
        error_messages={
            "required": _("Choose what to do with the stage."),
            "invalid_choice": _("Choose what to do with the stage."),
        },
    )


class WaitingDaysForm(CheckedForm):
    waiting_days = forms.IntegerField(
        label=_("Days an idea may wait"),
        help_text=_(
            "After this many days without a move, an idea is named in the "
            "leaders' weekly digest (1 to 365)."
        ),
        error_messages={
            "required": _("Choose between 1 and 365 days."),
            "invalid": _("Choose between 1 and 365 days."),
        },
    )
