"""The shapes of "people who can likely help" and of the directory of who
knows about what, in the API.

The values arrive as text and are checked by the pages' own forms
(`expertise.forms.HelpForm`, `DirectoryForm`), so both refuse the same
values with the same messages.

And asking for help: requests, declines, a person's routing
preferences, a community's rule and its figures.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from ninja import Field, Schema

from commonplace.people.schemas import PageQuery, PersonSummaryOut, TopicSummaryOut


class HelpQuery(Schema):
    title: str = Field("", description="The question's title as typed.")
    body: str = Field(
        "", description="Its text so far (the first 2,000 characters are read)."
    )
    topics: str = Field("", description="Topic names, separated by commas.")
    community: str = Field(
        "", description="The address of the community it is asked in."
    )
    size: int | None = Field(
        None, description="How many people, 1 to 10 (5 unless given)."
    )

    def form_data(self) -> dict[str, Any]:
        return {k: v for k, v in self.dict().items() if v is not None}


class SuggestionOut(Schema):
    """One person who can likely help, and why, in words."""

    person: PersonSummaryOut
    evidence: list[str]


class SuggestionListOut(Schema):
    items: list[SuggestionOut]


class DirectoryQuery(PageQuery):
    """Who knows about what, among which people; each is optional."""

    q: str = Field(
        "",
        description="A topic, or a few words from a question; parts between "
        "commas that name a topic count as that topic.",
    )
    team: str = Field("", description="A team's slug.")
    location: str = Field("", description="Part of a location.")

    def form_data(self) -> dict[str, Any]:
        return self.dict(exclude={"cursor", "size"})


class DirectoryItemOut(SuggestionOut):
    score: float = Field(
        ...,
        description="How strongly, beside the others listed: only the order "
        "means something (someone already asked this week may give third "
        "place to a lower score).",
    )


class DirectoryPageOut(Schema):
    items: list[DirectoryItemOut]
    next_cursor: str | None
    topics: list[TopicSummaryOut] = Field(
        ..., description="The topics the words were read as."
    )
    notes: list[str] = Field(
        ..., description="Why nobody is listed, when the words say nothing."
    )


class KnownTopicOut(Schema):
    """One topic a person has shown they know, from what the caller may read."""

    topic: TopicSummaryOut
    answers: int
    accepted: int
    writings: int = Field(..., description="Articles and notes.")
    evidence: list[str]


class KnownTopicListOut(Schema):
    items: list[KnownTopicOut]


class AskIn(Schema):
    people: list[int] = Field(
        ..., description="The ids of the people to ask, 1 to 10 at once."
    )


class AskCommunityIn(Schema):
    community: str = Field(..., description="The address of the community to ask.")


class DeclineIn(Schema):
    reason: str = Field(..., description="`not_my_area` or `no_time`.")


class HelpRequestOut(Schema):
    """One request for help; `declined` is the reason for the person asked
    and only whether they declined (`cannot_help`) for anyone else."""

    id: int
    post_id: int
    post_title: str = Field(..., alias="post.title")
    person: PersonSummaryOut
    asked_by: PersonSummaryOut | None
    via_community: str | None = Field(None, alias="via_community.slug")
    source: str
    created_at: datetime
    answered: bool
    declined: str


class HelpRequestListOut(Schema):
    items: list[HelpRequestOut]


class HelpRequestPageOut(HelpRequestListOut):
    next_cursor: str | None


class RequestsQuery(PageQuery):
    made: bool = Field(
        False, description="The requests you made, instead of those made of you."
    )


class PreferencesIn(Schema):
    opted_out: bool = False
    weekly_limit: int = Field(3, description="Requests a week at most, 1 to 3.")
    away_until: date | None = Field(
        None, description="Nobody asks you through this day (your time zone)."
    )


class PreferencesOut(PreferencesIn):
    pass


class RuleIn(Schema):
    mode: str = Field(..., description="`off`, `suggest` or `notify`.")
    top: int = Field(3, description="People to notify, 1 to 10.")
    after_minutes: int = Field(
        30, description="Minutes without an answer before notifying, at least 1."
    )


class RuleOut(RuleIn):
    notifying_since: datetime | None


class RoutingFiguresOut(Schema):
    routed: int
    answered_after: int
    median_before: timedelta | None
    median_after: timedelta | None
    requests: int
    people_asked: int
    busiest_share: float
    most_in_a_week: int
