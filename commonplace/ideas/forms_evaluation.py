"""Evaluation forms: criteria, evaluators, scores and the board's stage.

As in `forms.py`, the forms check the shape of what is typed and the
services judge its meaning: a weight off its range, weights all zero, a
score off the scale or a person who cannot read the community come back
with the service's own message on the field, beside what was typed.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from commonplace import permissions
from commonplace.ideas.forms import (
    CheckedForm,
    JudgedByService,
    NeededText,
    people_by_handle,
)
from commonplace.ideas.models import (
    MAX_COMMENT_LENGTH,
    MAX_CRITERION_NAME_LENGTH,
    MAX_SCORE,
    MAX_WEIGHT,
    MIN_SCORE,
    Criterion,
    EvaluatorAssignment,
    Score,
    Stage,
)
from commonplace.ideas.services import CriterionDraft
from commonplace.knowledge.forms import OWN_WORDS
from commonplace.people.models import User
from commonplace.search.forms import NamesSelect

MAX_DESCRIPTION_LENGTH = Criterion._meta.get_field("description").max_length or 300
SCALE = range(MIN_SCORE, MAX_SCORE + 1)


class CriterionForm(CheckedForm):
    """A criterion, new or one of several on the criteria page: each of
    those has ids and labels of its own, so every input is told apart."""

    name = NeededText(
        label=_("Name"),
        required=True,
        # One more than allowed, so an over-long name reaches the service.
        widget=forms.TextInput(
            attrs={"maxlength": MAX_CRITERION_NAME_LENGTH + 1, **OWN_WORDS}
        ),
    )
    # Its range, in words, is set per form, in the language of the request.
    weight = forms.IntegerField(
        label=_("Weight"),
        initial=1,
        widget=forms.NumberInput(attrs={"min": 0, "max": MAX_WEIGHT}),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        strip=False,
        help_text=_("What evaluators look at when they score it."),
        widget=forms.Textarea(
            attrs={"rows": 2, "maxlength": MAX_DESCRIPTION_LENGTH + 1, **OWN_WORDS}
        ),
    )

    def __init__(
        self, data: Any = None, *, current: Criterion | None = None, **kwargs: Any
    ) -> None:
        own = "new-criterion-%s" if current is None else f"criterion-{current.pk}-%s"
        super().__init__(data, auto_id=own, **kwargs)
        weight = self.fields["weight"]
        weight.help_text = _(
            "From 0 to %(max)d: how much it counts in an idea's score; 0 leaves it out."
        ) % {"max": MAX_WEIGHT}
        refusal = _("Give a weight from 0 to %(max)d.") % {"max": MAX_WEIGHT}
        weight.error_messages.update(required=refusal, invalid=refusal)
        if current is not None:
            names = {"name": current.name}
            self.fields["name"].label = _("Name of “%(name)s”") % names
            self.fields["weight"].label = _("Weight of “%(name)s”") % names
            self.fields["description"].label = _("Description of “%(name)s”") % names

    @classmethod
    def of(cls, criterion: Criterion) -> CriterionForm:
        """The form of a criterion as it is now."""
        initial = {
            "name": criterion.name,
            "weight": criterion.weight,
            "description": criterion.description,
        }
        return cls(initial=initial, current=criterion)

    def draft(self) -> CriterionDraft:
        values = self.checked()
        return CriterionDraft(
            name=values["name"],
            weight=values["weight"],
            description=values["description"],
        )


class CriterionActionForm(CheckedForm):
    action = forms.ChoiceField(
        choices=[("save", _("Save")), ("delete", _("Delete"))],
        error_messages={
            "required": _("Choose to save the criterion or to delete it."),
            "invalid_choice": _("Choose to save the criterion or to delete it."),
        },
    )


class EvaluatorForm(CheckedForm):
    """Asking one person to evaluate, named by their handle."""

    person = forms.CharField(
        label=_("Who"),
        help_text=_("Their handle, e.g. @ana: they are told they are asked."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "translate": "no"}),
        error_messages={"required": _("Name the person by their handle, e.g. @ana.")},
    )

    def __init__(self, data: Any = None, *, viewer: permissions.Viewer) -> None:
        super().__init__(data, auto_id="evaluator-%s")
        self.viewer = viewer

    def clean_person(self) -> User:
        people = people_by_handle(self.viewer, self.cleaned_data["person"])
        if len(people) != 1:
            raise forms.ValidationError(
                _("Name one person at a time, by their handle, e.g. @ana."),
                code="one",
            )
        return people[0]


class AssignmentActionForm(CheckedForm):
    """What to do on the evaluators page: ask someone, or stop asking one
    of the people asked (`assignment`, among those shown)."""

    action = forms.ChoiceField(
        choices=[("assign", _("Ask")), ("unassign", _("Stop asking"))],
        error_messages={
            "required": _("Choose to ask someone or to stop asking."),
            "invalid_choice": _("Choose to ask someone or to stop asking."),
        },
    )
    assignment = forms.TypedChoiceField(
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={
            "invalid_choice": _("Choose one of the people asked here."),
        },
    )

    def __init__(self, data: Any, *, removable: list[EvaluatorAssignment]) -> None:
        super().__init__(data)
        self.removable = {assignment.pk: assignment for assignment in removable}
        choices = [(pk, str(pk)) for pk in self.removable]
        self.fields["assignment"].choices = choices  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        chosen = cleaned.get("assignment") or self.has_error("assignment")
        if cleaned.get("action") == "unassign" and not chosen:
            self.add_error("assignment", _("Choose one of the people asked here."))
        return cleaned

    def chosen_action(self) -> str:
        return str(self.checked()["action"])

    def chosen_assignment(self) -> EvaluatorAssignment:
        return self.removable[self.checked()["assignment"]]


class ScoreChoice(JudgedByService, forms.TypedChoiceField):
    """A score from the scale; one left out, or off the scale, is the
    service's to refuse, with its message naming the criterion."""


