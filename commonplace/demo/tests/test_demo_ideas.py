"""The demo's ideas: every stage of every goal community's trip holds
some, with the supports, versions, decisions, threads and notifications
the services would have left, dated over the community's past year."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, Exists, F, OuterRef
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from commonplace.communities.models import Community, Kind, Membership
from commonplace.core.models import OutboxTask
from commonplace.core.worker import uses_outbox
from commonplace.demo.ideas import IDEAS, propose_ideas
from commonplace.demo.threads import NOTIFIED_DAYS
from commonplace.ideas.models import (
    DECISION_KINDS,
    DEFAULT_WAITING_DAYS,
    DecisionRecord,
    Idea,
    Stage,
    StageKind,
    StageMove,
    Support,
)
from commonplace.ideas.selectors import overdue_ideas, waiting_ideas
from commonplace.ideas.tasks import review_parked_idea
from commonplace.knowledge.models import Comment, Post
from commonplace.knowledge.tasks import notify_comment_added, notify_mentions
from commonplace.notifications.models import Notification
from commonplace.notifications.selectors import notification_page
from commonplace.people.models import Follow
from commonplace.search.models import SearchDocument
from commonplace.search.registry import Filters
from commonplace.search.selectors import search
from commonplace.search.tasks import index_documents

pytestmark = pytest.mark.django_db

SMALL = 40


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """One small demo organisation for the module, rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("demo", "--people", str(SMALL), stdout=StringIO())
        yield
        transaction.set_rollback(True)


def _goals():
    return Community.objects.filter(kind=Kind.GOAL)


def test_goal_communities_and_only_they_hold_a_dozen_to_twenty_ideas(demo):
    counts = _goals().annotate(count=Count("ideas")).values_list("count", flat=True)

    assert len(counts) >= 2
    assert all(IDEAS[0] <= count <= IDEAS[1] for count in counts)
    assert not Idea.objects.exclude(community__kind=Kind.GOAL).exists()


def test_every_stage_of_every_goal_trip_holds_an_idea(demo):
    stages = Stage.objects.filter(community__kind=Kind.GOAL).annotate(
        held=Count("ideas")
    )

    assert stages.count() == 9 * _goals().count()
    assert not stages.filter(held=0).exists()
    assert not stages.exclude(idea_count=F("held")).exists()


def test_every_idea_in_a_decision_stage_has_its_decision_record(demo):
    decided = Idea.objects.filter(stage__kind__in=DECISION_KINDS).select_related(
        "stage"
    )

    assert decided.exists()
    for idea in decided:
        record = idea.decisions.order_by("-created_at", "-pk").first()
        assert record.outcome == idea.stage.kind
        assert record.decision_source
        assert record.reasons_source
        assert record.alternatives_source
        assert record.deciders
        assert record.move.to_stage == idea.stage


def test_parked_ideas_come_back_on_a_day_to_come(demo):
    today = timezone.localdate()
    parked = DecisionRecord.objects.filter(outcome=StageKind.PARKED)

    assert parked.exists()
    assert not parked.filter(review_on__lte=today).exists()
    reviews = [
        path for path, _arguments in _queued() if path == review_parked_idea.module_path
    ]
    assert len(reviews) == parked.count()


def test_some_ideas_are_backed_some_not_and_some_changed_after_backing(demo):
    ideas = Idea.objects.annotate(
        backers=Count("supports", distinct=True),
        kept=Count("versions", distinct=True),
    )

    assert ideas.filter(support_count__gt=0).exists()
    assert ideas.filter(support_count=0).exists()
    assert ideas.filter(version__gt=1).exists()
    assert not ideas.exclude(support_count=F("backers")).exists()
    assert not ideas.exclude(version=F("kept")).exists()
    assert Support.objects.filter(version=1, idea__version__gt=1).exists()


def test_people_in_the_trip_belong_to_the_community(demo):
    def member(person):
        return Membership.objects.filter(
            community=OuterRef("idea__community"), person=OuterRef(person)
        )

    assert not Support.objects.exclude(Exists(member("person"))).exists()
    assert not StageMove.objects.exclude(Exists(member("moved_by"))).exists()
    leaders = StageMove.objects.filter(
        Exists(member("moved_by").filter(role__in=["owner", "leader"]))
    )
    assert leaders.count() == StageMove.objects.count()
    assert Idea.objects.filter(coauthors__isnull=False).exists()
    assert Idea.objects.filter(topics__isnull=False).exists()
    assert Follow.objects.filter(idea__isnull=False).count() > Idea.objects.count()


def test_every_idea_is_discussed_in_its_thread(demo):
    threads = Post.objects.filter(idea__isnull=False).annotate(
        replies=Count("comments")
    )

    assert threads.count() == Idea.objects.count()
    assert not threads.filter(replies=0).exists()
    assert not threads.exclude(comment_count=F("replies")).exists()
    assert Post.objects.filter(decision__isnull=False).count() == (
        DecisionRecord.objects.count()
    )


