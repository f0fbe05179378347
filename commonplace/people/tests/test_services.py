import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from commonplace.core.errors import InvalidInput, NotAllowed, NotFound
from commonplace.core.models import AuditEntry
from commonplace.core.uploads import MAX_IMAGE_BYTES, PayloadTooLarge
from commonplace.people import services
from commonplace.people.models import Follow, User
from commonplace.people.tests.factories import (
    AdministratorFactory,
    DepartmentFactory,
    ExternalMemberFactory,
    FollowFactory,
    TeamFactory,
    UserFactory,
    image_upload,
)
from commonplace.topics.models import Topic
from commonplace.topics.services import MAX_TOPICS_AT_ONCE
from commonplace.topics.tests.factories import TopicFactory

pytestmark = pytest.mark.django_db


def _reloaded(person):
    return User.objects.get(pk=person.pk)


# --- Profiles -------------------------------------------------------------------


def test_a_person_changes_their_profile_and_skills():
    person = UserFactory(display_name="Ana")

    services.update_profile(
        person=person,
        changed_by=person,
        display_name="  Ana   Lima ",
        job_title="Engineer",
        location="Lisbon",
        time_zone="Europe/Lisbon",
        bio="Hello.\nSecond line.",
        skills=["Python", " python ", "Public speaking"],
    )

    saved = _reloaded(person)
    assert saved.display_name == "Ana Lima"
    assert (saved.job_title, saved.location) == ("Engineer", "Lisbon")
    assert saved.time_zone == "Europe/Lisbon"
    assert saved.bio == "Hello.\nSecond line."
    assert sorted(topic.name for topic in saved.skills.all()) == [
        "Public speaking",
        "Python",
    ]


def test_fields_left_out_stay_as_they_are():
    person = UserFactory(display_name="Ana", job_title="Engineer")
    person.skills.add(TopicFactory(name="Go"))

    services.update_profile(person=person, changed_by=person, location="Porto")

    saved = _reloaded(person)
    assert (saved.display_name, saved.job_title, saved.location) == (
        "Ana",
        "Engineer",
        "Porto",
    )
    assert [topic.name for topic in saved.skills.all()] == ["Go"]


def test_a_ten_thousand_character_name_is_refused_and_nothing_is_saved():
    person = UserFactory(display_name="Ana", job_title="Engineer")

    with pytest.raises(InvalidInput) as refused:
        services.update_profile(
            person=person,
            changed_by=person,
            display_name="A" * 10_000,
            job_title="Manager",
        )

    assert "display_name" in refused.value.fields
    assert _reloaded(person).job_title == "Engineer"


def test_a_blank_name_is_refused():
    person = UserFactory(display_name="Ana")

    with pytest.raises(InvalidInput) as refused:
        services.update_profile(person=person, changed_by=person, display_name="   ")

    assert refused.value.fields["display_name"] == [
        "Enter the name people know you by."
    ]
    assert _reloaded(person).display_name == "Ana"


def test_a_time_zone_that_does_not_exist_is_refused():
    person = UserFactory()

    with pytest.raises(InvalidInput) as refused:
        services.update_profile(
            person=person, changed_by=person, time_zone="Mars/Olympus_Mons"
        )

    assert "time_zone" in refused.value.fields


def test_too_many_skills_are_refused_and_no_topic_is_created():
    person = UserFactory()
    names = [f"Skill {number}" for number in range(MAX_TOPICS_AT_ONCE + 1)]

    with pytest.raises(InvalidInput) as refused:
        services.update_profile(person=person, changed_by=person, skills=names)

    assert "skills" in refused.value.fields
    assert Topic.objects.count() == 0


def test_a_skill_made_only_of_punctuation_is_refused():
    person = UserFactory()

    with pytest.raises(InvalidInput) as refused:
        services.update_profile(person=person, changed_by=person, skills=["?!…"])

    assert refused.value.fields["skills"] == [
        "A topic name needs at least one letter or digit."
    ]


def test_every_problem_is_reported_at_once():
    person = UserFactory()

    with pytest.raises(InvalidInput) as refused:
        services.update_profile(
            person=person,
            changed_by=person,
            display_name="",
            time_zone="Nowhere",
            skills=["..."],
            avatar=SimpleUploadedFile("photo.png", b"not an image"),
        )

    assert set(refused.value.fields) == {
        "display_name",
        "time_zone",
        "skills",
        "avatar",
    }


