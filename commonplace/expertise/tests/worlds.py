"""Small worlds for the expertise tests: answers written by the
factories, then indexed and expertise rebuilt at once, as after a bulk
load."""

from datetime import timedelta

from django.utils import timezone

from commonplace.expertise import services
from commonplace.knowledge.models import Post
from commonplace.knowledge.tests.factories import AnswerFactory, PostFactory
from commonplace.search import services as search_services


def answered(
    community,
    person,
    title,
    *,
    topics=(),
    accepted=True,
    helpful=0,
    days_ago=1,
    when=None,
):
    """`person` answered a question asked an hour before, `days_ago` (or
    `when`: people meant to be equal answer at the very same moment)."""
    when = when or timezone.now() - timedelta(days=days_ago)
    question = PostFactory(
        community=community,
        title=title,
        topics=list(topics),
        created_at=when - timedelta(hours=1),
    )
    answer = AnswerFactory(
        post=question, author=person, created_at=when, helpful_count=helpful
    )
    if accepted:
        Post.objects.filter(pk=question.pk).update(
            accepted_answer=answer, is_resolved=True
        )
    return answer


def ready():
    """Index everything and compute everyone's expertise."""
    search_services.reindex()
    services.rebuild()
