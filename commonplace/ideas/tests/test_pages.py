"""The idea pages, through the test client: proposing (with similar ideas
as it is typed), supporting, following, editing, moving with and without
a decision record, the stage editor, the decisions, the banner on an
idea's thread, and query counts that do not grow with the lists."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from commonplace.communities.models import Role
from commonplace.communities.tests.factories import CommunityFactory
from commonplace.ideas import services
from commonplace.ideas.models import (
    DecisionRecord,
    Idea,
    IdeaSettings,
    Stage,
    StageKind,
    StageMove,
)
from commonplace.ideas.tests.factories import IdeaFactory, goal_community, member_of
from commonplace.search.services import reindex

pytestmark = pytest.mark.django_db

# Whatever the number of items, for a leader: the session, the viewer,
# the community (with its topics and leaders), the rows of the page, what
# each page shows beside them, and the header's unread count.
LIST_QUERIES = 10  # + the stages, the ideas waiting longest, the days to wait
IDEA_QUERIES = 17  # + the viewer's support and follow, moves, decisions,
# co-authors, topics and stages; the criteria, the scores and the impact;
# who is asked to evaluate, and whether the viewer is (for the idea, for
# its stage)
DECISIONS_QUERIES = 7

RECORD = {
    "decision": "We release on Tuesdays from March.",
    "reasons": "Fewer weekend incidents.",
    "deciders": "The release group",
}


def _url(name, **kwargs):
    return reverse(f"ideas:{name}", kwargs=kwargs)


def _stage(community, kind=StageKind.STEP, index=0):
    return Stage.objects.filter(community=community, kind=kind)[index]


def _html(response):
    return response.content.decode()


@pytest.fixture
def trip():
    """A goal community with a leader, and an idea its plain member proposed."""
    community, leader = goal_community()
    author = member_of(community, display_name="Ada Author")
    idea = IdeaFactory(community=community, author=author, title="Release on Tuesdays")
    return community, leader, idea


def _decide(idea, leader, kind=StageKind.DECIDED, **fields):
    return services.move_idea(
        idea=idea,
        to_stage=_stage(idea.community, kind),
        moved_by=leader,
        message="Decided at the review.",
        decision=services.DecisionDraft(**{**RECORD, **fields}),
    )


# --- Proposing ------------------------------------------------------------------------


def test_a_member_proposes_an_idea_and_lands_on_its_page(client):
    community, _leader = goal_community()
    client.force_login(member_of(community))

    response = client.post(
        _url("propose", slug=community.slug),
        {
            "title": "Release on Tuesdays",
            "problem": "Friday releases break weekends for the on-call team.",
            "proposal": "Move the release train to Tuesday.",
            "topics": "Releases, On-call",
        },
    )

    idea = Idea.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _url("idea", pk=idea.pk)
    assert sorted(topic.name for topic in idea.topics.all()) == ["On-call", "Releases"]


def test_a_proposal_without_a_problem_comes_back_with_what_was_typed(client):
    community, _leader = goal_community()
    client.force_login(member_of(community))

    response = client.post(
        _url("propose", slug=community.slug),
        {"title": "Release on Tuesdays", "problem": "  ", "proposal": "Tuesdays."},
    )

    form = response.context["form"]
    assert response.status_code == 400
    assert "Say what the problem is" in form.errors["problem"][0]
    assert 'value="Release on Tuesdays"' in _html(response)
    assert 'aria-invalid="true"' in _html(response)
    assert not Idea.objects.exists()


def test_a_coauthor_handle_naming_nobody_is_refused_on_its_field(client):
    community, _leader = goal_community()
    client.force_login(member_of(community))

    response = client.post(
        _url("propose", slug=community.slug),
        {
            "title": "Pair on releases",
            "problem": "Builds break.",
            "coauthors": "@nobody",
        },
    )

    assert response.status_code == 400
    assert "@nobody" in response.context["form"].errors["coauthors"][0]
    assert not Idea.objects.exists()


def test_coauthors_named_by_handle_are_kept(client):
    community, _leader = goal_community()
    client.force_login(member_of(community))
    first = member_of(community, display_name="Bo Builder")
    second = member_of(community, display_name="Cy Coder")

    client.post(
        _url("propose", slug=community.slug),
        {
            "title": "Pair on releases",
            "problem": "Builds break.",
            "coauthors": f"@{first.handle}, @{second.handle.upper()} ",
        },
    )

    assert set(Idea.objects.get().coauthors.all()) == {first, second}


def test_guests_may_not_open_the_proposal_form(client):
    community, _leader = goal_community()
    client.force_login(member_of(community, Role.GUEST))

    response = client.get(_url("propose", slug=community.slug))

    assert response.status_code == 403


def test_similar_ideas_show_while_an_idea_is_typed(client, trip):
    community, _leader, idea = trip
    reindex(["idea"])
    client.force_login(member_of(community))

    response = client.post(
        _url("similar", slug=community.slug),
        {"title": "Tuesdays for releases", "problem": "weekends"},
    )

    assert response.status_code == 200
    assert _url("idea", pk=idea.pk) in _html(response)
    assert "Similar ideas already proposed" in _html(response)


def test_similar_ideas_say_nothing_for_a_short_title_or_a_signed_out_visitor(
    client, trip
):
    community, _leader, _idea = trip
    url = _url("similar", slug=community.slug)

    signed_out = client.post(url, {"title": "Tuesdays for releases"})
    client.force_login(member_of(community))
    short = client.post(url, {"title": "Tue"})

    assert signed_out.status_code == 204
    assert short.status_code == 200
    assert "Similar ideas" not in _html(short)


# --- Supporting and following ---------------------------------------------------------


def test_supporting_twice_answers_409_with_the_reason(client, trip):
    community, _leader, idea = trip
    client.force_login(member_of(community, Role.GUEST))
    url = _url("support", pk=idea.pk)

    first = client.post(url, {"action": "support"})
    second = client.post(url, {"action": "support"})

    assert first.status_code == 302
    assert second.status_code == 409
    assert "You already support this idea." in _html(second)
    assert Idea.objects.get(pk=idea.pk).support_count == 1


def test_withdrawing_twice_answers_409_with_the_reason(client, trip):
    community, _leader, idea = trip
    person = member_of(community)
    services.support_idea(idea=idea, person=person)
    client.force_login(person)
    url = _url("support", pk=idea.pk)

    first = client.post(url, {"action": "withdraw"})
    second = client.post(url, {"action": "withdraw"})

    assert first.status_code == 302
    assert second.status_code == 409
    assert "You do not support this idea." in _html(second)
    assert Idea.objects.get(pk=idea.pk).support_count == 0


def test_the_idea_page_offers_withdrawing_to_a_supporter(client, trip):
    community, _leader, idea = trip
    person = member_of(community)
    services.support_idea(idea=idea, person=person)
    client.force_login(person)

    html = _html(client.get(_url("idea", pk=idea.pk)))

    assert "Withdraw your support" in html
    assert "Support this idea" not in html


def test_an_unknown_support_action_answers_400(client, trip):
    community, _leader, idea = trip
    client.force_login(member_of(community))

    response = client.post(_url("support", pk=idea.pk), {"action": "cheer"})

    assert response.status_code == 400


def test_following_and_unfollowing_an_idea(client, trip):
    community, _leader, idea = trip
    person = member_of(community)
    client.force_login(person)
    url = _url("follow", pk=idea.pk)

    client.post(url, {"action": "follow"})
    following = _html(client.get(_url("idea", pk=idea.pk)))
    client.post(url, {"action": "unfollow"})

    assert "Following · Unfollow" in following
    assert not person.following.filter(idea=idea).exists()


def test_the_supporters_page_names_each_with_the_version_backed(client, trip):
    community, _leader, idea = trip
    early = member_of(community, display_name="Early Bird")
    services.support_idea(idea=idea, person=early)
    services.edit_idea(
        idea=idea,
        edited_by=idea.author,
        draft=services.IdeaDraft("Release on Tuesdays", "A sharper problem."),
    )
    client.force_login(member_of(community))

    html = _html(client.get(_url("supporters", pk=idea.pk)))

    assert "Early Bird" in html
    assert _url("version", pk=idea.pk, number=1) in html


# --- Editing --------------------------------------------------------------------------


def test_an_edit_after_support_shows_the_supporter_the_version_they_backed(
    client, trip
):
    community, _leader, idea = trip
    supporter = member_of(community)
    services.support_idea(idea=idea, person=supporter)
    client.force_login(idea.author)

    edited = client.post(
        _url("edit", pk=idea.pk),
        {"title": "Release on Tuesday mornings", "problem": "Fridays hurt."},
    )
    client.force_login(supporter)
    page = _html(client.get(_url("idea", pk=idea.pk)))
    version = _html(client.get(_url("version", pk=idea.pk, number=1)))

    assert edited.status_code == 302
    assert Idea.objects.get(pk=idea.pk).version == 2
    assert "You supported version 1; it has changed since." in page
    assert _url("version", pk=idea.pk, number=1) in page
    assert "Release on Tuesdays" in version
    assert "it is at version 2 now" in version


def test_an_edit_without_a_title_comes_back_with_what_was_typed(client, trip):
    _community, _leader, idea = trip
    client.force_login(idea.author)

    response = client.post(
        _url("edit", pk=idea.pk), {"title": "", "problem": "A sharper problem."}
    )

    assert response.status_code == 400
    assert response.context["form"].errors["title"]
    assert "A sharper problem." in _html(response)
    assert Idea.objects.get(pk=idea.pk).version == 1


def test_the_edit_form_starts_with_the_idea_as_it_reads(client, trip):
    _community, _leader, idea = trip
    client.force_login(idea.author)

    response = client.get(_url("edit", pk=idea.pk))

    assert response.context["form"].initial["title"] == "Release on Tuesdays"


def test_others_may_not_edit(client, trip):
    community, _leader, idea = trip
    client.force_login(member_of(community))

    assert client.get(_url("edit", pk=idea.pk)).status_code == 403


# --- Moving ---------------------------------------------------------------------------


def test_a_leader_moves_an_idea_and_the_move_is_on_its_page(client, trip):
    community, leader, idea = trip
    client.force_login(leader)

    response = client.post(
        _url("move", pk=idea.pk),
        {"stage": _stage(community, index=1).pk, "message": "Let us talk it over."},
    )

    move = StageMove.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{_url('idea', pk=idea.pk)}#move-{move.pk}"
    page = _html(client.get(_url("idea", pk=idea.pk)))
    assert f'id="move-{move.pk}"' in page
    assert "Let us talk it over." in page
    assert leader.display_name in page


def test_a_move_to_a_decision_stage_without_its_record_writes_nothing(client, trip):
    community, leader, idea = trip
    client.force_login(leader)

    response = client.post(
        _url("move", pk=idea.pk),
        {
            "stage": _stage(community, StageKind.DECIDED).pk,
            "message": "Decided.",
            "decision": "We release on Tuesdays.",
        },
    )

    form = response.context["form"]
    assert response.status_code == 400
    assert set(form.errors) == {"reasons", "deciders"}
    assert "We release on Tuesdays." in _html(response)
    assert not StageMove.objects.exists()
    assert not DecisionRecord.objects.exists()
    assert Idea.objects.get(pk=idea.pk).stage.name == "Proposed"


def test_a_move_with_its_decision_record_shows_the_record_in_the_history(client, trip):
    community, leader, idea = trip
    client.force_login(leader)

    client.post(
        _url("move", pk=idea.pk),
        {"stage": _stage(community, StageKind.DECIDED).pk, **RECORD},
    )

    record = DecisionRecord.objects.get()
    page = _html(client.get(_url("idea", pk=idea.pk)))
    assert "We release on Tuesdays from March." in page
    assert "The release group" in page
    assert _url("decision", pk=record.pk) in page


def test_the_move_form_names_the_leader_as_who_decided(client, trip):
    _community, leader, idea = trip
    client.force_login(leader)

    response = client.get(_url("move", pk=idea.pk))

    assert response.context["form"].initial["deciders"] == leader.display_name


def test_choosing_a_stage_shows_only_the_fields_it_needs(client, trip):
    community, leader, idea = trip
    client.force_login(leader)
    url = _url("move", pk=idea.pk)

    step = client.get(
        url, {"stage": _stage(community, index=1).pk}, HTTP_HX_REQUEST="true"
    )
    parked = client.get(
        url, {"stage": _stage(community, StageKind.PARKED).pk}, HTTP_HX_REQUEST="true"
    )

    assert "<fieldset" not in _html(step)
    assert 'name="review_on"' in _html(parked)
    assert 'name="reasons"' in _html(parked)


def test_parking_an_idea_with_a_day_already_past_is_refused(client, trip):
    community, leader, idea = trip
    client.force_login(leader)
    yesterday = timezone.localdate() - timedelta(days=1)

    response = client.post(
        _url("move", pk=idea.pk),
        {
            "stage": _stage(community, StageKind.PARKED).pk,
            **RECORD,
            "review_on": yesterday.isoformat(),
        },
    )

    assert response.status_code == 400
    assert response.context["form"].errors["review_on"] == ["Choose a day after today."]
    assert not DecisionRecord.objects.exists()


def test_members_may_not_move_ideas(client, trip):
    community, _leader, idea = trip
    client.force_login(member_of(community, Role.MODERATOR))
    url = _url("move", pk=idea.pk)

    shown = client.get(url)
    posted = client.post(url, {"stage": _stage(community, index=1).pk})

    assert shown.status_code == 403
    assert posted.status_code == 403
    assert not StageMove.objects.exists()


# --- The stage editor -----------------------------------------------------------------


def test_the_editor_s_first_opening_makes_the_default_trip(client):
    community, leader = goal_community()
    client.force_login(leader)

    response = client.get(_url("stages", slug=community.slug))

    assert response.status_code == 200
    assert [stage.name for stage in response.context["stages"]] == [
        name for name, _kind, _final in services.DEFAULT_STAGES
    ]


def test_members_may_not_open_the_editor(client):
    community, _leader = goal_community()
    client.force_login(member_of(community))

    assert client.get(_url("stages", slug=community.slug)).status_code == 403
    assert not Stage.objects.exists()


def test_a_leader_adds_a_stage_at_the_end(client, trip):
    community, leader, _idea = trip
    client.force_login(leader)

    response = client.post(
        _url("stages", slug=community.slug),
        {"action": "add", "name": "Piloted", "kind": StageKind.STEP},
    )

    assert response.status_code == 302
    assert list(Stage.objects.filter(community=community))[-1].name == "Piloted"


def test_a_stage_name_already_taken_comes_back_on_its_field(client, trip):
    community, leader, _idea = trip
    client.force_login(leader)

    response = client.post(
        _url("stages", slug=community.slug),
        {"action": "add", "name": "proposed", "kind": StageKind.STEP},
    )

    assert response.status_code == 400
    assert "already has a stage" in response.context["add_form"].errors["name"][0]
    assert 'value="proposed"' in _html(response)


def test_a_leader_renames_a_stage(client, trip):
    community, leader, idea = trip
    client.force_login(leader)

    response = client.post(
        _url("stage", slug=community.slug, pk=idea.stage_id),
        {"action": "rename", "name": "Suggested"},
    )

    assert response.status_code == 302
    assert response["Location"].endswith(f"#stage-{idea.stage_id}")
    assert Stage.objects.get(pk=idea.stage_id).name == "Suggested"


def test_a_leader_moves_a_stage_down_and_up(client, trip):
    community, leader, idea = trip
    client.force_login(leader)
    url = _url("stage", slug=community.slug, pk=idea.stage_id)

    client.post(url, {"action": "down"})
    after_down = [s.pk for s in Stage.objects.filter(community=community)]
    client.post(url, {"action": "up"})
    after_up = [s.pk for s in Stage.objects.filter(community=community)]

    assert after_down.index(idea.stage_id) == 1
    assert after_up.index(idea.stage_id) == 0


def test_a_leader_deletes_an_empty_stage(client, trip):
    community, leader, _idea = trip
    empty = _stage(community, index=1)
    client.force_login(leader)

    response = client.post(
        _url("stage", slug=community.slug, pk=empty.pk), {"action": "delete"}
    )

    assert response.status_code == 302
    assert not Stage.objects.filter(pk=empty.pk).exists()


def test_deleting_a_stage_that_holds_ideas_answers_409_with_the_reason(client, trip):
    community, leader, idea = trip
    client.force_login(leader)

    response = client.post(
        _url("stage", slug=community.slug, pk=idea.stage_id), {"action": "delete"}
    )

    assert response.status_code == 409
    assert "still holds 1 ideas" in _html(response)
    assert Stage.objects.filter(pk=idea.stage_id).exists()


def test_a_stage_of_another_community_is_refused(client, trip):
    community, leader, _idea = trip
    other = IdeaFactory()
    client.force_login(leader)

    response = client.post(
        _url("stage", slug=community.slug, pk=other.stage_id),
        {"action": "rename", "name": "Mine now"},
    )

    assert response.status_code == 400
    assert Stage.objects.get(pk=other.stage_id).name == "Proposed"


def test_an_unknown_change_to_the_trip_answers_400(client, trip):
    community, leader, _idea = trip
    client.force_login(leader)

    response = client.post(_url("stages", slug=community.slug), {"action": "shuffle"})

    assert response.status_code == 400


def test_a_version_the_idea_never_had_is_not_found(client, trip):
    _community, _leader, idea = trip
    client.force_login(idea.author)

    assert client.get(_url("version", pk=idea.pk, number=7)).status_code == 404


def test_a_leader_sets_the_days_an_idea_may_wait(client, trip):
    community, leader, _idea = trip
    client.force_login(leader)
    url = _url("stages", slug=community.slug)

    saved = client.post(url, {"action": "waiting", "waiting_days": 10})
    refused = client.post(url, {"action": "waiting", "waiting_days": 0})

    assert saved.status_code == 302
    assert IdeaSettings.objects.get(community=community).waiting_days == 10
    assert refused.status_code == 400
    assert refused.context["waiting_form"].errors["waiting_days"] == [
        "Choose between 1 and 365 days."
    ]


# --- A community's ideas --------------------------------------------------------------


def test_the_ideas_page_shows_stages_waiting_ideas_and_the_editor_for_leaders(
    client, trip
):
    community, leader, idea = trip
    Idea.objects.filter(pk=idea.pk).update(
        stage_entered_at=timezone.now() - timedelta(days=30)
    )
    client.force_login(leader)
    leaders_view = _html(client.get(_url("list", slug=community.slug)))
    client.force_login(member_of(community))
    members_view = _html(client.get(_url("list", slug=community.slug)))

    assert "Waiting longest for a move" in leaders_view
    assert "1 idea" in leaders_view
    assert _url("stages", slug=community.slug) in leaders_view
    assert _url("stages", slug=community.slug) not in members_view


def test_the_ideas_page_filters_by_stage(client, trip):
    community, leader, idea = trip
    other = IdeaFactory(community=community, author=idea.author, title="Pair on builds")
    services.move_idea(idea=other, to_stage=_stage(community, index=1), moved_by=leader)
    client.force_login(leader)

    response = client.get(
        _url("list", slug=community.slug), {"stage": _stage(community, index=1).pk}
    )

    assert [each.pk for each in response.context["page"].items] == [other.pk]


def test_the_ideas_page_refuses_a_stage_or_order_it_does_not_have(client, trip):
    community, leader, _idea = trip
    client.force_login(leader)
    url = _url("list", slug=community.slug)

    bad_stage = client.get(url, {"stage": IdeaFactory().stage_id})
    bad_order = client.get(url, {"order": "loudest"})
    bad_cursor = client.get(url, {"cursor": "not-a-cursor"})

    assert bad_stage.status_code == 400
    assert bad_stage.context["form"].errors["stage"]
    assert bad_order.status_code == 400
    assert bad_cursor.status_code == 400


def test_the_ideas_page_pages_with_a_cursor(client, trip):
    community, _leader, idea = trip
    for number in range(20):
        IdeaFactory(community=community, author=idea.author, title=f"Idea {number}")
    client.force_login(idea.author)
    url = _url("list", slug=community.slug)
    cursor = client.get(url).context["page"].next_cursor

    more = client.get(url, {"cursor": cursor}, HTTP_HX_REQUEST="true")

    assert "Release on Tuesdays" in _html(more)
    assert "<h1>" not in _html(more)


def test_a_reader_outside_a_private_community_finds_no_idea(client):
    community, _leader = goal_community(visibility="private")
    idea = IdeaFactory(community=community, author=member_of(community))
    client.force_login(member_of(CommunityFactory()))

    assert client.get(_url("idea", pk=idea.pk)).status_code == 404
    assert client.get(_url("list", slug=community.slug)).status_code == 404


def test_the_community_page_links_to_its_ideas_and_decisions(client, trip):
    community, leader, _idea = trip
    client.force_login(leader)

    html = _html(client.get(reverse("communities:detail", args=[community.slug])))

    assert _url("list", slug=community.slug) in html
    assert _url("decisions", slug=community.slug) in html


# --- Decisions ------------------------------------------------------------------------


def test_the_decisions_page_lists_records_by_outcome(client, trip):
    community, leader, idea = trip
    declined = IdeaFactory(
        community=community, author=idea.author, title="Deploy at 3 a.m."
    )
    _decide(idea, leader)
    _decide(declined, leader, StageKind.DECLINED, decision="Not at night.")
    client.force_login(member_of(community))
    url = _url("decisions", slug=community.slug)

    every = client.get(url).context["page"].items
    only_declined = client.get(url, {"outcome": StageKind.DECLINED}).context["page"]
    refused = client.get(url, {"outcome": "maybe"})

    assert len(every) == 2
    assert [record.idea_id for record in only_declined.items] == [declined.pk]
    assert refused.status_code == 400


def test_the_decision_page_shows_the_record_the_idea_and_its_discussion(client, trip):
    community, leader, idea = trip
    _decide(idea, leader, alternatives="Release on Mondays.")
    record = DecisionRecord.objects.get()
    client.force_login(member_of(community))

    html = _html(client.get(_url("decision", pk=record.pk)))

    assert "We release on Tuesdays from March." in html
    assert "Fewer weekend incidents." in html
    assert "Release on Mondays." in html
    assert "The release group" in html
    assert _url("idea", pk=idea.pk) in html
    assert reverse("knowledge:post", args=[record.thread_id]) in html


# --- The thread's banner --------------------------------------------------------------


def test_an_idea_s_thread_links_back_to_the_idea(client, trip):
    community, _leader, idea = trip
    client.force_login(member_of(community))

    html = _html(client.get(reverse("knowledge:post", args=[idea.thread_id])))

    assert "This thread discusses the idea" in html
    assert _url("idea", pk=idea.pk) in html


def test_a_decision_s_thread_links_back_to_the_decision(client, trip):
    community, leader, idea = trip
    _decide(idea, leader)
    record = DecisionRecord.objects.get()
    client.force_login(member_of(community))

    html = _html(client.get(reverse("knowledge:post", args=[record.thread_id])))

    assert "This thread discusses the decision" in html
    assert _url("decision", pk=record.pk) in html


def test_the_idea_page_links_to_its_thread_with_its_reply_count(client, trip):
    community, _leader, idea = trip
    client.force_login(member_of(community))

    html = _html(client.get(_url("idea", pk=idea.pk)))

    assert reverse("knowledge:post", args=[idea.thread_id]) in html
    assert "Join the discussion (0 replies)" in html


# --- Query counts ---------------------------------------------------------------------


def _busy_trip(count):
    """A community with `count` ideas, moves and decisions on the first."""
    community, leader = goal_community()
    author = member_of(community)
    ideas = [IdeaFactory(community=community, author=author) for _ in range(count)]
    first = ideas[0]
    for person in (member_of(community) for _ in range(count)):
        services.support_idea(idea=first, person=person)
    steps = Stage.objects.filter(community=community, kind=StageKind.STEP)
    for number in range(count):
        services.move_idea(
            idea=first, to_stage=steps[(number + 1) % 2], moved_by=leader, message="On."
        )
    for idea in ideas:
        _decide(
            idea,
            leader,
            StageKind.PARKED,
            review_on=timezone.localdate() + timedelta(days=9),
        )
    return community, leader, first


@pytest.mark.parametrize("count", [2, 12])
def test_the_ideas_page_costs_the_same_queries_for_2_or_12_ideas(
    client, django_assert_max_num_queries, count
):
    community, leader, _first = _busy_trip(count)
    client.force_login(leader)

    with django_assert_max_num_queries(LIST_QUERIES):
        response = client.get(_url("list", slug=community.slug), {"order": "supported"})

    assert len(response.context["page"].items) == count


@pytest.mark.parametrize("count", [2, 12])
def test_the_idea_page_costs_the_same_queries_for_2_or_12_moves(
    client, django_assert_max_num_queries, count
):
    _community, leader, first = _busy_trip(count)
    client.force_login(leader)

    with django_assert_max_num_queries(IDEA_QUERIES):
        response = client.get(_url("idea", pk=first.pk))

    assert len(response.context["page"].moves) == count + 1


@pytest.mark.parametrize("count", [2, 12])
def test_the_decisions_page_costs_the_same_queries_for_2_or_12_records(
    client, django_assert_max_num_queries, count
):
    community, leader, _first = _busy_trip(count)
    client.force_login(leader)

    with django_assert_max_num_queries(DECISIONS_QUERIES):
        response = client.get(_url("decisions", slug=community.slug))

    assert len(response.context["page"].items) == count
