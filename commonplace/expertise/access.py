"""Who gets what from "people who can likely help" and "who knows about".

Suggestions are for anyone signed in, external members too: what counts
toward each is narrowed to what they may read inside the ranker. A
community to ask in must be one the viewer reads; any other answers 400,
exactly as an address naming no community does. The page's fragment
answers a visitor whose session ended with nothing (204).

The directory of who knows about what is the organisation's, as the
people directory is: external members get 404. What a person knows about
follows who may see the person (their page's rule), and counts only the
communities the viewer reads.

Asking for help: the world's plain member asked every question here, so
"the asker" is the member. Asking about a question is for its asker and
the community's moderators and above; guests who read it get 403, those
who may not read it 404. A community's routing rule and figures are its
leaders'. A request is declined only by the person asked (the member
here); anyone else finds nothing (404). Asking a community with nobody in
it who knows the subject answers 400 with the reason.
"""

import importlib

from commonplace.communities.access_common import at_least
from commonplace.core.access import (
    ADMINISTRATOR,
    ANONYMOUS,
    API_MEMBERS_ONLY,
    API_SIGNED_IN,
    EXTERNAL,
    MEMBER,
    MEMBERS_ONLY,
    SIGNED_IN,
    Route,
)
from commonplace.knowledge.access_api import JSON, acts
from commonplace.knowledge.access_pages import for_readers
from commonplace.people.access import (
    API_ADMINISTRATORS_ONLY,
    API_HIDDEN_FROM_EXTERNALS,
)
from commonplace.search.access import FRAGMENT, filtered

# A page link not made by the directory: 400 for those who may browse it.
BAD_LINK = {ANONYMOUS: 302, MEMBER: 400, EXTERNAL: 404, ADMINISTRATOR: 400}
API_BAD_LINK = {ANONYMOUS: 401, MEMBER: 400, EXTERNAL: 404, ADMINISTRATOR: 400}


def _question(world):
    return {"title": "Why does the build fail?", "topics": "kubernetes"}


def _in_community(world):
    return {**_question(world), "community": world.community.slug}


def _topic(world):
    return {"q": world.topic.name}


def _bad_link(world):
    return {"q": world.topic.name, "cursor": "not-a-cursor"}


def _person(name):
    return lambda world: {"person_id": getattr(world, name).pk}


ROUTES = [
    Route("expertise:suggestions", expect=FRAGMENT, method="POST", data=_question),
    Route(
        "expertise:suggestions",
        expect_in_community=filtered(204),
        method="POST",
        data=_in_community,
        label="in one community",
    ),
    Route("api:expertise-suggestions", expect=API_SIGNED_IN, data=_question),
    Route(
        "api:expertise-suggestions",
        expect_in_community=filtered(401),
        data=_in_community,
        label="in one community",
    ),
    Route("expertise:directory", expect=MEMBERS_ONLY, label="asked nothing"),
    Route("expertise:directory", expect=MEMBERS_ONLY, data=_topic),
    Route(
        "expertise:directory",
        expect=BAD_LINK,
        data=_bad_link,
        label="with a bad page link",
    ),
    Route("api:expertise-directory", expect=API_MEMBERS_ONLY, data=_topic),
    Route(
        "api:expertise-directory",
        expect=API_BAD_LINK,
        data=_bad_link,
        label="with a bad page link",
    ),
    Route(
        "api:expertise-person-topics",
        expect=API_HIDDEN_FROM_EXTERNALS,
        kwargs=_person("colleague"),
        label="colleague",
    ),
    Route(
        "api:expertise-person-topics",
        expect=API_SIGNED_IN,
        kwargs=_person("partner_contact"),
        label="partner contact",
    ),
    Route(
        "api:expertise-person-topics",
        expect=API_ADMINISTRATORS_ONLY,
        kwargs=_person("deactivated"),
        label="deactivated",
    ),
]


ASKS = at_least(MEMBER)
LEADS = at_least("leader")
SAVED = {ANONYMOUS: 302, MEMBER: 302, EXTERNAL: 302, ADMINISTRATOR: 302}
RULE = {"mode": "notify", "top": 2, "after_minutes": 15}


def _factory(app, name):
    """A test factory, loaded only when the matrix runs."""
    return getattr(importlib.import_module(f"commonplace.{app}.tests.factories"), name)


