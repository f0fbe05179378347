"""The preferences form: one checkbox per registered kind."""

from __future__ import annotations

from typing import Any

from django import forms

from commonplace.notifications.selectors import KindChoice


class PreferencesForm(forms.Form):
    """In-app on or off for each kind; a kind left unticked is off."""

    def __init__(self, *args: Any, choices: list[KindChoice], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for choice in choices:
            self.fields[choice.name] = forms.BooleanField(
                label=choice.label, required=False, initial=choice.in_app
            )

    def in_app(self) -> dict[str, bool]:
        return {name: bool(value) for name, value in self.cleaned_data.items()}