def test_the_history_is_in_the_past_and_in_order(demo):
    now = timezone.now()

    assert not Idea.objects.filter(created_at__lt=F("community__created_at")).exists()
    assert not Idea.objects.filter(created_at__gt=now).exists()
    assert not Idea.objects.filter(created_at__lt=now - timedelta(days=366)).exists()
    assert not StageMove.objects.filter(created_at__lt=F("idea__created_at")).exists()
    assert not Support.objects.filter(created_at__lt=F("idea__created_at")).exists()
    assert not Comment.objects.filter(
        post__idea__isnull=False, created_at__lt=F("post__created_at")
    ).exists()
    for idea in Idea.objects.prefetch_related("moves"):
        moved = max((move.created_at for move in idea.moves.all()), default=None)
        assert idea.stage_entered_at == (moved or idea.created_at)
    declined = StageMove.objects.filter(
        idea=OuterRef("idea"),
        to_stage__kind=StageKind.DECLINED,
        created_at__lt=OuterRef("created_at"),
    )
    assert not Support.objects.filter(Exists(declined)).exists()


def test_a_few_ideas_have_waited_long_enough_for_the_digest(demo):
    now = timezone.now()
    overdue = {found.community.pk: found for found in overdue_ideas()}

    assert set(overdue) == set(_goals().values_list("pk", flat=True))
    for community in _goals():
        waiting = waiting_ideas(community)
        assert waiting.filter(
            stage_entered_at__gte=now - timedelta(days=DEFAULT_WAITING_DAYS)
        ).exists()
        assert overdue[community.pk].leaders


def test_people_were_told_of_recent_moves_edits_and_replies(demo):
    now = timezone.now()
    told = Notification.objects.filter(kind__in=["idea_moved", "idea_edited"])

    assert told.filter(kind="idea_moved").exists()
    assert told.filter(kind="idea_edited").exists()
    assert Notification.objects.filter(
        kind="replied", target_type="post", target_id__in=Idea.objects.values("thread")
    ).exists()
    assert not told.filter(updated_at__lt=now - timedelta(days=NOTIFIED_DAYS + 1))
    assert not told.filter(updated_at__gt=now).exists()
    person = told.filter(kind="idea_moved").latest("updated_at").recipient
    shown = notification_page(person).items
    assert any(item.kind == "idea_moved" for item in shown)


def _queued():
    """The tasks waiting for the worker: (path, arguments) of each."""
    model = OutboxTask if uses_outbox() else DBTaskResult
    return list(model.objects.values_list("task_path", "args_kwargs"))


def test_the_worker_is_left_the_review_days_and_no_old_news(demo):
    ideas = [
        path for path, _arguments in _queued() if path.startswith("commonplace.ideas")
    ]
    indexed = {
        arguments["kwargs"]["kind"]
        for path, arguments in _queued()
        if path == index_documents.module_path
    }
    told = {notify_comment_added.module_path, notify_mentions.module_path}

    assert set(ideas) == {review_parked_idea.module_path}
    assert not indexed & {"idea", "decision"}
    assert not told & {path for path, _arguments in _queued()}


def test_ideas_and_decisions_are_found_by_the_search(demo):
    indexed = SearchDocument.objects.values_list("kind", "object_id")

    ideas = set(Idea.objects.values_list("pk", flat=True))
    decisions = set(DecisionRecord.objects.values_list("pk", flat=True))
    threads = set(Post.objects.filter(idea__isnull=False).values_list("pk", flat=True))
    assert {pk for kind, pk in indexed if kind == "idea"} == ideas
    assert {pk for kind, pk in indexed if kind == "decision"} == decisions
    assert threads <= {pk for kind, pk in indexed if kind == "post"}
    idea = Idea.objects.earliest("pk")
    member = Membership.objects.filter(community=idea.community_id).first().person
    word = max(idea.title.split(), key=len)
    found = search(
        member, word, kind="idea", filters=Filters(community_id=idea.community_id)
    )
    assert idea.pk in {hit.item.pk for hit in found.page.items}


def _ideas_proposed(seed):
    """What the step proposes with this seed in the demo's communities,
    rolled back after, so every run starts from the same organisation."""
    with transaction.atomic():
        before = Idea.objects.order_by("-pk").values_list("pk", flat=True).first()
        propose_ideas(Community.objects.all(), seed=seed, now=timezone.now())
        ideas = list(
            Idea.objects.filter(pk__gt=before)
            .order_by("pk")
            .values_list(
                "community__name",
                "title",
                "problem_source",
                "stage__name",
                "support_count",
                "version",
                "author__display_name",
            )
        )
        transaction.set_rollback(True)
    return ideas


def test_the_same_seed_proposes_the_same_ideas(demo):
    assert _ideas_proposed(7) == _ideas_proposed(7)
