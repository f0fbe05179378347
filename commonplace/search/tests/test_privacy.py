"""Search never finds, ranks or names what the viewer may not see.

Every kind of viewer against a public, a private and a secret community:
the posts (found by their own words and by their replies' words), the
community's name as a search result and as a suggestion, and the similar
questions while asking. Removed posts stay out for everyone. The same
tests run on SQLite and on PostgreSQL.
"""

import pytest
from django.urls import reverse

from commonplace.communities.tests.factories import (
    STANDINGS,
    CommunityFactory,
    person_in_standing,
)
from commonplace.knowledge.services import delete_contribution
from commonplace.knowledge.tests.factories import AnswerFactory, PostFactory
from commonplace.people.tests.factories import UserFactory
from commonplace.search import services
from commonplace.search.selectors import search, similar_questions, suggest

ALL = {"public", "private", "secret"}
# Who reads each community's posts (docs/permissions.md).
READS = {
    "anonymous": set(),
    "outsider": {"public"},
    "external": set(),
    "external_guest": ALL,
    "guest": ALL,
    "member": ALL,
    "moderator": ALL,
    "leader": ALL,
    "owner": ALL,
    "administrator": {"public"},
    "administrator_member": ALL,
    "community_manager": {"public"},
    "deactivated_member": set(),
}
# Who may know each community exists, and so find it by name.
KNOWS = READS | {
    "outsider": {"public", "private"},
    "administrator": ALL,
    "community_manager": ALL,
}


def _world(visibility):
    community = CommunityFactory(
        visibility=visibility, name=f"Quokka {visibility} circle"
    )
    question = PostFactory(
        community=community,
        title="Quokka migration plan",
        body_source="How do we move the quokka database?",
    )
    AnswerFactory(post=question, body_source="Use the wombat replicator.")
    return community, question


def _found_posts(viewer, text):
    return {hit.item.pk for hit in search(viewer, text).page.items}


@pytest.mark.django_db
@pytest.mark.parametrize("standing", sorted(STANDINGS))
@pytest.mark.parametrize("visibility", sorted(ALL))
def test_posts_are_found_only_by_those_who_read_their_community(visibility, standing):
    community, question = _world(visibility)
    viewer = person_in_standing(standing, community)
    services.reindex()
    expected = {question.pk} if visibility in READS[standing] else set()

    assert _found_posts(viewer, "quokka migration") == expected
    assert _found_posts(viewer, "wombat") == expected
    similar = {hit.item.pk for hit in similar_questions(viewer, "quokka plans")}
    assert similar == expected


@pytest.mark.django_db
@pytest.mark.parametrize("standing", sorted(STANDINGS))
@pytest.mark.parametrize("visibility", sorted(ALL))
def test_a_community_is_found_by_name_only_by_those_who_may_know_it(
    visibility, standing
):
    community, _question = _world(visibility)
    viewer = person_in_standing(standing, community)
    services.reindex()
    expected = {community.pk} if visibility in KNOWS[standing] else set()

    found = search(viewer, "quokka circle", kind="community").page.items
    suggested = [hit for hit in suggest(viewer, "quokka ci") if hit.kind == "community"]
    assert {hit.item.pk for hit in found} == expected
    assert {hit.item.pk for hit in suggested} == expected


@pytest.mark.django_db
def test_a_page_is_full_of_what_the_viewer_may_read_however_much_is_hidden():
    """Filtering happens in the query: ten secret matches ranked above do
    not leave the outsider's page short."""
    secret = CommunityFactory(visibility="secret")
    for _ in range(10):
        PostFactory(community=secret, title="Quokka quokka quokka quokka")
    readable = {PostFactory(title=f"Quokka notes {n}").pk for n in range(3)}
    services.reindex()

    page = search(UserFactory(), "quokka", size=3).page

    assert {hit.item.pk for hit in page.items} == readable
    assert page.next_cursor is None


@pytest.mark.django_db
def test_removed_posts_are_found_by_nobody_even_before_reindexing():
    community, question = _world("public")
    member = person_in_standing("member", community)
    moderator = person_in_standing("moderator", community)
    services.reindex()

    delete_contribution(item=question, deleted_by=moderator, reason="Spam")

    assert _found_posts(member, "quokka") == set()
    assert _found_posts(moderator, "quokka") == set()


@pytest.mark.django_db
def test_hidden_posts_are_found_by_nobody():
    community, question = _world("public")
    member = person_in_standing("member", community)
    services.reindex()
    type(question).objects.filter(pk=question.pk).update(hidden_at=question.created_at)

    assert _found_posts(member, "quokka") == set()


@pytest.mark.django_db
@pytest.mark.parametrize(("visibility", "found"), [("public", 1), ("private", 0)])
def test_people_are_found_by_the_topics_they_answer_in_public_only(visibility, found):
    community = CommunityFactory(visibility=visibility)
    question = PostFactory(community=community, title="Sauce")
    question.topics.add(_topic("platypus-rollout"))
    AnswerFactory(post=question, author=UserFactory(display_name="Rita Quill"))
    services.reindex()

    people = search(UserFactory(), "platypus rollout", kind="person").page.items

    assert len(people) == found


def _topic(name):
    from commonplace.topics.tests.factories import TopicFactory

    return TopicFactory(name=name)


# (URL name, parameter, text, whether it shows posts): suggestions show
# people, communities and topics, so they are asked for the community.
SURFACES = {
    "page": ("search:results", "q", "quokka migration", True),
    "api": ("api:search", "q", "quokka migration", True),
    "suggestions": ("search:suggest", "q", "quokka circ", False),
    "api suggestions": ("api:search-suggest", "q", "quokka circ", False),
    "similar": ("search:similar", "title", "quokka migration plans", True),
    "api similar": ("api:search-similar", "title", "quokka migration plans", True),
}


@pytest.mark.django_db
@pytest.mark.parametrize("surface", sorted(SURFACES))
@pytest.mark.parametrize("standing", sorted(set(STANDINGS) - {"anonymous"}))
@pytest.mark.parametrize("visibility", sorted(ALL))
def test_pages_and_api_show_only_what_the_viewer_may_see(
    client, visibility, standing, surface
):
    """Through every surface: the post (its link) only to its readers, and
    a community's name only to those who may know it exists."""
    community, question = _world(visibility)
    viewer = person_in_standing(standing, community)
    services.reindex()
    client.force_login(viewer)
    name, parameter, text, shows_posts = SURFACES[surface]
    link = reverse("knowledge:post", kwargs={"pk": question.pk})

    response = client.get(reverse(name), {parameter: text})

    content = response.content.decode()
    if shows_posts:
        shown = link in content
        assert shown == (visibility in READS[standing])
    else:
        shown = f"/communities/{community.slug}/" in content
        assert shown == (visibility in KNOWS[standing])
    if visibility not in KNOWS[standing]:
        assert community.name not in content
        assert community.slug not in content
