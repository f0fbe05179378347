import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commonplace.core.uploads import MAX_IMAGE_BYTES
from commonplace.people.models import Follow, User
from commonplace.people.tests.factories import (
    AdministratorFactory,
    DepartmentFactory,
    ExternalMemberFactory,
    FollowFactory,
    SkilledPersonFactory,
    TeamFactory,
    TopicFollowFactory,
    UserFactory,
    image_upload,
)
from commonplace.topics.tests.factories import TopicFactory

pytestmark = pytest.mark.django_db

JSON = "application/json"


def _signed_in(client, **fields):
    person = UserFactory(**fields)
    client.force_login(person)
    return person


def _query_count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _ids(response):
    return [item["id"] for item in response.json()["items"]]


def _is_error_shape(body):
    return set(body) == {"detail", "fields"} and isinstance(body["detail"], str)


# --- One's own profile --------------------------------------------------------------


def test_me_shows_ones_own_profile_with_the_address(client):
    me = _signed_in(client, email="ana@example.org", display_name="Ana Lima")
    me.skills.add(TopicFactory(name="Go"))

    body = client.get(reverse("api:me")).json()

    assert body["id"] == me.pk
    assert body["email"] == "ana@example.org"
    assert body["display_name"] == "Ana Lima"
    assert body["skills"] == [{"slug": "go", "name": "Go"}]
    assert body["avatar_url"] is None


def test_anonymous_callers_get_401_in_the_error_shape(client):
    response = client.get(reverse("api:me"))

    assert response.status_code == 401
    assert _is_error_shape(response.json())


def test_patching_me_changes_only_the_fields_sent(client):
    me = _signed_in(client, display_name="Ana", job_title="Engineer")

    response = client.patch(
        reverse("api:me"),
        {"location": "Lisbon", "skills": ["Python", "SQL"]},
        content_type=JSON,
    )

    assert response.status_code == 200
    assert response.json()["location"] == "Lisbon"
    assert [s["name"] for s in response.json()["skills"]] == ["Python", "SQL"]
    saved = User.objects.get(pk=me.pk)
    assert (saved.display_name, saved.job_title) == ("Ana", "Engineer")


def test_null_clears_a_text_field(client):
    me = _signed_in(client, job_title="Engineer")

    client.patch(reverse("api:me"), {"job_title": None}, content_type=JSON)

    assert User.objects.get(pk=me.pk).job_title == ""


def test_patching_me_ignores_organisation_fields(client):
    me = _signed_in(client)
    team, boss = TeamFactory(), UserFactory()

    response = client.patch(
        reverse("api:me"),
        {
            "display_name": "Ana",
            "team": team.slug,
            "team_id": team.pk,
            "manager": boss.pk,
            "manager_id": boss.pk,
            "is_external": True,
            "organisation": "Elsewhere",
            "is_staff": True,
            "is_superuser": True,
            "is_active": False,
            "email": "other@example.org",
        },
        content_type=JSON,
    )

    assert response.status_code == 200
    saved = User.objects.get(pk=me.pk)
    assert saved.display_name == "Ana"
    assert (saved.team, saved.manager) == (None, None)
    assert (saved.is_external, saved.organisation) == (False, "")
    assert (saved.is_staff, saved.is_superuser, saved.is_active) == (
        False,
        False,
        True,
    )
    assert saved.email == me.email


def test_a_refused_value_answers_400_with_the_field(client):
    _signed_in(client)

    response = client.patch(
        reverse("api:me"),
        {"display_name": "A" * 10_000, "time_zone": "Mars/Base"},
        content_type=JSON,
    )

    assert response.status_code == 400
    body = response.json()
    assert _is_error_shape(body)
    assert set(body["fields"]) == {"display_name", "time_zone"}


def test_a_punctuation_only_skill_answers_400_by_skills(client):
    _signed_in(client)

    response = client.patch(reverse("api:me"), {"skills": ["?!"]}, content_type=JSON)

    assert response.status_code == 400
    assert "skills" in response.json()["fields"]


def test_a_value_of_the_wrong_type_answers_422_with_the_field(client):
    _signed_in(client)

    response = client.patch(reverse("api:me"), {"skills": "Python"}, content_type=JSON)

    assert response.status_code == 422
    assert _is_error_shape(response.json())
    assert "skills" in response.json()["fields"]


