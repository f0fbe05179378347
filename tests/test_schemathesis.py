"""The whole API against its own OpenAPI description, fuzzed in process.

Schemathesis reads the schema straight from the NinjaAPI object, generates
requests for every operation and sends them through the WSGI application,
as three people of a small world: a plain member, a community owner and an
external member, each with a personal access token. No answer may be a
5xx, and every answer must match what the schema says about it.

Path parameters may also name the world's real objects (created at fixed
ids), so requests reach real communities, members and requests, not only
things that do not exist. Generation is derandomized and bounded: the run
is the same every time and fits in the normal suite.
"""

from __future__ import annotations

import copy
import json
import re
import traceback
from urllib.parse import quote, urlencode

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from commonplace.accounts.services import create_access_token
from commonplace.api.api import api
from commonplace.communities.models import Role, Visibility
from commonplace.communities.tests.factories import (
    CommunityFactory,
    CommunityInvitationFactory,
    JoinRequestFactory,
    MembershipFactory,
)
from commonplace.config.wsgi import application
from commonplace.knowledge.tests.factories import (
    AnswerFactory,
    CommentFactory,
    PostFactory,
    ReportFactory,
)
from commonplace.people.tests.factories import (
    ExternalMemberFactory,
    FollowFactory,
    TeamFactory,
    UserFactory,
)
from commonplace.topics.tests.factories import TopicFactory

MAX_EXAMPLES = 12
CALLERS = ("member", "owner", "external")
# The caller kinds who belong nowhere near the secret community.
NON_MEMBERS = ("member", "external")
SECRET_SLUG = "hidden"
SETTINGS = settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)

# The world's real objects, at fixed ids, that generated paths may name.
SLUGS = ["open", "partners", SECRET_SLUG, "platform", "kubernetes"]
PEOPLE = {"owner": 9301, "member": 9302, "external": 9303, "colleague": 9304}
AIMS = {
    "slug": SLUGS,
    "membership_id": [9001, 9002, 9003, 9004, 9005, 9006],
    "request_id": [9101, 9102],
    "invitation_id": [9201, 9202, 9203],
    "person_id": list(PEOPLE.values()),
    "post_id": [9401, 9402],
    "answer_id": [9501],
    "comment_id": [9601],
    "report_id": [9701],
}


def _config(mode: str) -> schemathesis.Config:
    return schemathesis.Config.from_dict(
        {
            "generation": {
                "mode": mode,
                "max-examples": MAX_EXAMPLES,
                "deterministic": True,
                "with-security-parameters": False,
            },
            "phases": {"stateful": {"enabled": False}},
        }
    )


def _path_parameters(document):
    for operations in document["paths"].values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "path":
                    yield parameter


def _aimed(document):
    """Each path parameter may also name one of the world's real objects."""
    for parameter in _path_parameters(document):
        real = AIMS.get(parameter["name"])
        if real:
            parameter["schema"] = {"anyOf": [{"enum": real}, parameter["schema"]]}
    return document


def _about_the_secret_community(document):
    """Only the operations on one community, all aimed at the secret one."""
    document["paths"] = {
        path: operations
        for path, operations in document["paths"].items()
        if re.search(r"/communities/\{slug\}", path)
    }
    _aimed(document)
    for parameter in _path_parameters(document):
        if parameter["name"] == "slug":
            parameter["schema"] = {"type": "string", "enum": [SECRET_SLUG]}
    return document


DOCUMENT = api.get_openapi_schema()
schema = schemathesis.openapi.from_dict(
    _aimed(copy.deepcopy(DOCUMENT)), config=_config("all")
)
schema.app = application
secret_schema = schemathesis.openapi.from_dict(
    _about_the_secret_community(copy.deepcopy(DOCUMENT)), config=_config("positive")
)
secret_schema.app = application


def _build_world() -> dict[str, str]:
    """A few people in three communities; returns each caller's token."""
    team = TeamFactory(slug="platform")
    topic = TopicFactory(name="Kubernetes")
    people = {
        "owner": UserFactory(id=PEOPLE["owner"], team=team),
        "member": UserFactory(id=PEOPLE["member"], team=team),
        "external": ExternalMemberFactory(id=PEOPLE["external"]),
        "colleague": UserFactory(id=PEOPLE["colleague"], team=team),
    }
    owner, member, external, colleague = people.values()
    member.skills.add(topic)
    FollowFactory(follower=colleague, person=external)
    public = CommunityFactory(slug="open")
    public.topics.add(topic)
    partners = CommunityFactory(
        slug="partners", visibility=Visibility.PRIVATE, allows_externals=True
    )
    secret = CommunityFactory(slug=SECRET_SLUG, visibility=Visibility.SECRET)
    for pk, community, person, role in (
        (9001, public, owner, Role.OWNER),
        (9002, public, member, Role.MEMBER),
        (9003, partners, owner, Role.OWNER),
        (9004, partners, member, Role.LEADER),
        (9005, partners, external, Role.GUEST),
        (9006, secret, colleague, Role.OWNER),
    ):
        MembershipFactory(id=pk, community=community, person=person, role=role)
    JoinRequestFactory(id=9101, community=partners, person=colleague)
    JoinRequestFactory(id=9102, community=secret, person=UserFactory())
    CommunityInvitationFactory(id=9201, community=secret, email=member.email)
    CommunityInvitationFactory(id=9202, community=public, email=external.email)
    CommunityInvitationFactory(id=9203, community=partners)
    question = PostFactory(id=9401, community=public, author=member)
    PostFactory(id=9402, community=secret, author=colleague)
    answer = AnswerFactory(id=9501, post=question, author=owner)
    comment = CommentFactory(id=9601, post=question, answer=answer, author=member)
    ReportFactory(id=9701, post=None, comment=comment, reporter=owner)
    tokens = {}
    for name in CALLERS:
        person = people[name]
        _token, secret_token = create_access_token(
            person=person, created_by=person, name="fuzzing", expires_in_days=30
        )
        tokens[name] = secret_token
    return tokens


