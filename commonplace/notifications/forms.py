"""The preferences form: one checkbox per registered kind."""

from __future__ import annotations

from typing import Any

from django import forms

from commonplace.notifications.selectors import KindChoice

# What a browser sends with the boxes that is not a kind.
NOT_KINDS = {"csrfmiddlewaretoken"}


class PreferencesForm(forms.Form):
    """In-app on or off for each kind; a kind left unticked is off.

    A name that is not a kind is passed on as ticked, so the service
    refuses the whole change with its message instead of the page saving
    the rest as if nothing were wrong.
    """

    def __init__(self, *args: Any, choices: list[KindChoice], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for choice in choices:
            self.fields[choice.name] = forms.BooleanField(
                label=choice.label, required=False, initial=choice.in_app
            )

    def in_app(self) -> dict[str, bool]:
        unknown = {
            name: True
            for name in self.data
            if name not in self.fields and name not in NOT_KINDS
        }
        chosen = {name: bool(value) for name, value in self.cleaned_data.items()}
        return unknown | chosen
