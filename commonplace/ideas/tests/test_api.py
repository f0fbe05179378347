"""The ideas API: every operation, its bad input, and query counts."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from commonplace.communities.models import Role, Visibility
from commonplace.ideas import services
from commonplace.ideas.models import (
    MAX_TITLE_LENGTH,
    DecisionRecord,
    Idea,
    IdeaSettings,
    IdeaVersion,
    Stage,
    StageKind,
    StageMove,
    Support,
)
from commonplace.ideas.tests.factories import IdeaFactory, goal_community, member_of
from commonplace.knowledge.models import Post
from commonplace.people.models import Follow
from commonplace.people.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

JSON = "application/json"
# Queries per request, whatever the number of rows: the session and the
# person, then the community (with the caller's role) or the idea (with
# its community, stage, author and the caller's role), then the rows.
# One idea also reads the caller's support and follow, its moves,
# decisions, co-authors, topics and stages (the page's reading, the moves
# and stages unused here) and whether the caller co-wrote it.
QUERIES = {"list": 4, "decisions": 4, "supporters": 4, "idea": 11}


def _url(name, *args):
    return reverse(f"api:ideas-{name}", args=args)


def _is_error_shape(body):
    return set(body) == {"detail", "fields"} and isinstance(body["detail"], str)


def _refused(response, status, field=None):
    """The answer is `status` in the one error shape, naming `field`."""
    assert response.status_code == status, response.content
    body = response.json()
    assert _is_error_shape(body)
    if field is not None:
        assert field in body["fields"], body
    return body


def _signed_in(client, community, role=Role.MEMBER):
    person = member_of(community, role)
    client.force_login(person)
    return person


def _stage(community, kind=StageKind.STEP, index=0):
    return Stage.objects.filter(community=community, kind=kind)[index]


def _record(**fields):
    return {
        "decision": "We release on Tuesdays from March.",
        "reasons": "Fewer weekend incidents.",
        "deciders": "The release group",
        **fields,
    }


def _draft(**fields):
    return services.DecisionDraft(**_record(**fields))


def _idea_body(**fields):
    return {
        "title": "Release on Tuesdays",
        "problem": "Friday releases break *weekends*.",
        "proposal": "Move the release train.",
        "impact": "Quiet weekends.",
        **fields,
    }


def _propose(client, community, **fields):
    return client.post(
        _url("list", community.slug), _idea_body(**fields), content_type=JSON
    )


def _move(client, idea, stage, **fields):
    return client.post(
        _url("moves", idea.pk), {"stage": stage.pk, **fields}, content_type=JSON
    )


def _decide(idea, leader, kind=StageKind.DECIDED, **fields):
    return services.move_idea(
        idea=idea,
        to_stage=_stage(idea.community, kind),
        moved_by=leader,
        message="Decided at the review.",
        decision=_draft(**fields),
    )


@pytest.fixture
def trip():
    """A goal community, its leader and a plain member."""
    community, leader = goal_community()
    return community, leader, member_of(community)


# --- A community's ideas --------------------------------------------------------------


def test_a_reader_lists_ideas_with_their_stage_support_and_whether_they_back_them(
    client, trip
):
    community, _leader, member = trip
    older = IdeaFactory(community=community, author=member)
    newer = IdeaFactory(community=community, author=member)
    me = _signed_in(client, community, Role.GUEST)
    services.support_idea(idea=older, person=me)

    response = client.get(_url("list", community.slug))

    assert response.status_code == 200
    body = response.json()
    assert [item["id"] for item in body["items"]] == [newer.pk, older.pk]
    assert body["next_cursor"] is None
    first, second = body["items"]
    assert first["stage"] == {
        "id": newer.stage_id,
        "name": "Proposed",
        "kind": "step",
    }
    assert first["author"] == {"id": member.pk, "display_name": member.display_name}
    assert first["url"] == f"/ideas/{newer.pk}/"
    assert (first["support_count"], first["viewer_supports"]) == (0, False)
    assert (second["support_count"], second["viewer_supports"]) == (1, True)
    assert {"created_at", "stage_entered_at", "title"} <= set(first)


def test_ideas_come_in_the_order_asked_and_of_the_stage_asked(client, trip):
    community, leader, member = trip
    backed, waiting, moved = (
        IdeaFactory(community=community, author=member) for _ in range(3)
    )
    services.support_idea(idea=backed, person=leader)
    Idea.objects.filter(pk=waiting.pk).update(
        stage_entered_at=timezone.now() - timedelta(days=30)
    )
    discussion = _stage(community, index=1)
    services.move_idea(idea=moved, to_stage=discussion, moved_by=leader)
    _signed_in(client, community)

    def ids(**query):
        response = client.get(_url("list", community.slug), query)
        assert response.status_code == 200, response.content
        return [item["id"] for item in response.json()["items"]]

    assert ids(order="supported")[0] == backed.pk
    assert ids(order="waiting") == [waiting.pk, backed.pk, moved.pk]
    assert ids(stage=discussion.pk) == [moved.pk]
    assert ids(size=1, order="newest") == [moved.pk]


def test_the_idea_list_pages_with_a_cursor(client, trip):
    community, _leader, member = trip
    ideas = [IdeaFactory(community=community, author=member) for _ in range(3)]
    _signed_in(client, community)

    first = client.get(_url("list", community.slug), {"size": 2}).json()
    rest = client.get(
        _url("list", community.slug), {"size": 2, "cursor": first["next_cursor"]}
    ).json()

    seen = [item["id"] for item in first["items"] + rest["items"]]
    assert seen == [idea.pk for idea in reversed(ideas)]
    assert rest["next_cursor"] is None


def test_bad_list_parameters_are_refused_in_the_one_shape(client, trip):
    community, _leader, member = trip
    IdeaFactory(community=community, author=member)
    elsewhere = IdeaFactory()
    _signed_in(client, community)
    url = _url("list", community.slug)

    _refused(client.get(url, {"order": "loudest"}), 400, "order")
    _refused(client.get(url, {"cursor": "not-a-cursor"}), 400)
    _refused(client.get(url, {"stage": 999_999}), 400, "stage")
    _refused(client.get(url, {"stage": elsewhere.stage_id}), 400, "stage")
    _refused(client.get(url, {"stage": "first"}), 422, "stage")
    _refused(client.get(url, {"size": 0}), 422, "size")


def test_a_private_communitys_ideas_are_not_found_by_outsiders(client):
    community, _leader = goal_community(visibility=Visibility.PRIVATE)
    idea = IdeaFactory(community=community)
    decision = _decide(idea, _leader)
    client.force_login(UserFactory())

    for url in (
        _url("list", community.slug),
        _url("waiting", community.slug),
        _url("stages", community.slug),
        _url("decisions", community.slug),
        _url("idea", idea.pk),
        _url("supporters", idea.pk),
        _url("moves", idea.pk),
        _url("versions", idea.pk),
        _url("version", idea.pk, 1),
        _url("decision", decision.decision_id),
    ):
        _refused(client.get(url), 404)
    _refused(client.put(_url("support", idea.pk)), 404)
    _refused(client.put(_url("follow", idea.pk)), 404)
    _refused(_propose(client, community), 404)


def test_anonymous_callers_must_sign_in(client, trip):
    community, _leader, member = trip
    idea = IdeaFactory(community=community, author=member)

    _refused(client.get(_url("list", community.slug)), 401)
    _refused(client.get(_url("idea", idea.pk)), 401)
    _refused(client.put(_url("support", idea.pk)), 401)


# --- Proposing ------------------------------------------------------------------------


def test_a_member_proposes_an_idea_and_gets_it_in_full(client, trip):
    community, _leader, colleague = trip
    me = _signed_in(client, community)

    response = _propose(
        client, community, topics=["Releases", "CI"], coauthors=[colleague.pk]
    )

    assert response.status_code == 201, response.content
    body = response.json()
    idea = Idea.objects.get(pk=body["id"])
    assert idea.author == me
    assert body["problem_source"] == "Friday releases break *weekends*."
    assert "<em>weekends</em>" in body["problem_html"]
    assert body["proposal_source"] == "Move the release train."
    assert body["impact_html"].startswith("<p>Quiet weekends.")
    assert sorted(t["name"] for t in body["topics"]) == ["CI", "Releases"]
    assert body["coauthors"] == [
        {"id": colleague.pk, "display_name": colleague.display_name}
    ]
    assert body["version"] == 1
    assert body["stage"]["name"] == "Proposed"
    assert body["support_count"] == 0
    assert body["community"] == {"slug": community.slug, "name": community.name}
    assert body["thread_id"] == idea.thread_id
    assert body["thread_url"] == f"/posts/{idea.thread_id}/"
    assert body["viewer"] == {
        "supported_version": None,
        "follows": True,
        "may_support": True,
        "may_edit": True,
        "may_move": False,
    }
    assert body["decisions"] == []


def test_proposing_ignores_what_the_schema_does_not_take(client, trip):
    community, _leader, _member = trip
    me = _signed_in(client, community)
    other = UserFactory()

    response = _propose(
        client,
        community,
        author=other.pk,
        support_count=40,
        stage=999,
    )

    assert response.status_code == 201
    idea = Idea.objects.get(pk=response.json()["id"])
    assert (idea.author, idea.support_count, idea.stage.name) == (me, 0, "Proposed")


def test_a_title_too_long_or_a_missing_problem_is_refused_and_nothing_is_written(
    client, trip
):
    community, _leader, _member = trip
    _signed_in(client, community)
    posts = Post.objects.count()

    too_long = _refused(
        _propose(client, community, title="x" * (MAX_TITLE_LENGTH + 1)), 400, "title"
    )
    blank = _refused(_propose(client, community, title="  ", problem=""), 400)

    assert str(MAX_TITLE_LENGTH) in too_long["fields"]["title"][0]
    assert set(blank["fields"]) == {"title", "problem"}
    assert not Idea.objects.exists()
    assert not Stage.objects.exists()
    assert Post.objects.count() == posts


def test_a_missing_title_or_a_wrong_type_is_refused_by_the_schema_in_the_one_shape(
    client, trip
):
    community, _leader, _member = trip
    _signed_in(client, community)

    missing = client.post(
        _url("list", community.slug), {"problem": "It hurts."}, content_type=JSON
    )
    wrong = _propose(client, community, coauthors="everyone")

    _refused(missing, 422, "title")
    _refused(wrong, 422, "coauthors")
    assert not Idea.objects.exists()


def test_co_authors_must_exist_and_read_the_community(client):
    community, _leader = goal_community(visibility=Visibility.PRIVATE)
    _signed_in(client, community)
    outsider = UserFactory(display_name="Olga Outside")

    unknown = _refused(_propose(client, community, coauthors=[999_999]), 400)
    cannot_read = _refused(_propose(client, community, coauthors=[outsider.pk]), 400)
    too_many = _refused(
        _propose(
            client, community, coauthors=[member_of(community).pk for _ in range(7)]
        ),
        400,
        "coauthors",
    )

    assert "999999" in unknown["fields"]["coauthors"][0]
    assert "Olga Outside" in cannot_read["fields"]["coauthors"][0]
    assert "5" in too_many["detail"]
    assert not Idea.objects.exists()


def test_guests_may_not_propose(client, trip):
    community, _leader, _member = trip
    _signed_in(client, community, Role.GUEST)

    _refused(_propose(client, community), 403)


def test_markdown_in_an_idea_is_sanitised(client, trip):
    community, _leader, _member = trip
    _signed_in(client, community)

    body = _propose(
        client, community, problem='<script>alert(1)</script><img src=x onerror="x">'
    ).json()

    assert "<script" not in body["problem_html"]
    assert "<img" not in body["problem_html"]


# --- Similar and waiting ideas --------------------------------------------------------


def test_similar_ideas_are_the_communitys_ideas_like_the_words_typed(
    client, trip, run_tasks
):
    community, _leader, member = trip
    alike = IdeaFactory(
        community=community,
        author=member,
        title="Release on Tuesdays instead of Fridays",
        problem="Weekend incidents after Friday releases.",
    )
    IdeaFactory(
        community=community,
        author=member,
        title="A quieter office",
        problem="Too much noise near the kitchen.",
        proposal="Move the desks.",
        impact="Calmer days.",
    )
    IdeaFactory(
        title="Tuesdays releases elsewhere", problem="Friday releases, elsewhere."
    )
    run_tasks()
    _signed_in(client, community)

    found = client.get(_url("similar", community.slug), {"q": "Friday releases"})
    blank = client.get(_url("similar", community.slug), {"q": "   "})

    assert found.status_code == 200
    items = found.json()["items"]
    assert [item["id"] for item in items] == [alike.pk]
    assert items[0]["stage"]["name"] == "Proposed"
    assert items[0]["url"] == f"/ideas/{alike.pk}/"
    assert items[0]["support_count"] == 0
    assert blank.json() == {"items": []}


def test_waiting_ideas_are_the_longest_without_a_move_and_the_threshold(client, trip):
    community, leader, member = trip
    old, recent, declined = (
        IdeaFactory(community=community, author=member) for _ in range(3)
    )
    Idea.objects.filter(pk=old.pk).update(
        stage_entered_at=timezone.now() - timedelta(days=20)
    )
    _decide(declined, leader, StageKind.DECLINED)
    services.set_waiting_days(community=community, changed_by=leader, days=10)
    _signed_in(client, community)

    body = client.get(_url("waiting", community.slug)).json()

    assert [item["id"] for item in body["items"]] == [old.pk, recent.pk]
    assert body["items"][0]["days_waiting"] == 20
    assert body["waiting_days"] == 10


# --- One idea -------------------------------------------------------------------------


def test_an_idea_shows_the_callers_own_standing(client, trip):
    community, leader, member = trip
    idea = IdeaFactory(community=community, author=member)
    services.support_idea(idea=idea, person=leader)
    client.force_login(leader)

    as_leader = client.get(_url("idea", idea.pk)).json()
    client.force_login(member_of(community, Role.GUEST))
    as_guest = client.get(_url("idea", idea.pk)).json()

    assert as_leader["viewer"] == {
        "supported_version": 1,
        "follows": False,
        "may_support": True,
        "may_edit": True,
        "may_move": True,
    }
    assert as_leader["support_count"] == 1
    assert as_guest["viewer"]["may_edit"] is False
    assert as_guest["viewer"]["may_move"] is False


def test_an_idea_that_does_not_exist_is_not_found(client, trip):
    community, _leader, _member = trip
    _signed_in(client, community)

    _refused(client.get(_url("idea", 999_999)), 404)
    _refused(client.get("/api/v1/ideas/first"), 422)


def test_an_author_edits_an_idea_and_what_is_left_out_stays(client, trip):
    community, leader, member = trip
    idea = IdeaFactory(community=community, author=member, proposal="Pair on builds.")
    services.support_idea(idea=idea, person=leader)
    client.force_login(member)
    colleague = member_of(community)

    response = client.patch(
        _url("idea", idea.pk),
        {"problem": "Builds break on **Fridays**.", "topics": ["Builds"]},
        content_type=JSON,
    )
    coauthored = client.patch(
        _url("idea", idea.pk), {"coauthors": [colleague.pk]}, content_type=JSON
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["version"] == 2
    assert "<strong>Fridays</strong>" in body["problem_html"]
    assert body["title"] == idea.title
    assert body["proposal_source"] == "Pair on builds."
    assert [t["name"] for t in body["topics"]] == ["Builds"]
    assert coauthored.json()["coauthors"][0]["id"] == colleague.pk
    assert coauthored.json()["version"] == 2
    assert IdeaVersion.objects.filter(idea=idea).count() == 2


def test_an_edit_with_a_blank_or_too_long_title_changes_nothing(client, trip):
    community, _leader, member = trip
    idea = IdeaFactory(community=community, author=member)
    client.force_login(member)

    blank = client.patch(_url("idea", idea.pk), {"title": " "}, content_type=JSON)
    too_long = client.patch(
        _url("idea", idea.pk),
        {"title": "x" * (MAX_TITLE_LENGTH + 1), "topics": ["Changed"]},
        content_type=JSON,
    )
    no_problem = client.patch(_url("idea", idea.pk), {"problem": ""}, content_type=JSON)

    _refused(blank, 400, "title")
    _refused(too_long, 400, "title")
    _refused(no_problem, 400, "problem")
    unchanged = Idea.objects.get(pk=idea.pk)
    assert (unchanged.title, unchanged.version) == (idea.title, 1)
    assert not unchanged.topics.exists()


def test_only_authors_and_moderators_edit_an_idea(client, trip):
    community, _leader, member = trip
    idea = IdeaFactory(community=community, author=member)
    _signed_in(client, community)

    refused = client.patch(_url("idea", idea.pk), {"title": "Mine"}, content_type=JSON)
    client.force_login(member_of(community, Role.MODERATOR))
    fixed = client.patch(_url("idea", idea.pk), {"title": "Fixed"}, content_type=JSON)

    _refused(refused, 403)
    assert fixed.json()["title"] == "Fixed"


# --- Support and follow ---------------------------------------------------------------


def test_support_once_and_withdraw_once(client, trip):
    community, _leader, member = trip
    idea = IdeaFactory(community=community, author=member)
    me = _signed_in(client, community, Role.GUEST)
    url = _url("support", idea.pk)

    given = client.put(url)
    twice = client.put(url)
    withdrawn = client.delete(url)
    again = client.delete(url)

    assert given.json() == {
        "supports": True,
        "supported_version": 1,
        "support_count": 1,
    }
    assert _refused(twice, 409)["detail"] == "You already support this idea."
    assert withdrawn.json() == {
        "supports": False,
        "supported_version": None,
        "support_count": 0,
    }
    assert _refused(again, 409)["detail"] == "You do not support this idea."
    assert not Support.objects.filter(person=me).exists()


def test_readers_without_a_role_may_not_support_and_a_declined_idea_takes_none(
    client, trip
):
    community, leader, member = trip
    idea = IdeaFactory(community=community, author=member)
    declined = IdeaFactory(community=community, author=member)
    _decide(declined, leader, StageKind.DECLINED)
    client.force_login(UserFactory())
    outsider = client.put(_url("support", idea.pk))
    client.force_login(member)

    _refused(outsider, 403)
    _refused(client.put(_url("support", declined.pk)), 409)
    assert client.get(_url("idea", declined.pk)).json()["viewer"]["may_support"] is (
        False
    )


def test_supporters_are_listed_newest_first_with_the_version_backed(client, trip):
    community, _leader, member = trip
    idea = IdeaFactory(community=community, author=member)
    first, second = member_of(community), member_of(community)
    services.support_idea(idea=idea, person=first)
    services.edit_idea(
        idea=idea,
        edited_by=member,
        draft=services.IdeaDraft(title=idea.title, problem="A sharper problem."),
    )
    services.support_idea(idea=idea, person=second)
    client.force_login(member)

    page = client.get(_url("supporters", idea.pk), {"size": 1}).json()
    rest = client.get(
        _url("supporters", idea.pk), {"size": 1, "cursor": page["next_cursor"]}
    ).json()

    assert [(i["person"]["id"], i["version"]) for i in page["items"]] == [
        (second.pk, 2)
    ]
    assert [(i["person"]["id"], i["version"]) for i in rest["items"]] == [(first.pk, 1)]
    _refused(client.get(_url("supporters", idea.pk), {"cursor": "nope"}), 400)


def test_follow_and_unfollow_an_idea(client, trip):
    community, _leader, member = trip
    idea = IdeaFactory(community=community, author=member)
    client.force_login(UserFactory())  # reads the public community
    url = _url("follow", idea.pk)

    followed = client.put(url)
    twice = client.put(url)
    shown = client.get(_url("idea", idea.pk)).json()["viewer"]["follows"]
    unfollowed = client.delete(url)

    assert followed.json() == twice.json() == {"follows": True}
    assert shown is True
    assert unfollowed.json() == {"follows": False}
    assert client.delete(url).json() == {"follows": False}
    assert Follow.objects.filter(idea=idea).count() == 1  # the author's


# --- Moves and decisions --------------------------------------------------------------


def test_a_leader_moves_an_idea_and_its_history_shows_it(client, trip):
    community, leader, member = trip
    idea = IdeaFactory(community=community, author=member)
    discussion = _stage(community, index=1)
    client.force_login(leader)

    response = _move(client, idea, discussion, message="Let's talk it through.")
    history = client.get(_url("moves", idea.pk)).json()

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["from_name"] == "Proposed"
    assert body["to_name"] == "Under discussion"
    assert body["to_stage_id"] == discussion.pk
    assert body["moved_by"]["id"] == leader.pk
    assert body["message"] == "Let's talk it through."
    assert (body["decision_id"], body["decision"]) == (None, None)
    assert [item["id"] for item in history["items"]] == [body["id"]]
    assert Idea.objects.get(pk=idea.pk).stage == discussion


def test_a_move_to_a_decision_stage_records_the_decision(client, trip):
    community, leader, member = trip
    idea = IdeaFactory(community=community, author=member)
    client.force_login(leader)

    response = _move(
        client,
        idea,
        _stage(community, StageKind.DECIDED),
        message="Agreed.",
        decision=_record(alternatives="Keep **Fridays**."),
    )

    assert response.status_code == 201, response.content
    decision = response.json()["decision"]
    record = DecisionRecord.objects.get()
    assert response.json()["decision_id"] == record.pk == decision["id"]
    assert decision["outcome"] == "decided"
    assert decision["decision_source"] == "We release on Tuesdays from March."
    assert "<strong>Fridays</strong>" in decision["alternatives_html"]
    assert decision["deciders"] == "The release group"
    assert decision["recorded_by"]["id"] == leader.pk
    assert decision["idea"] == {
        "id": idea.pk,
        "title": idea.title,
        "url": f"/ideas/{idea.pk}/",
    }
    assert decision["thread_id"] == record.thread_id
    history = client.get(_url("moves", idea.pk)).json()["items"]
    assert history[0]["decision_id"] == record.pk
    shown = client.get(_url("idea", idea.pk)).json()["decisions"]
    assert [(d["id"], d["outcome"]) for d in shown] == [(record.pk, "decided")]


def test_a_decision_stage_without_a_record_is_refused_and_nothing_moves(client, trip):
    community, leader, member = trip
    idea = IdeaFactory(community=community, author=member)
    client.force_login(leader)
    decided = _stage(community, StageKind.DECIDED)

    missing = _move(client, idea, decided)
    incomplete = _move(client, idea, decided, decision={"decision": "Yes."})

    _refused(missing, 400, "decision")
    assert set(_refused(incomplete, 400)["fields"]) == {"reasons", "deciders"}
    assert not StageMove.objects.exists()
    assert not DecisionRecord.objects.exists()
    assert Idea.objects.get(pk=idea.pk).stage.name == "Proposed"


def test_parking_needs_a_day_after_today(client, trip):
    community, leader, member = trip
    idea = IdeaFactory(community=community, author=member)
    client.force_login(leader)
    parked = _stage(community, StageKind.PARKED)
    posts = Post.objects.count()
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    next_month = (timezone.localdate() + timedelta(days=30)).isoformat()

    past = _move(client, idea, parked, decision=_record(review_on=yesterday))
    none = _move(client, idea, parked, decision=_record())
    garbled = _move(client, idea, parked, decision=_record(review_on="soon"))
    assert not DecisionRecord.objects.exists()
    assert Post.objects.count() == posts
    later = _move(client, idea, parked, decision=_record(review_on=next_month))

    _refused(past, 400, "review_on")
    _refused(none, 400, "review_on")
    _refused(garbled, 422, "decision.review_on")
    assert later.status_code == 201
    assert later.json()["decision"]["review_on"] == next_month


def test_a_move_refused_late_writes_nothing(client, trip):
    """The decision is valid, the message too long: no record, no thread."""
    community, leader, member = trip
    idea = IdeaFactory(community=community, author=member)
    client.force_login(leader)
    posts = Post.objects.count()

    response = _move(
        client,
        idea,
        _stage(community, StageKind.DECIDED),
        message="x" * 5_000,
        decision=_record(),
    )

    _refused(response, 400, "message")
    assert not DecisionRecord.objects.exists()
    assert not StageMove.objects.exists()
    assert Post.objects.count() == posts


def test_bad_moves_are_refused_with_the_reason(client, trip):
    community, leader, member = trip
    idea = IdeaFactory(community=community, author=member)
    elsewhere = IdeaFactory()
    client.force_login(leader)

    _refused(_move(client, idea, Stage(pk=999_999)), 400, "stage")
    _refused(_move(client, idea, elsewhere.stage), 400, "stage")
    _refused(_move(client, idea, idea.stage), 409)
    _refused(
        _move(client, idea, _stage(community, index=1), decision=_record()),
        400,
        "decision",
    )
    _refused(
        client.post(_url("moves", idea.pk), {"message": "?"}, content_type=JSON),
        422,
        "stage",
    )


def test_only_leaders_move_ideas(client, trip):
    community, _leader, member = trip
    idea = IdeaFactory(community=community, author=member)
    client.force_login(member_of(community, Role.MODERATOR))

    _refused(_move(client, idea, _stage(community, index=1)), 403)
    _refused(_move(client, idea, Stage(pk=999_999)), 403)
    assert not StageMove.objects.exists()


def test_the_communitys_decisions_are_listed_and_filtered_by_outcome(client, trip):
    community, leader, member = trip
    decided = _decide(IdeaFactory(community=community, author=member), leader)
    declined = _decide(
        IdeaFactory(community=community, author=member), leader, StageKind.DECLINED
    )
    _signed_in(client, community, Role.GUEST)
    url = _url("decisions", community.slug)

    everything = client.get(url).json()["items"]
    only_declined = client.get(url, {"outcome": "declined"}).json()["items"]

    assert [d["id"] for d in everything] == [
        declined.decision_id,
        decided.decision_id,
    ]
    assert [d["id"] for d in only_declined] == [declined.decision_id]
    first = everything[0]
    assert first["outcome"] == "declined"
    assert first["decision_excerpt"] == "We release on Tuesdays from March."
    assert first["recorded_by"]["id"] == leader.pk
    assert first["idea"]["id"] == declined.idea_id
    assert first["url"] == f"/decisions/{declined.decision_id}/"
    _refused(client.get(url, {"outcome": "maybe"}), 400, "outcome")
    _refused(client.get(url, {"cursor": "nope"}), 400)


def test_one_decision_record_in_full(client, trip):
    community, leader, member = trip
    idea = IdeaFactory(community=community, author=member)
    move = _decide(idea, leader, reasons="Fewer *incidents*.")
    _signed_in(client, community)

    body = client.get(_url("decision", move.decision_id)).json()

    record = DecisionRecord.objects.get()
    assert body["reasons_source"] == "Fewer *incidents*."
    assert "<em>incidents</em>" in body["reasons_html"]
    assert body["alternatives_source"] == ""
    assert body["deciders"] == "The release group"
    assert body["review_on"] is None
    assert body["stage_name"] == "Decided"
    assert body["community"]["slug"] == community.slug
    assert body["idea"]["title"] == idea.title
    assert (body["thread_id"], body["thread_url"]) == (
        record.thread_id,
        f"/posts/{record.thread_id}/",
    )
    _refused(client.get(_url("decision", 999_999)), 404)


# --- Versions -------------------------------------------------------------------------


def test_every_version_of_an_idea_stays_readable(client, trip):
    community, _leader, member = trip
    idea = IdeaFactory(community=community, author=member, problem="The first words.")
    services.edit_idea(
        idea=idea,
        edited_by=member,
        draft=services.IdeaDraft(title="Better title", problem="Second words."),
    )
    _signed_in(client, community)

    versions = client.get(_url("versions", idea.pk)).json()["items"]
    first = client.get(_url("version", idea.pk, 1)).json()

    assert [(v["number"], v["title"]) for v in versions] == [
        (2, "Better title"),
        (1, idea.title),
    ]
    assert versions[1]["written_by"]["id"] == member.pk
    assert first["problem_source"] == "The first words."
    assert first["problem_html"].startswith("<p>The first words.")
    _refused(client.get(_url("version", idea.pk, 3)), 404)


# --- Stages and settings --------------------------------------------------------------


def test_stages_are_listed_in_order_with_their_idea_counts(client, trip):
    community, _leader, member = trip
    _signed_in(client, community, Role.GUEST)
    before = client.get(_url("stages", community.slug)).json()
    IdeaFactory(community=community, author=member)

    after = client.get(_url("stages", community.slug)).json()["items"]

    assert before == {"items": []}
    assert [s["name"] for s in after] == [
        name for name, _kind, _final in services.DEFAULT_STAGES
    ]
    assert after[0]["idea_count"] == 1
    assert after[3]["kind"] == "decided" and after[3]["needs_decision"] is True
    assert [s["is_final"] for s in after].count(True) == 1


def test_a_leader_adds_a_stage_to_a_community_without_stages(client, trip):
    community, leader, _member = trip
    client.force_login(leader)

    response = client.post(
        _url("stages", community.slug),
        {"name": "Piloted", "kind": "step"},
        content_type=JSON,
    )

    assert response.status_code == 201, response.content
    assert response.json()["name"] == "Piloted"
    names = [s.name for s in Stage.objects.filter(community=community)]
    assert names == [*(n for n, _k, _f in services.DEFAULT_STAGES), "Piloted"]


def test_bad_or_unallowed_stage_additions_are_refused(client, trip):
    community, leader, _member = trip
    url = _url("stages", community.slug)
    client.force_login(leader)

    bad_kind = client.post(url, {"name": "Later", "kind": "maybe"}, content_type=JSON)
    taken = client.post(url, {"name": "proposed"}, content_type=JSON)
    blank = client.post(url, {"name": "  "}, content_type=JSON)
    client.force_login(member_of(community, Role.MODERATOR))
    not_leader = client.post(url, {"name": "Mine"}, content_type=JSON)

    _refused(bad_kind, 400, "kind")
    _refused(taken, 400, "name")
    _refused(blank, 400, "name")
    _refused(not_leader, 403)


def test_a_leader_renames_and_moves_a_stage_at_once(client, trip):
    community, leader, member = trip
    IdeaFactory(community=community, author=member)
    discussion = _stage(community, index=1)
    client.force_login(leader)

    response = client.patch(
        _url("stage", community.slug, discussion.pk),
        {"name": "Talked through", "offset": -1},
        content_type=JSON,
    )

    assert response.status_code == 200, response.content
    names = [s["name"] for s in response.json()["items"]]
    assert names[:2] == ["Talked through", "Proposed"]


def test_bad_stage_changes_are_refused_and_change_nothing(client, trip):
    community, leader, member = trip
    IdeaFactory(community=community, author=member)
    other = IdeaFactory()
    discussion = _stage(community, index=1)
    url = _url("stage", community.slug, discussion.pk)
    client.force_login(leader)

    far = client.patch(url, {"name": "Renamed", "offset": 2}, content_type=JSON)
    empty = client.patch(url, {}, content_type=JSON)
    taken = client.patch(url, {"name": "Decided"}, content_type=JSON)
    unknown = client.patch(
        _url("stage", community.slug, 999_999), {"name": "X"}, content_type=JSON
    )
    foreign = client.patch(
        _url("stage", community.slug, other.stage_id), {"name": "X"}, content_type=JSON
    )
    client.force_login(member)
    not_leader = client.patch(url, {"name": "Mine"}, content_type=JSON)

    _refused(far, 400, "offset")
    _refused(empty, 400)
    _refused(taken, 400, "name")
    _refused(unknown, 404)
    _refused(foreign, 404)
    _refused(not_leader, 403)
    assert Stage.objects.get(pk=discussion.pk).name == "Under discussion"
    assert Stage.objects.get(pk=other.stage_id).name == "Proposed"


def test_a_leader_deletes_an_empty_stage_but_not_one_holding_ideas(client, trip):
    community, leader, member = trip
    idea = IdeaFactory(community=community, author=member)
    empty = _stage(community, index=2)
    client.force_login(leader)

    deleted = client.delete(_url("stage", community.slug, empty.pk))
    holding = client.delete(_url("stage", community.slug, idea.stage_id))
    last_parked = client.delete(
        _url("stage", community.slug, _stage(community, StageKind.PARKED).pk)
    )
    client.force_login(member)
    not_leader = client.delete(_url("stage", community.slug, _stage(community).pk))

    assert deleted.status_code == 204
    assert not Stage.objects.filter(pk=empty.pk).exists()
    assert "move them" in _refused(holding, 409)["detail"]
    _refused(last_parked, 409)
    _refused(not_leader, 403)


def test_idea_settings_are_the_leaders(client, trip):
    community, leader, _member = trip
    url = _url("settings", community.slug)
    client.force_login(leader)

    default = client.get(url).json()
    changed = client.put(url, {"waiting_days": 30}, content_type=JSON)
    out_of_range = client.put(url, {"waiting_days": 0}, content_type=JSON)
    not_a_number = client.put(url, {"waiting_days": "soon"}, content_type=JSON)
    client.force_login(member_of(community, Role.MODERATOR))
    read_by_other = client.get(url)
    changed_by_other = client.put(url, {"waiting_days": 2}, content_type=JSON)

    assert default == {"waiting_days": 14}
    assert changed.json() == {"waiting_days": 30}
    _refused(out_of_range, 400, "waiting_days")
    _refused(not_a_number, 422, "waiting_days")
    _refused(read_by_other, 403)
    _refused(changed_by_other, 403)
    assert IdeaSettings.objects.get(community=community).waiting_days == 30


def test_a_private_communitys_stages_and_settings_are_not_found_by_outsiders(client):
    community, _leader = goal_community(visibility=Visibility.PRIVATE)
    idea = IdeaFactory(community=community)
    client.force_login(UserFactory())

    _refused(client.get(_url("settings", community.slug)), 404)
    _refused(
        client.post(_url("stages", community.slug), {"name": "X"}, content_type=JSON),
        404,
    )
    _refused(
        client.patch(
            _url("stage", community.slug, idea.stage_id),
            {"name": "X"},
            content_type=JSON,
        ),
        404,
    )
    _refused(client.delete(_url("stage", community.slug, idea.stage_id)), 404)


# --- Query counts ---------------------------------------------------------------------


@pytest.mark.parametrize("count", [2, 12])
def test_the_idea_list_costs_the_same_queries_for_2_and_12(
    client, trip, django_assert_max_num_queries, count
):
    community, _leader, _member = trip
    me = _signed_in(client, community)
    for _ in range(count):
        idea = IdeaFactory(community=community, author=member_of(community))
        services.support_idea(idea=idea, person=me)

    with django_assert_max_num_queries(QUERIES["list"]):
        response = client.get(_url("list", community.slug), {"size": 100})

    assert len(response.json()["items"]) == count


@pytest.mark.parametrize("count", [2, 12])
def test_the_decision_list_costs_the_same_queries_for_2_and_12(
    client, trip, django_assert_max_num_queries, count
):
    community, leader, member = trip
    for _ in range(count):
        _decide(IdeaFactory(community=community, author=member), leader)
    _signed_in(client, community)

    with django_assert_max_num_queries(QUERIES["decisions"]):
        response = client.get(_url("decisions", community.slug), {"size": 100})

    assert len(response.json()["items"]) == count


@pytest.mark.parametrize("count", [2, 12])
def test_the_supporters_cost_the_same_queries_for_2_and_12(
    client, trip, django_assert_max_num_queries, count
):
    community, _leader, member = trip
    idea = IdeaFactory(community=community, author=member)
    for _ in range(count):
        services.support_idea(idea=idea, person=member_of(community))
    _signed_in(client, community)

    with django_assert_max_num_queries(QUERIES["supporters"]):
        response = client.get(_url("supporters", idea.pk), {"size": 100})

    assert len(response.json()["items"]) == count


@pytest.mark.parametrize("count", [2, 12])
def test_one_idea_costs_the_same_queries_for_2_and_12_of_everything(
    client, trip, django_assert_max_num_queries, count
):
    """Topics, co-authors (at most 5), supporters, moves and decisions."""
    community, leader, member = trip
    coauthors = [member_of(community) for _ in range(min(count, 5))]
    idea = services.propose_idea(
        community=community,
        author=member,
        draft=services.IdeaDraft(title="Pairs", problem="Builds break."),
        topics=[f"Topic {n}" for n in range(min(count, 5))],
        coauthors=coauthors,
    )
    for _ in range(count):
        services.support_idea(idea=idea, person=member_of(community))
    steps = [_stage(community, index=1), _stage(community, index=0)]
    for number in range(count):
        services.move_idea(idea=idea, to_stage=steps[number % 2], moved_by=leader)
    _decide(idea, leader)
    _signed_in(client, community)

    with django_assert_max_num_queries(QUERIES["idea"]):
        response = client.get(_url("idea", idea.pk))

    body = response.json()
    assert len(body["topics"]) == min(count, 5)
    assert len(body["coauthors"]) == min(count, 5)
    assert body["support_count"] == count