def test_uploading_a_photo_sets_the_avatar(client):
    me = _signed_in(client)

    response = client.post(reverse("api:me-avatar"), {"avatar": image_upload()})

    assert response.status_code == 200
    assert response.json()["avatar_url"] == reverse("people:avatar", args=[me.pk])
    assert User.objects.get(pk=me.pk).avatar


def test_uploading_a_text_file_answers_400(client):
    _signed_in(client)
    fake = SimpleUploadedFile("photo.png", b"plain text", content_type="image/png")

    response = client.post(reverse("api:me-avatar"), {"avatar": fake})

    assert response.status_code == 400
    assert "avatar" in response.json()["fields"]


def test_uploading_over_five_megabytes_answers_413(client):
    _signed_in(client)
    huge = SimpleUploadedFile("photo.png", b"0" * (MAX_IMAGE_BYTES + 1))

    response = client.post(reverse("api:me-avatar"), {"avatar": huge})

    assert response.status_code == 413
    assert _is_error_shape(response.json())


def test_uploading_without_a_file_answers_422(client):
    _signed_in(client)

    response = client.post(reverse("api:me-avatar"))

    assert response.status_code == 422
    # The error handler names it "file.avatar" today; either names the field.
    assert "avatar" in " ".join(response.json()["fields"])


def test_deleting_the_photo_answers_204(client):
    me = _signed_in(client)
    client.post(reverse("api:me-avatar"), {"avatar": image_upload()})

    response = client.delete(reverse("api:me-avatar"))

    assert response.status_code == 204
    assert not User.objects.get(pk=me.pk).avatar


# --- The directory and people ---------------------------------------------------------


def test_the_directory_lists_people_by_name(client):
    me = _signed_in(client, display_name="Mia")
    ana = UserFactory(display_name="Ana")
    UserFactory(display_name="Gone", is_active=False)

    response = client.get(reverse("api:people"))

    assert _ids(response) == [ana.pk, me.pk]
    assert response.json()["next_cursor"] is None
    assert "email" not in response.json()["items"][0]


def test_the_directory_filters_by_name_team_topic_and_location(client):
    _signed_in(client, display_name="Viewer")
    team, topic = TeamFactory(), TopicFactory(name="Kubernetes")
    wanted = UserFactory(display_name="Ana Lima", team=team, location="Lisbon")
    wanted.skills.add(topic)
    UserFactory(display_name="Ana Other", team=team, location="Lisbon")

    response = client.get(
        reverse("api:people"),
        {"q": "ana", "team": team.slug, "topic": topic.slug, "location": "lis"},
    )

    assert _ids(response) == [wanted.pk]


def test_an_unknown_topic_or_team_matches_nobody(client):
    _signed_in(client)

    by_topic = client.get(reverse("api:people"), {"topic": "basket-weaving"})
    by_team = client.get(reverse("api:people"), {"team": "no-such-team"})

    assert (by_topic.status_code, by_topic.json()["items"]) == (200, [])
    assert (by_team.status_code, by_team.json()["items"]) == (200, [])


def test_the_directory_is_paged(client):
    _signed_in(client, display_name="A0")
    for number in range(1, 5):
        UserFactory(display_name=f"A{number}")

    first = client.get(reverse("api:people"), {"size": 3}).json()
    second = client.get(
        reverse("api:people"), {"size": 3, "cursor": first["next_cursor"]}
    ).json()

    assert len(first["items"]) == 3
    assert [p["display_name"] for p in second["items"]] == ["A3", "A4"]
    assert second["next_cursor"] is None


def test_a_forged_cursor_answers_400_in_the_error_shape(client):
    _signed_in(client)

    response = client.get(reverse("api:people"), {"cursor": "forged"})

    assert response.status_code == 400
    assert "cursor" in response.json()["fields"]


def test_a_page_size_out_of_range_answers_422(client):
    _signed_in(client)

    response = client.get(reverse("api:people"), {"size": 0})

    assert response.status_code == 422
    assert "size" in response.json()["fields"]


