"""People who can likely help with a question, who knows about what, and
what a person knows about, in the API.

Suggestions are empty while the title is too short (under 8 characters)
to say what the question is about; a community the caller may not read
answers 400, as an address naming no community does. The directory is for
the organisation's members (404 for external members, as the people
directory). Only what the caller may see counts toward a suggestion, a
place in the directory, a known topic and their evidence.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from commonplace.api.auth import acting_person
from commonplace.api.errors import with_errors
from commonplace.expertise import selectors
from commonplace.expertise.forms import DirectoryForm, HelpForm
from commonplace.expertise.ranker import suggest_people
from commonplace.expertise.schemas import (
    DirectoryPageOut,
    DirectoryQuery,
    HelpQuery,
    KnownTopicListOut,
    SuggestionListOut,
)
from commonplace.people import selectors as people_selectors

router = Router(tags=["expertise"])


@router.get(
    "/suggestions",
    response=with_errors(200, SuggestionListOut),
    url_name="expertise-suggestions",
)
def suggestions(request: HttpRequest, query: Query[HelpQuery]) -> dict[str, Any]:
    """Up to `size` people most likely to answer the question well, best
    first, each with the evidence for it."""
    viewer = acting_person(request)
    form = HelpForm(query.form_data(), viewer=viewer)
    question = form.question()
    if question is None:
        return {"items": []}
    return {"items": suggest_people(viewer, question, size=form.how_many())}


@router.get(
    "/directory",
    response=with_errors(200, DirectoryPageOut),
    url_name="expertise-directory",
)
def directory(request: HttpRequest, query: Query[DirectoryQuery]) -> dict[str, Any]:
    """A page of the people who know most about `q`, best first, each with
    the evidence for it. Empty for a blank `q`, and with a note for words
    too short or common to say anything. A page link (`cursor`) ranks as
    of the first page's moment, for a day."""
    viewer = acting_person(request)
    form = DirectoryForm(query.form_data(), viewer=viewer)
    about = form.about()
    if about is None:
        notes = [form.note] if form.note else []
        return {"items": [], "next_cursor": None, "topics": [], "notes": notes}
    page = selectors.people_who_know(
        viewer, about, cursor=query.cursor, size=query.size
    )
    return {
        "items": page.items,
        "next_cursor": page.next_cursor,
        "topics": about.topics,
        "notes": [],
    }


@router.get(
    "/people/{person_id}/topics",
    response=with_errors(200, KnownTopicListOut),
    url_name="expertise-person-topics",
)
def person_topics(request: HttpRequest, person_id: int) -> dict[str, Any]:
    """The person's strongest topics (up to 5), from their answers,
    articles and notes in the communities the caller reads only; hidden
    and missing people are the same 404."""
    viewer = acting_person(request)
    person = people_selectors.access_person(viewer, person_id)
    return {"items": selectors.known_topics(viewer, person)}
