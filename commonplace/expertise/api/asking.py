"""Asking for help in the API: the same services and reads as the pages,
so every refusal carries the same words.

Asking about a question needs to be its asker or a moderator of its
community (403 otherwise; 404 if the caller may not read it); a decline
names a request made of the caller (404 for anyone else's); a rule is
its community's leaders' (403).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router
from ninja.responses import Status

from commonplace import permissions
from commonplace.api.auth import acting_person
from commonplace.api.errors import with_errors
from commonplace.communities import selectors as community_selectors
from commonplace.core.errors import NotFound
from commonplace.expertise import selectors, services
from commonplace.expertise.availability import preference_of
from commonplace.expertise.forms import (
    AskCommunityForm,
    DeclineForm,
    PreferencesForm,
    RuleForm,
)
from commonplace.expertise.models import HelpRequest
from commonplace.expertise.schemas import (
    AskCommunityIn,
    AskIn,
    DeclineIn,
    HelpRequestListOut,
    HelpRequestOut,
    HelpRequestPageOut,
    PreferencesIn,
    PreferencesOut,
    RequestsQuery,
    RoutingFiguresOut,
    RuleIn,
    RuleOut,
)
from commonplace.knowledge import selectors as knowledge_selectors
from commonplace.knowledge.models import Post, PostKind
from commonplace.people.models import User

router = Router(tags=["expertise"])


def _question(viewer: User, post_id: int) -> Post:
    post = knowledge_selectors.access_post(viewer, post_id)
    if post.kind != PostKind.QUESTION:
        raise NotFound
    return post


def _reread(viewer: User, post: Post, made: list[HelpRequest]) -> dict[str, Any]:
    ids = {request.pk for request in made}
    found = [r for r in selectors.asked_about(viewer, post) if r.pk in ids]
    return {"items": found}


@router.post(
    "/questions/{post_id}/requests",
    response=with_errors(201, HelpRequestListOut),
    url_name="expertise-question-requests",
)
def ask(request: HttpRequest, post_id: int, payload: AskIn) -> Status[dict[str, Any]]:
    """Ask these people to help with a question: all of them, or none,
    with every reason someone may not be asked."""
    viewer = acting_person(request)
    post = _question(viewer, post_id)
    people = selectors.people_to_ask(viewer, payload.people)
    made = services.request_help(asker=viewer, post=post, people=people)
    return Status(201, _reread(viewer, post, made))


@router.post(
    "/questions/{post_id}/requests/community",
    response=with_errors(201, HelpRequestListOut),
    url_name="expertise-requests-community",
)
def ask_community(
    request: HttpRequest, post_id: int, payload: AskCommunityIn
) -> Status[dict[str, Any]]:
    """Ask the members of a community most likely to help."""
    viewer = acting_person(request)
    post = _question(viewer, post_id)
    form = AskCommunityForm({"community": payload.community}, viewer=viewer)
    community = form.checked()["community"]
    made = services.ask_community(asker=viewer, post=post, community=community)
    return Status(201, _reread(viewer, post, made))


@router.get(
    "/questions/{post_id}/requests",
    response=with_errors(200, HelpRequestListOut),
    url_name="expertise-question-requests",
)
def question_requests(request: HttpRequest, post_id: int) -> dict[str, Any]:
    """Who was asked about a question: for its asker and moderators."""
    viewer = acting_person(request)
    post = _question(viewer, post_id)
    permissions.require(viewer, "question.request_help", post)
    return {"items": selectors.asked_about(viewer, post)}


@router.get(
    "/requests",
    response=with_errors(200, HelpRequestPageOut),
    url_name="expertise-requests",
)
def requests(request: HttpRequest, query: Query[RequestsQuery]) -> dict[str, Any]:
    """Requests made of you, newest first (or made by you, `made=true`)."""
    viewer = acting_person(request)
    read = selectors.sent if query.made else selectors.received
    page = read(viewer, cursor=query.cursor, size=query.size)
    return {"items": page.items, "next_cursor": page.next_cursor}


@router.post(
    "/requests/{request_id}/decline",
    response=with_errors(200, HelpRequestOut),
    url_name="expertise-request-decline",
)
def decline(request: HttpRequest, request_id: int, payload: DeclineIn) -> HelpRequest:
    """Say no to a request made of you; "not my area" also lowers your
    place for questions like it."""
    viewer = acting_person(request)
    reason = DeclineForm({"reason": payload.reason}).checked()["reason"]
    declined = services.decline(person=viewer, request_id=request_id, reason=reason)
    return selectors.received_one(viewer, declined.pk)


@router.get(
    "/preferences",
    response=with_errors(200, PreferencesOut),
    url_name="expertise-preferences",
)
def preferences(request: HttpRequest) -> Any:
    """What you let others ask of you."""
    return preference_of(acting_person(request))


@router.put(
    "/preferences",
    response=with_errors(200, PreferencesOut),
    url_name="expertise-preferences",
)
def set_preferences(request: HttpRequest, payload: PreferencesIn) -> Any:
    values = PreferencesForm(payload.dict()).checked()
    return services.set_preferences(person=acting_person(request), **values)


@router.get(
    "/routing/{slug}",
    response=with_errors(200, RuleOut),
    url_name="expertise-routing",
)
def routing_rule(request: HttpRequest, slug: str) -> Any:
    """A community's routing rule: its leaders only."""
    viewer = acting_person(request)
    community = community_selectors.access_readable_community(viewer, slug)
    return selectors.rule_for(viewer, community)


@router.put(
    "/routing/{slug}",
    response=with_errors(200, RuleOut),
    url_name="expertise-routing",
)
def set_routing_rule(request: HttpRequest, slug: str, payload: RuleIn) -> Any:
    viewer = acting_person(request)
    community = community_selectors.access_readable_community(viewer, slug)
    selectors.rule_for(viewer, community)
    values = RuleForm(payload.dict()).checked()
    return services.set_rule(leader=viewer, community=community, **values)


@router.get(
    "/routing/{slug}/figures",
    response=with_errors(200, RoutingFiguresOut),
    url_name="expertise-routing-figures",
)
def routing_figures(request: HttpRequest, slug: str) -> Any:
    """How routing went in the community over 90 days: its leaders only."""
    viewer = acting_person(request)
    community = community_selectors.access_readable_community(viewer, slug)
    return selectors.figures(viewer, community)
