"""What the search box and its filters accept, for the page and the API.

One form checks both: the page shows its errors beside the fields it keeps
filled, the API answers them as 400 with the same messages
(`InvalidInput.from_form`). Every filter is checked to name something the
viewer may see (a community they read, a person they see), so an unknown
name and a hidden one get the same answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from commonplace import permissions
from commonplace.communities import selectors as community_selectors
from commonplace.communities.models import Community
from commonplace.core.errors import InvalidInput
from commonplace.core.widgets import QuickSelect
from commonplace.knowledge.models import PostKind
from commonplace.people import selectors as people_selectors
from commonplace.people.models import User
from commonplace.search import registry
from commonplace.search.registry import Filters
from commonplace.search.selectors import ORDERS
from commonplace.topics.models import Topic

STATUSES = {
    "answered": _("Answered"),
    "unanswered": _("Unanswered"),
    "accepted": _("With an accepted answer"),
}
ORDER_LABELS = {"relevance": _("Best match"), "newest": _("Newest first")}
# The tabs of the search page, in this order; kinds registered later follow.
KIND_ORDER = ("post", "person", "community", "topic")
# Fewer characters than this say too little to look for similar questions.
MIN_SIMILAR_TITLE_LENGTH = 8
# The search reads 500 characters; past this, a title is not one.
MAX_SIMILAR_TITLE_LENGTH = 500


def _one_of(choices: Any) -> str:
    return ", ".join(str(label).lower() for value, label in choices if value)


class NamesSelect(QuickSelect):
    """A <select> whose options (other than "any") are names, which stay
    as they are in every language."""

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(*args, **kwargs)
        if option["value"]:
            option["attrs"]["translate"] = "no"
        return option


class CommunityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


@dataclass(frozen=True)
class SearchArguments:
    """A checked search, as `selectors.search` takes it."""

    text: str
    kind: str
    filters: Filters
    order: str


class SearchForm(forms.Form):
    """The words, the kind of thing, the filters (posts only) and the order.

    `viewer` decides which communities may be chosen and whose names count
    as an author.
    """

    q = forms.CharField(
        label=_("Search for"),
        required=False,
        widget=forms.TextInput(
            attrs={"type": "search", "autocomplete": "off", "translate": "no"}
        ),
    )
    kind = forms.ChoiceField(label=_("Search in"), required=False)
    community = CommunityChoiceField(
        label=_("Community"),
        required=False,
        queryset=Community.objects.none(),
        to_field_name="slug",
        empty_label=_("Any community"),
        widget=NamesSelect,
        error_messages={
            "invalid_choice": _(
                "No community you can read has that address. Choose one from the list."
            )
        },
    )
    topic = forms.CharField(
        label=_("Topic"),
        required=False,
        help_text=_("The topic's name or address, e.g. kubernetes."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    author = forms.CharField(
        label=_("Author"),
        required=False,
        help_text=_("Their @handle, as on their profile."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    after = forms.DateField(
        label=_("Written on or after"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter a date as YYYY-MM-DD, e.g. 2024-03-31.")},
    )
    before = forms.DateField(
        label=_("Written on or before"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter a date as YYYY-MM-DD, e.g. 2024-03-31.")},
    )
    status = forms.ChoiceField(
        label=_("Answers"),
        required=False,
        choices=[("", _("Any")), *STATUSES.items()],
    )
    post_kind = forms.ChoiceField(
        label=_("Kind of post"),
        required=False,
        choices=[("", _("Any kind")), *PostKind.choices],
    )
    order = forms.ChoiceField(
        label=_("Order"),
        required=False,
        choices=list(ORDER_LABELS.items()),
    )

    def __init__(self, *args: Any, viewer: permissions.Viewer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.viewer = viewer
        kinds = [(kind.name, kind.label) for kind in searchable_kinds()]
        self.fields["kind"].choices = kinds  # type: ignore[attr-defined]
        readable = community_selectors.readable_communities(viewer)
        self.fields["community"].queryset = readable  # type: ignore[attr-defined]
        for name, choices in (
            ("kind", kinds),
            ("status", self.fields["status"].choices),  # type: ignore[attr-defined]
            ("post_kind", self.fields["post_kind"].choices),  # type: ignore[attr-defined]
            ("order", self.fields["order"].choices),  # type: ignore[attr-defined]
        ):
            self.fields[name].error_messages["invalid_choice"] = _(
                "Choose one of: %(choices)s."
            ) % {"choices": _one_of(choices)}

    def community_options(self) -> list[tuple[str, str]]:
        """(address, name) of the communities that may be chosen, for the
        template to write as options (see search/_community_field.html)."""
        communities = self.fields["community"].queryset  # type: ignore[attr-defined]
        return list(communities.values_list("slug", "name"))

    def clean_kind(self) -> str:
        return self.cleaned_data["kind"] or "post"

    def clean_order(self) -> str:
        return self.cleaned_data["order"] or ORDERS[0]

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
        text = self.cleaned_data["author"].strip().removeprefix("@").lower()
        if not text:
            return None
        person = (
            people_selectors.visible_people(self.viewer).filter(handle=text).first()
        )
        if person is None:
            raise forms.ValidationError(
                _("Nobody you can see has the handle @%(handle)s."),
                params={"handle": text},
            )
        return person

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        after, before = cleaned.get("after"), cleaned.get("before")
        if after and before and after > before:
            self.add_error(
                "before", _("This date is before the start date: swap them round.")
            )
        kind = cleaned.get("kind")
        if kind and not self.errors:
            searchable = registry.kind(kind)
            unsupported = sorted(self.filters().used() - searchable.filters)
            if unsupported:
                names = ", ".join(str(self.fields[name].label) for name in unsupported)
                raise forms.ValidationError(
                    _("%(kind)s cannot be narrowed by: %(filters)s.")
                    % {"kind": searchable.label, "filters": names.lower()}
                )
        return cleaned

    def filters(self) -> Filters:
        """The checked filters; call after `is_valid()`."""
        data = self.cleaned_data
        community, topic, author = (
            data.get(n) for n in ("community", "topic", "author")
        )
        return Filters(
            community_id=community.pk if community else None,
            topic_id=topic.pk if topic else None,
            author_id=author.pk if author else None,
            after=data.get("after"),
            before=data.get("before"),
            status=data.get("status") or "",
            post_kind=data.get("post_kind") or "",
        )

    def arguments(self) -> SearchArguments:
        """The search to run; InvalidInput (with every field's messages)
        when the form is not valid."""
        if not self.is_valid():
            raise InvalidInput.from_form(self)
        return SearchArguments(
            text=self.cleaned_data["q"],
            kind=self.cleaned_data["kind"],
            filters=self.filters(),
            order=self.cleaned_data["order"],
        )


def searchable_kinds() -> list[registry.SearchableKind]:
    """Every kind the search box finds, posts first."""

    def place(kind: registry.SearchableKind) -> int:
        return (
            KIND_ORDER.index(kind.name) if kind.name in KIND_ORDER else len(KIND_ORDER)
        )

    return sorted(registry.kinds(), key=place)


def similar_title(text: str) -> str:
    """The title typed so far, or "" while it is too short to compare."""
    title = text.strip()[:MAX_SIMILAR_TITLE_LENGTH]
    return title if len(title) >= MIN_SIMILAR_TITLE_LENGTH else ""
