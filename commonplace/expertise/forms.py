"""What "people who can likely help" and "who knows about…" are asked
with, each checked once for the page and the API: the same bad value gets
the same message in both.

Asking for help too: whom to ask, a community to ask, a decline, one's
routing preferences and a community's rule.
"""

from __future__ import annotations

import itertools
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from commonplace import permissions
from commonplace.communities import selectors as community_selectors
from commonplace.core.errors import InvalidInput
from commonplace.expertise.models import HelpRequest, RoutingPreference, RoutingRule
from commonplace.expertise.ranker import Question
from commonplace.expertise.selectors import About
from commonplace.expertise.services.routing import MAX_WAIT_MINUTES
from commonplace.knowledge.forms import split_topics
from commonplace.knowledge.models import MAX_TOPICS
from commonplace.people import selectors as people_selectors
from commonplace.people.forms import DirectoryFilterForm
from commonplace.search.forms import CommunityChoiceField, similar_title
from commonplace.search.query import STOP_WORDS, SearchError, fold, parse
from commonplace.topics.models import Topic

# The beginning of a body says what it is about; the rest is not read.
BODY_READ = 2000
MAX_SUGGESTED = 10
MAX_ABOUT_LENGTH = 200
# Topic names looked up for one directory query, each one or two queries.
MAX_NAMES_TRIED = 8
# A word shorter than this says nothing about what someone knows.
MIN_WORD_LENGTH = 2


class HelpForm(forms.Form):
    community = CommunityChoiceField(
        queryset=None,
        to_field_name="slug",
        required=False,
        error_messages={
            "invalid_choice": _("No community you can read has that address.")
        },
    )
    title = forms.CharField(required=False, strip=True)
    body = forms.CharField(required=False)
    topics = forms.CharField(required=False)
    size = forms.IntegerField(required=False, min_value=1, max_value=MAX_SUGGESTED)

    def __init__(self, data: Any, *, viewer: permissions.Viewer) -> None:
        super().__init__(data)
        self.viewer = viewer
        readable = community_selectors.readable_communities(viewer)
        self.fields["community"].queryset = readable  # type: ignore[attr-defined]

    def clean_topics(self) -> list[Topic]:
        """The topics named, as the organisation knows them: an unknown or
        unbrowsable name counts for nothing rather than failing."""
        if not permissions.can(self.viewer, "browse_directory"):
            return []
        names = split_topics(self.cleaned_data["topics"])[:MAX_TOPICS]
        found = people_selectors.find_topics(names)
        return list({topic.pk: topic for topic in found if topic}.values())

    def question(self) -> Question | None:
        """The question to find people for; None while its title is too
        short to say what it is about. InvalidInput when a value is bad."""
        if not self.is_valid():
            raise InvalidInput.from_form(self)
        title = similar_title(self.cleaned_data["title"])
        if not title:
            return None
        return Question(
            title=title,
            body=self.cleaned_data["body"][:BODY_READ],
            topics=self.cleaned_data["topics"],
            community=self.cleaned_data["community"],
        )

    def how_many(self) -> int:
        """How many people to suggest (5 unless asked), once valid."""
        return self.cleaned_data.get("size") or 5