@pytest.fixture
def tokens(db):
    return _build_world()


@pytest.fixture
def server_errors():
    """Serve requests as the server would, inside the test's transaction,
    keeping the traceback of every exception a view let through."""
    errors: list[str] = []

    def record(sender, **kwargs):
        errors.append(traceback.format_exc())

    # Django's test client does the same: closing "old" connections at the
    # end of a request would end the test's transaction.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    signals.got_request_exception.connect(record)
    yield errors
    signals.got_request_exception.disconnect(record)
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def _checks(case):
    """Status codes are checked where the operation declares its errors."""
    declared = case.operation.definition.raw.get("responses", {})
    checks = [not_a_server_error, response_schema_conformance]
    if any(str(code).startswith("4") for code in declared):
        checks.append(status_code_conformance)
    return checks


def _as(token):
    return {"Authorization": f"Bearer {token}"}


@pytest.mark.parametrize("caller", CALLERS)
@schema.parametrize()
@SETTINGS
def test_every_operation_answers_as_its_schema_says(
    case, caller, tokens, server_errors
):
    case.call_and_validate(headers=_as(tokens[caller]), checks=_checks(case))

    assert server_errors == []


@pytest.mark.parametrize("caller", NON_MEMBERS)
@secret_schema.parametrize()
@SETTINGS
def test_a_secret_community_is_not_found_by_non_members_whatever_they_send(
    case, caller, tokens, server_errors
):
    response = case.call(headers=_as(tokens[caller]))

    # Text with NUL is refused at the door, before anything is looked up, so
    # that 400 says nothing about the community either.
    refused_at_the_door = response.status_code == 400 and "(NUL)" in response.text
    assert response.status_code == 404 or refused_at_the_door, response.text
    assert server_errors == []


# --- NUL characters ------------------------------------------------------------------
#
# PostgreSQL refuses text with NUL in it, with an error that becomes a 500
# unless the input is refused first; random generation rarely makes NUL,
# so every text input of every operation gets one request with it.

NUL = "a\x00b"
BENIGN = {"slug": "open", "email": "x@example.org"}


def _resolved(node):
    while "$ref" in node:
        node = DOCUMENT["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    return node


def _shape(node):
    """The schema of a value, past references and "or null"."""
    node = _resolved(node)
    for alternative in node.get("anyOf", []):
        if _resolved(alternative).get("type") != "null":
            return _shape(alternative)
    return node


def _benign(name, node):
    """An ordinary value for an input that is not the one being probed."""
    node = _shape(node)
    if "enum" in node:
        return node["enum"][0]
    if node.get("type") == "string":
        return BENIGN.get(name, BENIGN.get(node.get("format", ""), "x"))
    return {"integer": 9001, "number": 1, "boolean": False, "array": []}.get(
        node.get("type"), {}
    )


def _with_nul(node):
    return [NUL] if _shape(node).get("type") == "array" else NUL


def _takes_text(node):
    """Free text, or a list of it (enums and files are not free text)."""
    node = _shape(node)
    if node.get("type") == "array":
        node = _shape(node.get("items", {}))
    return node.get("type") == "string" and "enum" not in node and "format" not in node


def _json_body(operation):
    content = operation.get("requestBody", {}).get("content", {})
    schema = content.get("application/json", {}).get("schema")
    return None if schema is None else _resolved(schema)


def _text_inputs():
    """(method, path, where, name) for every text input of every operation."""
    for path, operations in DOCUMENT["paths"].items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                if _takes_text(parameter["schema"]):
                    yield method, path, parameter["in"], parameter["name"]
            body = _json_body(operation) or {}
            for name, node in body.get("properties", {}).items():
                if _takes_text(node):
                    yield method, path, "body", name


def _body_with_nul(operation, probed):
    """The required fields with ordinary values, and NUL in `probed`."""
    schema = _json_body(operation)
    if schema is None:
        return None
    properties = schema.get("properties", {})
    body = {
        field: _benign(field, properties[field]) for field in schema.get("required", [])
    }
    if probed is not None:
        body[probed] = _with_nul(properties[probed])
    return body


def _request_with_nul(method, path, where, name):
    """The operation's request, NUL in one input and ordinary values elsewhere."""
    operation = DOCUMENT["paths"][path][method]
    in_path = {
        parameter["name"]: _benign(parameter["name"], parameter["schema"])
        for parameter in operation.get("parameters", [])
        if parameter["in"] == "path"
    }
    query = {name: NUL} if where == "query" else {}
    if where == "path":
        in_path[name] = NUL
    url = path.format(**{key: quote(str(v), safe="") for key, v in in_path.items()})
    body = _body_with_nul(operation, name if where == "body" else None)
    return method.upper(), f"{url}?{urlencode(query)}" if query else url, body


@pytest.mark.parametrize(
    ("method", "path", "where", "name"),
    [pytest.param(*text, id=" ".join(text)) for text in _text_inputs()],
)
def test_a_nul_character_in_any_text_never_makes_a_server_error(
    method, path, where, name, tokens
):
    client = Client(raise_request_exception=False)
    verb, url, body = _request_with_nul(method, path, where, name)

    response = client.generic(
        verb,
        url,
        json.dumps(body) if body is not None else "",
        "application/json",
        headers=_as(tokens["owner"]),
    )

    assert response.status_code < 500
