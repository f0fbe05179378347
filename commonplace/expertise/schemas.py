"""The shapes of "people who can likely help" in the API.

The values arrive as text and are checked by the page's own form
(`expertise.forms.HelpForm`), so both refuse the same values with the same
messages.
"""

from __future__ import annotations

from typing import Any

from ninja import Field, Schema

from commonplace.people.schemas import PersonSummaryOut


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
