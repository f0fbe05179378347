"""`commonplace generate`: an organisation of any size, written community
by community, resumable after an interruption."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from commonplace.communities.models import Community
from commonplace.demo import activity
from commonplace.demo.activity import Activity
from commonplace.demo.circles import circles_from_database
from commonplace.demo.threads import Ids
from commonplace.knowledge.models import Post
from commonplace.notifications.models import Notification
from commonplace.people.models import User
from commonplace.people.tests.factories import UserFactory
from commonplace.search.models import SearchDocument
from commonplace.search.registry import Filters
from commonplace.search.selectors import search

pytestmark = pytest.mark.django_db

SMALL = 40
POSTS = 600


def _generate(*args):
    out = StringIO()
    call_command(
        "generate", "--people", str(SMALL), "--communities", "18", *args, stdout=out
    )
    return out.getvalue()


def test_generate_builds_an_organisation_and_prints_its_rate():
    output = _generate("--posts", str(POSTS))

    assert Community.objects.count() == 18
    assert Post.objects.count() == POSTS
    assert "posts/s" in output
    assert "member@demo.commonplace.test" in output


def test_what_generate_writes_is_found_by_the_search():
    output = _generate("--posts", str(POSTS))

    indexed = SearchDocument.objects.filter(kind="post").count()
    assert indexed == Post.objects.filter(deleted_at=None, hidden_at=None).count()
    assert SearchDocument.objects.filter(kind="person").exists()
    assert "Indexed for the search in" in output
    live = Post.objects.filter(deleted_at=None, hidden_at=None).exclude(title="")
    post = live.earliest("pk")
    reader = User.objects.filter(memberships__community=post.community_id).first()
    word = max(post.title.split(), key=len)
    found = search(reader, word, filters=Filters(community_id=post.community_id))
    assert found.page.items
    assert {hit.item.community_id for hit in found.page.items} == {post.community_id}


def test_an_interrupted_run_keeps_whole_communities_and_the_next_finishes(
    monkeypatch,
):
    """Stopped in the middle of a community, a run keeps the communities it
    finished and none of the one it was writing; run again, it writes the
    rest, and a third run adds nothing."""
    real_write = activity.write
    calls = {"count": 0}

    def write_then_stop(prepared):
        calls["count"] += 1
        if calls["count"] == 40:
            raise KeyboardInterrupt
        return real_write(prepared)

    monkeypatch.setattr(activity, "write", write_then_stop)
    with pytest.raises(CommandError, match="Interrupted"):
        _generate("--posts", str(POSTS))
    kept = Post.objects.count()
    monkeypatch.setattr(activity, "write", real_write)

    _generate("--posts", str(POSTS))
    notifications = Notification.objects.count()
    _generate("--posts", str(POSTS))

    assert 0 < kept < POSTS
    assert Post.objects.count() == POSTS
    assert Notification.objects.count() == notifications


def test_generate_refuses_a_database_that_holds_other_people():
    UserFactory()

    with pytest.raises(CommandError, match="empty database"):
        _generate("--posts", "10")


@pytest.mark.parametrize(
    "args",
    [
        ("--posts", "-1"),
        ("--communities", "0"),
        ("--days", "0"),
        ("--people", "3"),
    ],
)
def test_generate_refuses_sizes_out_of_range(args):
    with pytest.raises(CommandError, match="must be"):
        call_command("generate", *args, stdout=StringIO())


def test_the_same_seed_plans_the_same_year():
    call_command("demo", "--people", str(SMALL), stdout=StringIO())
    circles = circles_from_database(seed=7)
    now = timezone.now()

    first = [chunk.rows[0].rows[:5] for chunk in _plan(circles, now)]
    second = [chunk.rows[0].rows[:5] for chunk in _plan(circles, now)]

    assert first == second


def _plan(circles, now):
    planned = Activity(circles, posts=200, seed=7, now=now)
    return list(planned.chunks(list(range(len(circles))), Ids(1, 1, 1, 1)))