class ScoreForm(CheckedForm):
    """An evaluator's scores, one field per criterion (`criterion_<id>`,
    as the service names them) with a comment beside each
    (`comment_<id>`)."""

    def __init__(
        self,
        data: Any = None,
        *,
        criteria: list[Criterion],
        earlier: dict[int, Score] | None = None,
    ) -> None:
        super().__init__(data, auto_id="score-%s")
        self.criteria = criteria
        earlier = earlier or {}
        scale = [("", _("Choose a score")), *((n, str(n)) for n in SCALE)]
        for criterion in criteria:
            before = earlier.get(criterion.pk)
            self.fields[f"criterion_{criterion.pk}"] = ScoreChoice(
                label=_("Score for “%(name)s”") % {"name": criterion.name},
                choices=scale,
                coerce=int,
                required=True,
                empty_value=None,
                initial=before.value if before else None,
                help_text=_("From %(min)d (poor) to %(max)d (excellent).")
                % {"min": MIN_SCORE, "max": MAX_SCORE},
                error_messages={
                    "invalid_choice": _("A score is from %(min)d to %(max)d.")
                    % {"min": MIN_SCORE, "max": MAX_SCORE}
                },
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Comment on “%(name)s”") % {"name": criterion.name},
                required=False,
                strip=False,
                initial=before.comment if before else "",
                widget=forms.Textarea(
                    attrs={"rows": 2, "maxlength": MAX_COMMENT_LENGTH, **OWN_WORDS}
                ),
            )

    def rows(self) -> list[tuple[Criterion, forms.BoundField, forms.BoundField]]:
        """Each criterion with its score and comment fields, for the page."""
        return [
            (c, self[f"criterion_{c.pk}"], self[f"comment_{c.pk}"])
            for c in self.criteria
        ]

    def values(self) -> dict[int, tuple[int, str]]:
        """Criterion id → (score, comment), for the criteria given a score."""
        cleaned = self.checked()
        return {
            c.pk: (cleaned[f"criterion_{c.pk}"], cleaned[f"comment_{c.pk}"])
            for c in self.criteria
            if cleaned[f"criterion_{c.pk}"] is not None
        }


class BoardForm(CheckedForm):
    """The stage whose ideas the board ranks; without one, the first
    stage that holds ideas, so the board opens on something to read."""

    stage = forms.TypedChoiceField(
        label=_("Stage"),
        coerce=int,
        required=False,
        empty_value=None,
        widget=NamesSelect,
        error_messages={"invalid_choice": _("Choose one of this community's stages.")},
    )

    def __init__(self, data: Any, *, stages: list[Stage]) -> None:
        first = next((stage.pk for stage in stages if stage.idea_count), None)
        if not data.get("stage") and first is not None:
            # The select then shows the stage the board shows.
            data = data.copy()
            data["stage"] = str(first)
        super().__init__(data)
        self.stages = {stage.pk: stage for stage in stages}
        choices = [(stage.pk, stage.name) for stage in stages]
        self.fields["stage"].choices = choices  # type: ignore[attr-defined]

    def chosen_stage(self) -> Stage | None:
        stage_id = self.checked()["stage"]
        return None if stage_id is None else self.stages[stage_id]
