"""What "people who can likely help" is asked with, checked once for the
page and the API: the same bad value gets the same message in both."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from commonplace import permissions
from commonplace.communities import selectors as community_selectors
from commonplace.core.errors import InvalidInput
from commonplace.expertise.ranker import Question
from commonplace.knowledge.forms import split_topics
from commonplace.knowledge.models import MAX_TOPICS
from commonplace.people import selectors as people_selectors
from commonplace.search.forms import CommunityChoiceField, similar_title
from commonplace.topics.models import Topic

# The beginning of a body says what it is about; the rest is not read.
BODY_READ = 2000
MAX_SUGGESTED = 10


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
        found = (people_selectors.find_topic(name) for name in names)
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