def test_the_organisation_fields_cannot_be_changed_through_the_profile():
    person = UserFactory()
    team = TeamFactory()

    with pytest.raises(InvalidInput):
        services.update_profile(person=person, changed_by=person, team=team)

    assert _reloaded(person).team is None


def test_nobody_edits_another_persons_profile():
    person = UserFactory(display_name="Ana")

    with pytest.raises(NotAllowed):
        services.update_profile(
            person=person, changed_by=AdministratorFactory(), display_name="Bo"
        )

    assert _reloaded(person).display_name == "Ana"


# --- Photos ---------------------------------------------------------------------


def test_a_photo_is_stored_as_a_square_webp_of_the_upload():
    person = UserFactory()

    services.set_avatar(person=person, changed_by=person, upload=image_upload())

    stored = _reloaded(person).avatar
    with stored.open("rb") as photo:
        image = Image.open(io.BytesIO(photo.read()))
    assert (image.format, image.size) == ("WEBP", (256, 256))


def test_a_text_file_named_like_an_image_is_refused():
    person = UserFactory()
    fake = SimpleUploadedFile("photo.png", b"hello", content_type="image/png")

    with pytest.raises(InvalidInput) as refused:
        services.set_avatar(person=person, changed_by=person, upload=fake)

    assert "avatar" in refused.value.fields
    assert not _reloaded(person).avatar


def test_a_photo_over_five_megabytes_is_refused_as_too_large():
    person = UserFactory()
    huge = SimpleUploadedFile("photo.png", b"0" * (MAX_IMAGE_BYTES + 1))

    with pytest.raises(PayloadTooLarge) as refused:
        services.set_avatar(person=person, changed_by=person, upload=huge)

    assert refused.value.status_code == 413
    assert "avatar" in refused.value.fields


def test_a_too_large_photo_with_other_problems_is_still_too_large():
    person = UserFactory()
    huge = SimpleUploadedFile("photo.png", b"0" * (MAX_IMAGE_BYTES + 1))

    with pytest.raises(PayloadTooLarge) as refused:
        services.update_profile(
            person=person, changed_by=person, display_name="", avatar=huge
        )

    assert set(refused.value.fields) == {"display_name", "avatar"}


def test_a_new_photo_replaces_the_old_file(django_capture_on_commit_callbacks):
    person = UserFactory()
    services.set_avatar(person=person, changed_by=person, upload=image_upload())
    old = _reloaded(person).avatar
    storage, old_name = old.storage, old.name

    with django_capture_on_commit_callbacks(execute=True):
        services.set_avatar(
            person=_reloaded(person), changed_by=person, upload=image_upload()
        )

    assert _reloaded(person).avatar.name != old_name
    assert not storage.exists(old_name)


def test_removing_the_photo_goes_back_to_initials(django_capture_on_commit_callbacks):
    person = UserFactory()
    services.set_avatar(person=person, changed_by=person, upload=image_upload())
    stored = _reloaded(person).avatar
    storage, name = stored.storage, stored.name

    with django_capture_on_commit_callbacks(execute=True):
        services.remove_avatar(person=_reloaded(person), changed_by=person)

    assert not _reloaded(person).avatar
    assert not storage.exists(name)


def test_removing_a_photo_twice_is_harmless():
    person = UserFactory()

    services.remove_avatar(person=person, changed_by=person)
    services.remove_avatar(person=person, changed_by=person)

    assert not _reloaded(person).avatar


# --- The organisation chart -------------------------------------------------------


def test_a_loop_of_managers_is_refused():
    administrator = AdministratorFactory()
    boss = UserFactory()
    report = UserFactory(manager=boss)
    below = UserFactory(manager=report)

    with pytest.raises(InvalidInput) as refused:
        services.set_organisation_details(
            person=boss,
            changed_by=administrator,
            team=None,
            manager=below,
            is_external=False,
        )

    assert "manager" in refused.value.fields
    assert _reloaded(boss).manager is None


def test_a_person_cannot_manage_themselves():
    administrator = AdministratorFactory()
    person = UserFactory()

    with pytest.raises(InvalidInput):
        services.set_organisation_details(
            person=person,
            changed_by=administrator,
            team=None,
            manager=person,
            is_external=False,
        )


