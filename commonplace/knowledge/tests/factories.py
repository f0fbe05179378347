"""Factories for conversations; other apps' tests import them.

They write rows directly (no services, no counters moved): use the services
in tests that are about counts, revisions or audit rows.
"""

import io

import factory
from django.core.files.base import ContentFile

from commonplace.communities.tests.factories import CommunityFactory
from commonplace.knowledge import markdown
from commonplace.knowledge.models import (
    Answer,
    Comment,
    Post,
    PostKind,
    Reaction,
    ReactionKind,
    Report,
    Upload,
)
from commonplace.people.tests.factories import UserFactory


def _html(item) -> str:
    return markdown.render(item.body_source)


class PostFactory(factory.django.DjangoModelFactory):
    """A question in a public community; pass kind=, community=, author=."""

    class Meta:
        model = Post
        skip_postgeneration_save = True

    community = factory.SubFactory(CommunityFactory)
    author = factory.SubFactory(UserFactory)
    kind = PostKind.QUESTION
    title = factory.Sequence(lambda n: f"How do we do thing number {n}?")
    body_source = "We tried the obvious way and it *did not* work."
    body_html = factory.LazyAttribute(_html)

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if create and extracted:
            self.topics.set(extracted)


class AnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Answer

    post = factory.SubFactory(PostFactory)
    author = factory.SubFactory(UserFactory)
    body_source = "Try it the **other** way round."
    body_html = factory.LazyAttribute(_html)


class CommentFactory(factory.django.DjangoModelFactory):
    """A comment on a post; pass answer= to put it on one of its answers."""

    class Meta:
        model = Comment

    post = factory.LazyAttribute(
        lambda comment: comment.answer.post if comment.answer else PostFactory()
    )
    answer = None
    author = factory.SubFactory(UserFactory)
    body_source = "Good point."
    body_html = factory.LazyAttribute(_html)


class ReactionFactory(factory.django.DjangoModelFactory):
    """A helpful reaction on a post; pass answer= or comment= with post=None."""

    class Meta:
        model = Reaction

    person = factory.SubFactory(UserFactory)
    kind = ReactionKind.HELPFUL
    post = factory.SubFactory(PostFactory)
    answer = None
    comment = None


def _community_of_target(report) -> object:
    if report.post is not None:
        return report.post.community
    if report.answer is not None:
        return report.answer.post.community
    return report.comment.post.community


class ReportFactory(factory.django.DjangoModelFactory):
    """An open report about a post; pass answer= or comment= with post=None."""

    class Meta:
        model = Report

    post = factory.SubFactory(PostFactory)
    answer = None
    comment = None
    community = factory.LazyAttribute(_community_of_target)
    reporter = factory.SubFactory(UserFactory)
    reason = "This is spam."


def webp_bytes(size: tuple[int, int] = (8, 6)) -> bytes:
    """A tiny real WebP image."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, color=(30, 120, 200)).save(buffer, format="WEBP")
    return buffer.getvalue()


class UploadFactory(factory.django.DjangoModelFactory):
    """A stored WebP image in a community, saved through the storage API."""

    class Meta:
        model = Upload

    community = factory.SubFactory(CommunityFactory)
    uploaded_by = factory.SubFactory(UserFactory)
    width = 8
    height = 6
    file = factory.LazyAttribute(
        lambda upload: ContentFile(
            webp_bytes((upload.width, upload.height)), name="image.webp"
        )
    )
