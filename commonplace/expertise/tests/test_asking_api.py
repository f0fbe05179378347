"""Asking for help in the API: the same rules and words as the pages."""

import pytest
from django.urls import reverse

from commonplace.communities.models import Role
from commonplace.communities.tests.factories import MembershipFactory
from commonplace.expertise import services
from commonplace.expertise.models import HelpRequest, RoutingPreference
from commonplace.knowledge.tests.factories import PostFactory
from commonplace.people.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

JSON = "application/json"


@pytest.fixture
def question(guild, asker):
    return PostFactory(community=guild, author=asker, title="Why do keys expire?")


def _ask_url(question):
    return reverse("api:expertise-question-requests", kwargs={"post_id": question.pk})


def test_asking_answers_the_requests_made(client, question):
    vera = UserFactory(display_name="Vera Vault")

    response = client.post(_ask_url(question), {"people": [vera.pk]}, content_type=JSON)

    assert response.status_code == 201
    [item] = response.json()["items"]
    assert item["person"]["display_name"] == "Vera Vault"
    assert item["asked_by"]["display_name"] == "Ana Asker"
    assert (item["source"], item["answered"], item["declined"]) == ("person", False, "")


def test_refusals_name_everyone_who_may_not_be_asked(client, asker, question):
    resting = UserFactory(display_name="Otto Out")
    RoutingPreference.objects.create(person=resting, opted_out=True)
    asked = UserFactory(display_name="Vera Vault")
    services.request_help(asker=asker, post=question, people=[asked])

    response = client.post(
        _ask_url(question), {"people": [resting.pk, asked.pk]}, content_type=JSON
    )

    assert response.status_code == 400
    assert response.json()["fields"]["people"] == [
        "Otto Out does not take requests for help.",
        "Vera Vault has already been asked about this question.",
    ]
    assert HelpRequest.objects.count() == 1


def test_a_deactivated_person_cannot_be_named(client, question):
    left = UserFactory(display_name="Lee Left", is_active=False)

    response = client.post(_ask_url(question), {"people": [left.pk]}, content_type=JSON)

    # Only administrators see deactivated people: to others they are no one.
    assert response.status_code == 400
    assert response.json()["fields"]["people"] == ["Choose people from the list."]


def test_an_id_naming_nobody_is_refused(client, question):
    response = client.post(_ask_url(question), {"people": [987654]}, content_type=JSON)

    assert response.status_code == 400
    assert response.json()["fields"]["people"] == ["Choose people from the list."]


def test_more_than_ten_people_are_refused(client, question):
    people = [person.pk for person in UserFactory.create_batch(11)]

    response = client.post(_ask_url(question), {"people": people}, content_type=JSON)

    assert response.status_code == 400
    assert not HelpRequest.objects.exists()


def test_the_reason_of_a_decline_is_the_person_asked_s_own(client, asker, question):
    vera = UserFactory()
    [request] = services.request_help(asker=asker, post=question, people=[vera])
    decline = reverse(
        "api:expertise-request-decline", kwargs={"request_id": request.pk}
    )

    not_theirs = client.post(decline, {"reason": "no_time"}, content_type=JSON)
    client.force_login(vera)
    bad = client.post(decline, {"reason": "bored"}, content_type=JSON)
    done = client.post(decline, {"reason": "not_my_area"}, content_type=JSON)
    client.force_login(asker)
    seen_by_asker = client.get(
        reverse("api:expertise-question-requests", kwargs={"post_id": question.pk})
    )

    assert not_theirs.status_code == 404
    assert bad.status_code == 400
    assert done.json()["declined"] == "not_my_area"
    assert seen_by_asker.json()["items"][0]["declined"] == "cannot_help"


def test_preferences_are_read_and_set(client, asker):
    url = reverse("api:expertise-preferences")

    before = client.get(url).json()
    refused = client.put(
        reverse("api:expertise-preferences"),
        {"weekly_limit": 9},
        content_type=JSON,
    )
    saved = client.put(
        reverse("api:expertise-preferences"),
        {"weekly_limit": 1, "opted_out": True},
        content_type=JSON,
    )

    assert before == {"opted_out": False, "weekly_limit": 3, "away_until": None}
    assert refused.status_code == 400
    assert "weekly_limit" in refused.json()["fields"]
    assert saved.json() == {"opted_out": True, "weekly_limit": 1, "away_until": None}


def test_leaders_read_and_set_the_rule_and_its_figures(client, guild):
    leader = UserFactory()
    MembershipFactory(community=guild, person=leader, role=Role.LEADER)
    client.force_login(leader)
    rule = reverse("api:expertise-routing", kwargs={"slug": guild.slug})

    refused = client.put(
        rule, {"mode": "notify", "top": 0, "after_minutes": 30}, content_type=JSON
    )
    saved = client.put(
        rule, {"mode": "notify", "top": 2, "after_minutes": 5}, content_type=JSON
    )
    figures = client.get(
        reverse("api:expertise-routing-figures", kwargs={"slug": guild.slug})
    )

    assert refused.status_code == 400
    assert refused.json()["fields"]["top"] == ["Notify at least one person."]
    assert saved.json()["mode"] == "notify" and saved.json()["top"] == 2
    assert figures.json()["routed"] == 0


@pytest.mark.parametrize("count", [2, 12])
def test_listing_requests_costs_the_same_whatever_their_number(
    client, asker, guild, count, django_assert_max_num_queries
):
    for _ in range(count):
        post = PostFactory(community=guild)
        HelpRequest.objects.create(
            post=post,
            person=asker,
            asked_by=post.author,
            source="person",
            created_at=post.created_at,
        )

    with django_assert_max_num_queries(4):
        response = client.get(reverse("api:expertise-requests"), {"size": 20})

    assert len(response.json()["items"]) == count
