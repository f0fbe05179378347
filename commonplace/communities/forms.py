"""Community forms: the shape of what is typed; the services decide meaning.

Lengths, the goal a goal community needs, duplicate names and the roles a
person may grant are checked by the services, whose messages go onto the
fields here, so a refused value always keeps what the person typed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, cast

from django import forms
from django.forms.boundfield import BoundField, BoundWidget
from django.utils.translation import gettext_lazy as _

from commonplace.communities.models import (
    COVER_COLOURS,
    MAX_NAME_LENGTH,
    MAX_PURPOSE_LENGTH,
    Community,
    Kind,
    Role,
    Visibility,
)
from commonplace.people.models import MAX_NAME_LENGTH as MAX_PERSON_NAME_LENGTH

# The details a person describes a community with; the form has no others,
# so posted extras (member_count, created_by, slug...) are never read.
DETAIL_FIELDS = (
    "name",
    "purpose",
    "kind",
    "goal",
    "visibility",
    "allows_externals",
    "cover_colour",
)

KIND_EXPLANATIONS = {
    Kind.PRACTICE: _("People who share a craft and learn from each other."),
    Kind.GOAL: _("People working towards one stated goal, for as long as it takes."),
    Kind.TEAM: _("A team's own place for its work and news."),
    Kind.INTEREST: _("People who share an interest, at work or beyond it."),
}
VISIBILITY_EXPLANATIONS = {
    Visibility.PUBLIC: _(
        "Everyone in the organisation sees it and reads it, and anyone may join."
    ),
    Visibility.PRIVATE: _(
        "Everyone in the organisation sees its name, purpose and leaders; only "
        "members read it. People ask to join and leaders decide, or are invited."
    ),
    Visibility.SECRET: _(
        "Only its members know it exists and read it. People join by invitation only."
    ),
}
SORT_CHOICES = [
    ("size", _("Largest first")),
    ("newest", _("Newest first")),
    ("active", _("Most active")),
]


def split_topics(text: str) -> list[str]:
    """ "Python, SQL ,," -> ["Python", "SQL"]: the names as typed, in order."""
    return [part.strip() for part in text.split(",") if part.strip()]


def _described(
    field: BoundField, explanations: dict[Any, Any]
) -> Iterator[tuple[BoundWidget, Any]]:
    for radio in field:
        yield radio, explanations.get(radio.data["value"], "")


class CommunityForm(forms.Form):
    """Starting a community, or changing what it says about itself."""

    name = forms.CharField(
        label=_("Name"),
        strip=False,
        error_messages={"required": _("Give the community a name.")},
        # Names and purposes are people's own words: never machine-translated.
        widget=forms.TextInput(attrs={"maxlength": MAX_NAME_LENGTH, "translate": "no"}),
    )
    purpose = forms.CharField(
        label=_("Purpose"),
        strip=False,
        help_text=_("What the community is for, and who it is for."),
        error_messages={"required": _("Say what the community is for.")},
        widget=forms.Textarea(
            attrs={"rows": 4, "maxlength": MAX_PURPOSE_LENGTH, "translate": "no"}
        ),
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=Kind.choices,
        initial=Kind.PRACTICE,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose one of the kinds.")},
    )
    goal = forms.CharField(
        label=_("Goal"),
        required=False,
        strip=False,
        help_text=_("Needed for a goal community: what should change, and by when."),
        widget=forms.Textarea(
            attrs={"rows": 3, "maxlength": MAX_PURPOSE_LENGTH, "translate": "no"}
        ),
    )
    visibility = forms.ChoiceField(
        label=_("Who can see it"),
        choices=Visibility.choices,
        initial=Visibility.PUBLIC,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose who can see it.")},
    )
    allows_externals = forms.BooleanField(
        label=_("External members may be invited"),
        required=False,
        help_text=_(
            "People from other organisations, invited by its leaders. They "
            "see only the communities they are invited into."
        ),
    )
    topics = forms.CharField(
        label=_("Topics"),
        required=False,
        help_text=_("Comma-separated, e.g. Python, Public speaking"),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    cover_colour = forms.ChoiceField(
        label=_("Cover colour"),
        choices=COVER_COLOURS,
        initial=COVER_COLOURS[0][0],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose one of the colours.")},
    )
    cover_image = forms.FileField(
        label=_("Cover image"),
        required=False,
        help_text=_(
            "A JPEG, PNG, GIF or WebP image of at most 5 MB, shown wide "
            "above the name instead of the colour."
        ),
        widget=forms.FileInput(attrs={"accept": "image/*"}),
    )
    remove_cover_image = forms.BooleanField(
        label=_("Remove the cover image"), required=False
    )

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not editing:
            del self.fields["remove_cover_image"]

    @classmethod
    def initial_for(cls, community: Community) -> dict[str, Any]:
        initial: dict[str, Any] = {
            field: getattr(community, field) for field in DETAIL_FIELDS
        }
        initial["topics"] = ", ".join(topic.name for topic in community.topics.all())
        return initial

    def details(self) -> dict[str, Any]:
        return {field: self.cleaned_data[field] for field in DETAIL_FIELDS}

    def topic_names(self) -> list[str]:
        return split_topics(self.cleaned_data["topics"])

    @property
    def kind_options(self) -> Iterator[tuple[BoundWidget, Any]]:
        return _described(self["kind"], KIND_EXPLANATIONS)

    @property
    def visibility_options(self) -> Iterator[tuple[BoundWidget, Any]]:
        return _described(self["visibility"], VISIBILITY_EXPLANATIONS)


class DirectoryFilterForm(forms.Form):
    """The directory's filters; every one is optional."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        help_text=_("Words from the name or purpose"),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("Any kind")), *Kind.choices],
    )
    topic = forms.CharField(
        label=_("Topic"),
        required=False,
        max_length=100,
        help_text=_("A topic, e.g. Kubernetes"),
    )
    sort = forms.ChoiceField(
        label=_("Sort"), required=False, choices=SORT_CHOICES, initial="size"
    )


class MemberFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Name"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    role = forms.ChoiceField(
        label=_("Role"), required=False, choices=[("", _("Any role")), *Role.choices]
    )


class JoinRequestForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the leaders"),
        required=False,
        strip=False,
        help_text=_("Optional: why you would like to join."),
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 1000}),
    )


class AdministratorJoinForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        strip=False,
        help_text=_(
            "Why you need to enter. The reason is kept in the community's "
            "audit trail, which its owners see."
        ),
        error_messages={"required": _("Say why you need to enter this community.")},
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": 500}),
    )


def _role_choices(roles: Iterable[str]) -> list[tuple[str, Any]]:
    labels = dict(Role.choices)
    return [(role, labels[role]) for role in roles]


class InvitationForm(forms.Form):
    """Invite an address; roles are those the inviting person may grant."""

    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        help_text=_("Someone with an account, or an address without one yet."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    role = forms.ChoiceField(
        label=_("Role"),
        initial=Role.MEMBER,
        error_messages={"invalid_choice": _("Choose one of the roles listed.")},
    )
    as_external = forms.BooleanField(
        label=_("From another organisation"),
        required=False,
        help_text=_("For an address without an account: it becomes an external one."),
    )
    organisation = forms.CharField(
        label=_("Organisation"),
        required=False,
        max_length=100,
        help_text=_("Needed for someone from another organisation."),
    )

    def __init__(
        self,
        *args: Any,
        roles: Iterable[str],
        allows_externals: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        role_field = cast(forms.ChoiceField, self.fields["role"])
        role_field.choices = _role_choices(roles)
        if not allows_externals:
            del self.fields["as_external"]
            del self.fields["organisation"]

    def invitation(self) -> dict[str, Any]:
        return {
            "email": self.cleaned_data["email"],
            "role": self.cleaned_data["role"],
            "as_external": self.cleaned_data.get("as_external", False),
            "organisation": self.cleaned_data.get("organisation", ""),
        }


class RoleForm(forms.Form):
    """A new role for one member; the service decides who may grant it."""

    role = forms.ChoiceField(
        label=_("Role"),
        choices=Role.choices,
        error_messages={"invalid_choice": _("That role does not exist.")},
    )


class DecisionForm(forms.Form):
    approve = forms.TypedChoiceField(
        choices=[("1", _("Approve")), ("0", _("Decline"))],
        coerce=lambda value: value == "1",
    )


class NewAccountForm(forms.Form):
    """The account an invited address without one creates from its link."""

    display_name = forms.CharField(
        label=_("Your name"),
        help_text=_("The name colleagues know you by."),
        strip=False,
        error_messages={"required": _("Enter the name people know you by.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "name", "maxlength": MAX_PERSON_NAME_LENGTH}
        ),
    )
    password = forms.CharField(
        label=_("Password"),
        help_text=_("At least 10 characters; not a common password."),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