def test_external_members_get_404_for_the_directory(client):
    client.force_login(ExternalMemberFactory())

    response = client.get(reverse("api:people"))

    assert response.status_code == 404
    assert _is_error_shape(response.json())


def test_a_person_shows_their_profile_to_a_member(client):
    viewer = _signed_in(client)
    boss = UserFactory()
    ana = UserFactory(email="ana@example.org", manager=boss, bio="Hi")
    FollowFactory(follower=viewer, person=ana)

    body = client.get(reverse("api:person", args=[ana.pk])).json()

    assert body["email"] == "ana@example.org"
    assert body["manager"]["id"] == boss.pk
    assert (body["follower_count"], body["is_following"]) == (1, True)
    assert body["bio"] == "Hi"


def test_an_external_viewer_sees_no_address_and_no_hidden_manager(client):
    external = ExternalMemberFactory()
    client.force_login(external)
    contact = UserFactory(email="contact@example.org", manager=UserFactory())
    FollowFactory(follower=contact, person=external)

    body = client.get(reverse("api:person", args=[contact.pk])).json()

    assert body["email"] is None
    assert body["manager"] is None


def test_an_external_member_is_marked_with_their_organisation(client):
    _signed_in(client)
    partner = ExternalMemberFactory(organisation="Acme")

    body = client.get(reverse("api:person", args=[partner.pk])).json()

    assert (body["is_external"], body["organisation"]) == (True, "Acme")


def test_a_hidden_person_answers_the_same_404_as_a_missing_one(client):
    client.force_login(ExternalMemberFactory())
    colleague = UserFactory()

    hidden = client.get(reverse("api:person", args=[colleague.pk]))
    missing = client.get(reverse("api:person", args=[999_999]))

    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()


def test_followers_of_a_person_are_listed(client):
    _signed_in(client)
    person = UserFactory()
    follow = FollowFactory(person=person)

    response = client.get(reverse("api:person-followers", args=[person.pk]))

    assert _ids(response) == [follow.follower.pk]


# --- Following ----------------------------------------------------------------------


def test_following_lists_people_and_topics_with_their_kind(client):
    me = _signed_in(client)
    person_follow = FollowFactory(follower=me)
    topic_follow = TopicFollowFactory(follower=me)

    items = client.get(reverse("api:following")).json()["items"]

    assert [(i["kind"], i["topic"]["slug"]) for i in items[:1]] == [
        ("topic", topic_follow.topic.slug)
    ]
    assert [(i["kind"], i["person"]["id"]) for i in items[1:]] == [
        ("person", person_follow.person.pk)
    ]


def test_following_a_person_twice_keeps_one_follow(client):
    me = _signed_in(client)
    person = UserFactory()
    url = reverse("api:follow-person", args=[person.pk])

    first = client.put(url)
    second = client.put(url)

    assert (first.status_code, second.status_code) == (200, 200)
    assert first.json()["kind"] == "person"
    assert Follow.objects.filter(follower=me, person=person).count() == 1


def test_unfollowing_a_person_twice_answers_204_both_times(client):
    me = _signed_in(client)
    person = UserFactory()
    FollowFactory(follower=me, person=person)
    url = reverse("api:follow-person", args=[person.pk])

    first = client.delete(url)
    second = client.delete(url)

    assert (first.status_code, second.status_code) == (204, 204)
    assert not Follow.objects.exists()


def test_following_oneself_answers_400(client):
    me = _signed_in(client)

    response = client.put(reverse("api:follow-person", args=[me.pk]))

    assert response.status_code == 400
    assert _is_error_shape(response.json())


def test_following_a_topic_and_unfollowing_it_again(client):
    me = _signed_in(client)
    topic = TopicFactory()
    url = reverse("api:follow-topic", args=[topic.slug])

    followed = client.put(url)
    client.put(url)
    assert Follow.objects.filter(follower=me, topic=topic).count() == 1
    unfollowed = client.delete(url)
    again = client.delete(url)

    assert followed.json()["topic"]["slug"] == topic.slug
    assert (unfollowed.status_code, again.status_code) == (204, 204)
    assert not Follow.objects.exists()


def test_an_unknown_topic_answers_404(client):
    _signed_in(client)

    response = client.put(reverse("api:follow-topic", args=["nothing-like-it"]))

    assert response.status_code == 404