def _waiting_question(w):
    return _factory("knowledge", "PostFactory")(community=w.community, author=w.member)


def _pk(w):
    return {"pk": _waiting_question(w).pk}


def _post_id(w):
    return {"post_id": _waiting_question(w).pk}


def _helper(w):
    """Someone who reads the question's community and may be asked."""
    person = _factory("people", "UserFactory")()
    _factory("communities", "MembershipFactory")(community=w.community, person=person)
    return person


def _request_of_member(w):
    from commonplace.expertise.models import HelpRequest

    request = HelpRequest.objects.create(
        post=_waiting_question(w),
        person=w.member,
        asked_by=w.owner,
        source=HelpRequest.Source.PERSON,
        created_at=_waiting_question(w).created_at,
    )
    return request.pk


def _declines(visibility, viewer):
    return 302 if viewer in (ANONYMOUS, MEMBER) else 404


def _api_declines(visibility, viewer):
    return {ANONYMOUS: 401, MEMBER: 200}.get(viewer, 404)


def _slug(w):
    return {"slug": w.community.slug}


ASKING_ROUTES = [
    Route("expertise:help", expect_in_community=for_readers(ASKS), kwargs=_pk),
    Route(
        "expertise:request",
        method="POST",
        expect_in_community=for_readers(ASKS, ok=302),
        kwargs=_pk,
        data=lambda w: {"ask_for_help": _helper(w).pk},
    ),
    Route(
        "expertise:ask-community",
        method="POST",
        expect_in_community=for_readers(ASKS, ok=400),
        kwargs=_pk,
        data=lambda w: {"community": w.community.slug},
        label="nobody to ask",
    ),
    Route("expertise:requests", expect=SIGNED_IN),
    Route(
        "expertise:requests",
        method="POST",
        expect=SAVED,
        data=lambda w: {"weekly_limit": 2},
        label="preferences",
    ),
    Route(
        "expertise:decline",
        method="POST",
        expect_in_community=_declines,
        kwargs=lambda w: {"pk": _request_of_member(w)},
        data=lambda w: {"reason": "no_time"},
    ),
    Route("expertise:routing", expect_in_community=for_readers(LEADS), kwargs=_slug),
    Route(
        "expertise:routing",
        method="POST",
        expect_in_community=for_readers(LEADS, ok=302),
        kwargs=_slug,
        data=lambda w: RULE,
    ),
    Route(
        "api:expertise-question-requests",
        method="POST",
        expect_in_community=acts(ASKS, ok=201),
        kwargs=_post_id,
        data=lambda w: {"people": [_helper(w).pk]},
        content_type=JSON,
    ),
    Route(
        "api:expertise-requests-community",
        method="POST",
        expect_in_community=acts(ASKS, ok=400),
        kwargs=_post_id,
        data=lambda w: {"community": w.community.slug},
        content_type=JSON,
        label="nobody to ask",
    ),
    Route(
        "api:expertise-question-requests",
        expect_in_community=acts(ASKS),
        kwargs=_post_id,
    ),
    Route("api:expertise-requests", expect=API_SIGNED_IN),
    Route(
        "api:expertise-request-decline",
        method="POST",
        expect_in_community=_api_declines,
        kwargs=lambda w: {"request_id": _request_of_member(w)},
        data=lambda w: {"reason": "not_my_area"},
        content_type=JSON,
    ),
    Route("api:expertise-preferences", expect=API_SIGNED_IN),
    Route(
        "api:expertise-preferences",
        method="PUT",
        expect=API_SIGNED_IN,
        data=lambda w: {"weekly_limit": 2},
        content_type=JSON,
    ),
    Route("api:expertise-routing", expect_in_community=acts(LEADS), kwargs=_slug),
    Route(
        "api:expertise-routing",
        method="PUT",
        expect_in_community=acts(LEADS),
        kwargs=_slug,
        data=lambda w: RULE,
        content_type=JSON,
    ),
    Route(
        "api:expertise-routing-figures",
        expect_in_community=acts(LEADS),
        kwargs=_slug,
    ),
]


# Asking for help: requests, declines, preferences, routing rules.
ROUTES += ASKING_ROUTES
