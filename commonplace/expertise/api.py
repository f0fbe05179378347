"""People who can likely help with a question, in the API.

Empty while the title is too short (under 8 characters) to say what the
question is about; a community the caller may not read answers 400, as an
address naming no community does. Only what the caller may see counts
toward a suggestion and its evidence.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from commonplace.api.auth import acting_person
from commonplace.api.errors import with_errors
from commonplace.expertise.forms import HelpForm
from commonplace.expertise.ranker import suggest_people
from commonplace.expertise.schemas import HelpQuery, SuggestionListOut

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
