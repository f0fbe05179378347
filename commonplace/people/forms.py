"""People forms: the shape of what is typed; the services decide meaning."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from commonplace.people.models import MAX_BIO_LENGTH, MAX_NAME_LENGTH, Team, User
from commonplace.topics.forms import suggested_topic_field

# The profile fields a person may change about themselves; the form has no
# others, so posted extras (team, manager, is_staff...) are never read.
PROFILE_FIELDS = ("display_name", "job_title", "location", "time_zone", "bio")


class DirectoryFilterForm(forms.Form):
    """The directory's filters; every one is optional."""

    q = forms.CharField(
        label=_("Name"),
        required=False,
        max_length=MAX_NAME_LENGTH,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    # Team names are the organisation's own words, not text to translate.
    team = forms.ChoiceField(
        label=_("Team"),
        required=False,
        widget=forms.Select(attrs={"translate": "no"}),
    )
    topic = forms.CharField(
        label=_("Topic"),
        required=False,
        max_length=100,
        help_text=_("A skill, e.g. Kubernetes"),
    )
    location = forms.CharField(label=_("Location"), required=False, max_length=100)

    def __init__(self, *args: Any, teams: Iterable[Team], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.teams = {team.slug: team for team in teams}
        team_field = cast(forms.ChoiceField, self.fields["team"])
        team_field.choices = [("", _("Any team"))] + [
            (slug, team.name) for slug, team in self.teams.items()
        ]

    def selected_team(self) -> Team | None:
        return self.teams.get(self.cleaned_data.get("team") or "")


def split_skills(text: str) -> list[str]:
    """ "Python, SQL ,," -> ["Python", "SQL"]: the names as typed, in order."""
    return [part.strip() for part in text.split(",") if part.strip()]


def _is_place(zone: str) -> bool:
    """Zones people choose from: "Europe/Lisbon" and "UTC", not "localtime"."""
    return "/" in zone or zone == "UTC"


class ProfileForm(forms.Form):
    """What a person says about themselves, and their photo.

    Team, manager and the external flag are not fields at all: they are
    shown read-only, and set by administrators.
    """

    display_name = forms.CharField(
        label=_("Display name"),
        strip=False,
        error_messages={"required": _("Enter the name people know you by.")},
        widget=forms.TextInput(
            attrs={"maxlength": MAX_NAME_LENGTH, "autocomplete": "name"}
        ),
    )
    job_title = forms.CharField(
        label=_("Job title"),
        required=False,
        strip=False,
        widget=forms.TextInput(
            attrs={"maxlength": 100, "autocomplete": "organization-title"}
        ),
    )
    location = forms.CharField(
        label=_("Location"),
        required=False,
        strip=False,
        help_text=_("The city or office you work from."),
        widget=forms.TextInput(attrs={"maxlength": 100}),
    )
    # A plain text value shown as a list: the service checks the zone, so
    # its message, not a generic "invalid choice", reaches the person.
    time_zone = forms.CharField(label=_("Time zone"), required=False)
    bio = forms.CharField(
        label=_("About you"),
        required=False,
        strip=False,
        # The person's own words: never machine-translated by the browser.
        widget=forms.Textarea(
            attrs={"rows": 5, "maxlength": MAX_BIO_LENGTH, "translate": "no"}
        ),
    )
    skills = forms.CharField(
        label=_("Skills"),
        required=False,
        help_text=_("Comma-separated, e.g. Python, Public speaking"),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    # Named "q" because the topic suggestions read what is typed from ?q=.
    q = suggested_topic_field(
        label=_("Add a skill"),
        help_text=_("Start typing to see skills others already use."),
        datalist_id="skill-suggestions",
    )
    avatar = forms.FileField(
        label=_("Photo"),
        required=False,
        help_text=_("A JPEG, PNG, GIF or WebP image of at most 5 MB."),
        widget=forms.FileInput(attrs={"accept": "image/*"}),
    )
    remove_avatar = forms.BooleanField(label=_("Remove photo"), required=False)

    def __init__(self, *args: Any, zones: Iterable[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["bio"].help_text = gettext(
            "Plain text, up to %(max)d characters."
        ) % {"max": MAX_BIO_LENGTH}
        # A zone set some other way (the API accepts every zone name) stays
        # listed, so saving the form never changes it silently.
        current = self.initial.get("time_zone") or ""
        self.fields["time_zone"].widget = forms.Select(
            choices=[("", _("Organisation default"))]
            + [
                (zone, zone)
                for zone in sorted(zones)
                if _is_place(zone) or zone == current
            ],
            # Zone names are identifiers, the same in every language.
            attrs={"translate": "no"},
        )

    @classmethod
    def initial_for(cls, person: User) -> dict[str, Any]:
        initial: dict[str, Any] = {
            field: getattr(person, field) for field in PROFILE_FIELDS
        }
        initial["skills"] = ", ".join(topic.name for topic in person.skills.all())
        return initial

    def profile_changes(self) -> dict[str, Any]:
        return {field: self.cleaned_data[field] for field in PROFILE_FIELDS}

    def skill_names(self) -> list[str]:
        """The comma list plus the one typed into "Add a skill"."""
        return split_skills(self.cleaned_data["skills"]) + split_skills(
            self.cleaned_data["q"]
        )
