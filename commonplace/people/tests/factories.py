"""Factories for people; other apps' tests import them."""

import factory
from django.contrib.auth.hashers import make_password

from commonplace.people.models import Follow, Team, User

DEFAULT_PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    """An active person who can sign in with DEFAULT_PASSWORD."""

    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    display_name = factory.Faker("name")
    password = factory.django.Password(DEFAULT_PASSWORD)


class AdministratorFactory(UserFactory):
    is_staff = True
    is_superuser = True


class UnclaimedPersonFactory(UserFactory):
    """Someone imported from another system: no address, no login."""

    email = None
    password = factory.LazyFunction(lambda: make_password(None))


class ExternalMemberFactory(UserFactory):
    """A partner from another organisation, with limited visibility."""

    is_external = True
    organisation = "Partner Org"


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    name = factory.Sequence(lambda n: f"Team {n}")
    slug = factory.Sequence(lambda n: f"team-{n}")
    kind = Team.Kind.TEAM


class DepartmentFactory(TeamFactory):
    name = factory.Sequence(lambda n: f"Department {n}")
    slug = factory.Sequence(lambda n: f"department-{n}")
    kind = Team.Kind.DEPARTMENT


class FollowFactory(factory.django.DjangoModelFactory):
    """A follow of a person; pass topic=... and person=None for a topic."""

    class Meta:
        model = Follow

    follower = factory.SubFactory(UserFactory)
    person = factory.SubFactory(UserFactory)


class TopicFollowFactory(FollowFactory):
    """A follow of a topic."""

    person = None
    topic = factory.SubFactory("commonplace.topics.tests.factories.TopicFactory")


def image_upload(
    name: str = "photo.png", *, size: tuple[int, int] = (64, 48), image_format="PNG"
):
    """A real image file, made in memory, as a browser would upload it."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, color=(30, 120, 200)).save(buffer, format=image_format)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


class SkilledPersonFactory(UserFactory):
    """A person stating skills: `SkilledPersonFactory(skills=[topic, ...])`."""

    class Meta:
        skip_postgeneration_save = True

    @factory.post_generation
    def skills(self, create, extracted, **kwargs):
        if create and extracted:
            self.skills.set(extracted)