def test_placing_a_person_is_audited():
    administrator = AdministratorFactory()
    person = UserFactory()
    boss = UserFactory()
    team = TeamFactory()

    services.set_organisation_details(
        person=person,
        changed_by=administrator,
        team=team,
        manager=boss,
        is_external=False,
    )

    saved = _reloaded(person)
    assert (saved.team, saved.manager) == (team, boss)
    assert AuditEntry.objects.filter(
        action="person.organisation", target_id=str(person.pk), actor=administrator
    ).exists()


def test_only_administrators_place_people():
    person = UserFactory()

    with pytest.raises(NotAllowed):
        services.set_organisation_details(
            person=person,
            changed_by=person,
            team=TeamFactory(),
            manager=None,
            is_external=False,
        )


def test_a_loop_of_teams_is_refused():
    administrator = AdministratorFactory()
    department = DepartmentFactory()
    team = TeamFactory(parent=department)

    with pytest.raises(InvalidInput) as refused:
        services.save_team(
            team=department,
            changed_by=administrator,
            name=department.name,
            slug=department.slug,
            kind=department.kind,
            parent=team,
        )

    assert "parent" in refused.value.fields


# --- Deactivation -----------------------------------------------------------------


def test_deactivation_ends_a_signed_in_session_on_its_next_request(client):
    person = UserFactory()
    client.force_login(person)
    assert client.get(reverse("people:directory")).status_code == 200

    services.deactivate_person(person=person, deactivated_by=AdministratorFactory())

    response = client.get(reverse("people:directory"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_reactivation_restores_access(client):
    administrator = AdministratorFactory()
    person = UserFactory()
    services.deactivate_person(person=person, deactivated_by=administrator)

    services.reactivate_person(person=person, reactivated_by=administrator)

    client.force_login(person)
    assert client.get(reverse("people:directory")).status_code == 200


def test_administrators_cannot_deactivate_themselves():
    administrator = AdministratorFactory()

    with pytest.raises(InvalidInput):
        services.deactivate_person(person=administrator, deactivated_by=administrator)


# --- Follows ----------------------------------------------------------------------


def test_following_someone_twice_keeps_one_follow():
    follower, person = UserFactory(), UserFactory()

    first = services.follow_person(follower=follower, person=person)
    second = services.follow_person(follower=follower, person=person)

    assert first == second
    assert Follow.objects.filter(follower=follower, person=person).count() == 1


def test_unfollowing_twice_is_harmless():
    follow = FollowFactory()

    services.unfollow_person(follower=follow.follower, person=follow.person)
    services.unfollow_person(follower=follow.follower, person=follow.person)

    assert not Follow.objects.exists()


def test_nobody_follows_themselves():
    person = UserFactory()

    with pytest.raises(InvalidInput):
        services.follow_person(follower=person, person=person)


def test_following_a_topic_twice_keeps_one_follow():
    follower, topic = UserFactory(), TopicFactory()

    services.follow_topic(follower=follower, topic=topic)
    services.follow_topic(follower=follower, topic=topic)
    services.unfollow_topic(follower=follower, topic=topic)
    services.unfollow_topic(follower=follower, topic=topic)

    assert not Follow.objects.exists()


def test_an_external_member_cannot_follow_someone_they_cannot_see():
    external = ExternalMemberFactory()

    with pytest.raises(NotFound):
        services.follow_person(follower=external, person=UserFactory())


def test_an_external_member_may_follow_back_someone_who_follows_them():
    external = ExternalMemberFactory()
    contact = UserFactory()
    FollowFactory(follower=contact, person=external)

    services.follow_person(follower=external, person=contact)

    assert Follow.objects.filter(follower=external, person=contact).exists()


def test_an_external_member_cannot_follow_or_unfollow_topics():
    external = ExternalMemberFactory()
    topic = TopicFactory()

    with pytest.raises(NotFound):
        services.follow_topic(follower=external, topic=topic)
    with pytest.raises(NotFound):
        services.unfollow_topic(follower=external, topic=topic)


def test_nobody_can_follow_a_deactivated_person_they_cannot_see():
    with pytest.raises(NotFound):
        services.follow_person(
            follower=UserFactory(), person=UserFactory(is_active=False)
        )