class DirectoryForm(DirectoryFilterForm):
    """What "who knows about…" is asked: a topic or a few words, narrowed
    by the people directory's own team and location fields, so both
    narrow alike.

    A part of the words (between commas) that names a topic counts as
    that topic; a part that names none has each of its words tried.
    """

    q = forms.CharField(
        label=_("Who knows about…"),
        required=False,
        max_length=MAX_ABOUT_LENGTH,
        help_text=_("A topic or a few words, e.g. Kubernetes or rotating keys"),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    topic = None  # type: ignore[assignment]  # the words name the topics

    def __init__(self, data: Any, *, viewer: permissions.Viewer) -> None:
        super().__init__(data, teams=people_selectors.team_choices(viewer))
        # Why the words give nobody, when they are too short or common.
        self.note = ""

    def about(self) -> About | None:
        """What to find people for; None when nothing was typed, or when
        the words say nothing (then `note` says why). InvalidInput when a
        value is bad."""
        if not self.is_valid():
            raise InvalidInput.from_form(self)
        words = self.cleaned_data["q"].strip()
        if not words:
            return None
        topics = _topics_named(words)
        if not topics and not _says_something(words):
            self.note = str(
                _(
                    "Those words are too short or too common to say who knows "
                    "about them. Type a topic, e.g. Kubernetes, or a few words "
                    "from a question."
                )
            )
            return None
        narrowing = people_selectors.DirectoryFilters(
            team=self.selected_team(), location=self.cleaned_data["location"]
        )
        return About(
            words=words,
            topics=topics,
            among=people_selectors.directory_filter(narrowing),
        )


def _topics_named(text: str) -> tuple[Topic, ...]:
    """The topics `text` names, at most MAX_TOPICS, looking up at most
    MAX_NAMES_TRIED names, together: each part as a whole, else its words
    (a part that names a topic counts as that topic alone)."""
    tried: list[list[str]] = []
    budget = MAX_NAMES_TRIED
    for part in split_topics(text):
        names = [part, *_meaningful_words(part)] if " " in part else [part]
        tried.append(names[:budget])
        budget -= len(tried[-1])
    looked_up = iter(people_selectors.find_topics(list(itertools.chain(*tried))))
    found: dict[int, Topic] = {}
    for names in tried:
        topics = [next(looked_up) for _name in names]
        named = topics[:1] if topics and topics[0] else topics[1:]
        for topic in filter(None, named):
            found.setdefault(topic.pk, topic)
    return tuple(found.values())[:MAX_TOPICS]


def _meaningful_words(part: str) -> list[str]:
    return [
        word
        for word in part.split()
        if len(word) >= MIN_WORD_LENGTH and fold(word) not in STOP_WORDS
    ]


def _says_something(words: str) -> bool:
    """Whether the words hold one a search can look for: not only common
    words, symbols or single letters."""
    try:
        query = parse(words)
    except SearchError:
        return False
    return any(
        len(word) >= MIN_WORD_LENGTH for term in query.included for word in term.words
    )


class PeopleField(forms.Field):
    """Person ids, as ticked boxes send them; anything else is refused."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {"invalid": _("Choose people from the list.")}

    def to_python(self, value: Any) -> list[int]:
        if not value:
            return []
        values = value if isinstance(value, list | tuple) else [value]
        try:
            ids = [int(item) for item in values]
        except (TypeError, ValueError):
            raise forms.ValidationError(
                self.error_messages["invalid"], code="invalid"
            ) from None
        return list(dict.fromkeys(ids))


class CheckedForm(forms.Form):
    """A form whose `checked()` gives its values or raises InvalidInput."""

    def checked(self) -> dict[str, Any]:
        if not self.is_valid():
            raise InvalidInput.from_form(self)
        return self.cleaned_data


class AskForm(CheckedForm):
    ask_for_help = PeopleField(required=False)


class AskCommunityForm(CheckedForm):
    community = CommunityChoiceField(
        queryset=None,
        to_field_name="slug",
        label=_("Community to ask"),
        error_messages={
            "required": _("Choose a community to ask."),
            "invalid_choice": _("No community you can read has that address."),
        },
    )

    def __init__(self, data: Any = None, *, viewer: permissions.Viewer) -> None:
        super().__init__(data)
        readable = community_selectors.readable_communities(viewer)
        self.fields["community"].queryset = readable  # type: ignore[attr-defined]


class DeclineForm(CheckedForm):
    reason = forms.ChoiceField(
        choices=HelpRequest.Decline.choices,
        error_messages={
            "required": _("Choose “Not my area” or “No time”."),
            "invalid_choice": _("Choose “Not my area” or “No time”."),
        },
    )


class PreferencesForm(CheckedForm):
    opted_out = forms.BooleanField(
        label=_("Do not ask me for help"),
        required=False,
        help_text=_("Nobody can ask you, and routing passes you by."),
    )
    weekly_limit = forms.TypedChoiceField(
        label=_("Requests a week, at most"),
        coerce=int,
        choices=[(n, str(n)) for n in range(1, RoutingPreference.MAX_WEEKLY + 1)],
        initial=RoutingPreference.MAX_WEEKLY,
        help_text=_("Counted Monday to Sunday in your own time zone."),
        error_messages={"invalid_choice": _("Choose 1, 2 or 3 requests a week.")},
    )
    away_until = forms.DateField(
        label=_("Away until"),
        required=False,
        help_text=_("Nobody asks you through this day. Leave empty when you are here."),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Enter a date such as 2026-12-24.")},
    )


class RuleForm(CheckedForm):
    mode = forms.ChoiceField(
        label=_("After a question is posted"),
        choices=RoutingRule.Mode.choices,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose off, suggest only, or notify.")},
    )
    top = forms.IntegerField(
        label=_("People to notify"),
        min_value=1,
        max_value=RoutingRule.MAX_TOP,
        initial=RoutingRule.DEFAULT_TOP,
        error_messages={
            "min_value": _("Notify at least one person."),
            "max_value": _("Notify at most %(limit_value)s people."),
        },
    )
    after_minutes = forms.IntegerField(
        label=_("Minutes without an answer before notifying"),
        min_value=1,
        max_value=MAX_WAIT_MINUTES,
        initial=RoutingRule.DEFAULT_MINUTES,
        error_messages={
            "min_value": _("Wait at least one minute."),
            "max_value": _("Wait at most a week (%(limit_value)s minutes)."),
        },
    )