def test_external_members_cannot_follow_topics(client):
    client.force_login(ExternalMemberFactory())
    topic = TopicFactory()

    response = client.put(reverse("api:follow-topic", args=[topic.slug]))

    assert response.status_code == 404
    assert not Follow.objects.exists()


# --- Teams --------------------------------------------------------------------------


def test_teams_are_listed_as_a_tree_with_member_counts(client):
    _signed_in(client)
    department = DepartmentFactory(name="Engineering")
    team = TeamFactory(name="Platform", parent=department)
    UserFactory.create_batch(2, team=team)

    body = client.get(reverse("api:teams")).json()

    assert body == [
        {
            "slug": department.slug,
            "name": "Engineering",
            "kind": "department",
            "member_count": 0,
            "children": [
                {
                    "slug": team.slug,
                    "name": "Platform",
                    "kind": "team",
                    "member_count": 2,
                }
            ],
        }
    ]


def test_a_team_shows_its_parent_and_sub_teams(client):
    _signed_in(client)
    department = DepartmentFactory()
    team = TeamFactory(parent=department)
    sub_team = TeamFactory(parent=team)

    body = client.get(reverse("api:team", args=[team.slug])).json()

    assert body["parent"]["slug"] == department.slug
    assert [child["slug"] for child in body["children"]] == [sub_team.slug]


def test_a_teams_members_are_listed(client):
    _signed_in(client)
    team = TeamFactory()
    member = UserFactory(team=team)

    response = client.get(reverse("api:team-members", args=[team.slug]))

    assert _ids(response) == [member.pk]


def test_external_members_get_404_for_teams(client):
    client.force_login(ExternalMemberFactory())
    team = TeamFactory()

    assert client.get(reverse("api:teams")).status_code == 404
    assert client.get(reverse("api:team", args=[team.slug])).status_code == 404
    members = client.get(reverse("api:team-members", args=[team.slug]))
    assert members.status_code == 404


def test_administrators_see_deactivated_people(client):
    client.force_login(AdministratorFactory())
    gone = UserFactory(is_active=False)

    body = client.get(reverse("api:person", args=[gone.pk])).json()

    assert body["is_active"] is False


# --- Query counts -------------------------------------------------------------------


def test_the_directory_costs_the_same_queries_for_5_and_50_people(client):
    team, topic = TeamFactory(), TopicFactory()
    _signed_in(client, team=team)
    SkilledPersonFactory.create_batch(4, team=team, skills=[topic])
    url = reverse("api:people")
    client.get(url)

    few = _query_count(client, url)
    SkilledPersonFactory.create_batch(45, team=team, skills=[topic])
    many = _query_count(client, url)

    assert few == many


def test_followers_cost_the_same_queries_for_5_and_50(client):
    _signed_in(client)
    person, team = UserFactory(), TeamFactory()
    for follower in UserFactory.create_batch(5, team=team):
        FollowFactory(follower=follower, person=person)
    url = reverse("api:person-followers", args=[person.pk])
    client.get(url)

    few = _query_count(client, url)
    for follower in UserFactory.create_batch(45, team=team):
        FollowFactory(follower=follower, person=person)
    many = _query_count(client, url)

    assert few == many


def test_following_costs_the_same_queries_for_5_and_50(client):
    me = _signed_in(client)
    team = TeamFactory()
    for number in range(5):
        FollowFactory(follower=me, person=UserFactory(team=team))
        TopicFollowFactory(follower=me, topic=TopicFactory(name=f"Few {number}"))
    url = reverse("api:following")
    client.get(url)

    few = _query_count(client, url)
    for number in range(45):
        FollowFactory(follower=me, person=UserFactory(team=team))
        TopicFollowFactory(follower=me, topic=TopicFactory(name=f"Many {number}"))
    many = _query_count(client, url)

    assert few == many


def test_team_members_cost_the_same_queries_for_5_and_50(client):
    _signed_in(client)
    team = TeamFactory()
    UserFactory.create_batch(5, team=team)
    url = reverse("api:team-members", args=[team.slug])
    client.get(url)

    few = _query_count(client, url)
    UserFactory.create_batch(45, team=team)
    many = _query_count(client, url)

    assert few == many
