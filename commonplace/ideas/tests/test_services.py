"""The idea trip's rules, through its services."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from commonplace.communities.models import Role, Visibility
from commonplace.core.errors import Conflict, InvalidInput, NotAllowed, NotFound
from commonplace.ideas import services
from commonplace.ideas.models import (
    DecisionRecord,
    Idea,
    IdeaVersion,
    Stage,
    StageKind,
    StageMove,
    Support,
)
from commonplace.ideas.tests.factories import IdeaFactory, goal_community, member_of
from commonplace.knowledge.models import Post, PostKind
from commonplace.people.models import Follow
from commonplace.people.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def draft(**fields):
    values = {
        "title": "Release on Tuesdays",
        "problem": "Friday releases break weekends.",
    }
    return services.IdeaDraft(**{**values, **fields})


def stage(community, kind=StageKind.STEP, index=0):
    return Stage.objects.filter(community=community, kind=kind)[index]


def decision(**fields):
    values = {
        "decision": "We release on Tuesdays from March.",
        "reasons": "Fewer weekend incidents.",
        "deciders": "The release group",
    }
    return services.DecisionDraft(**{**values, **fields})


class TestProposing:
    def test_an_idea_starts_in_the_first_step_with_its_thread_and_first_version(self):
        community, _leader = goal_community()
        author = member_of(community)
        idea = services.propose_idea(
            community=community, author=author, draft=draft(), topics=["releases"]
        )
        assert idea.stage.name == "Proposed"
        assert idea.stage.kind == StageKind.STEP
        assert Stage.objects.get(pk=idea.stage_id).idea_count == 1
        assert [s.name for s in Stage.objects.filter(community=community)] == [
            name for name, _kind, _final in services.DEFAULT_STAGES
        ]
        assert idea.thread.kind == PostKind.DISCUSSION
        assert idea.thread.title == "Idea: Release on Tuesdays"
        assert f"/ideas/{idea.pk}/" in idea.thread.body_html
        assert IdeaVersion.objects.get(idea=idea).number == 1
        assert Follow.objects.filter(follower=author, idea=idea).exists()
        assert [t.name for t in idea.topics.all()] == ["releases"]

    def test_an_idea_without_a_problem_is_refused_and_nothing_is_written(self):
        community, _leader = goal_community()
        with pytest.raises(InvalidInput) as refused:
            services.propose_idea(
                community=community,
                author=member_of(community),
                draft=draft(title="", problem="   "),
            )
        assert set(refused.value.fields) == {"title", "problem"}
        assert not Idea.objects.exists()
        assert not Post.objects.exists()
        assert not Stage.objects.exists()

    def test_guests_may_not_propose_and_outsiders_do_not_find_a_private_community(self):
        community, _leader = goal_community(visibility=Visibility.PRIVATE)
        with pytest.raises(NotAllowed):
            services.propose_idea(
                community=community,
                author=member_of(community, Role.GUEST),
                draft=draft(),
            )
        with pytest.raises(NotFound):
            services.propose_idea(
                community=community, author=UserFactory(), draft=draft()
            )

    def test_coauthors_must_read_the_community(self):
        community, _leader = goal_community(visibility=Visibility.PRIVATE)
        with pytest.raises(InvalidInput) as refused:
            services.propose_idea(
                community=community,
                author=member_of(community),
                draft=draft(),
                coauthors=[UserFactory(display_name="Olga Outside")],
            )
        assert "Olga Outside" in refused.value.fields["coauthors"][0]


class TestSupporting:
    def test_support_once_and_withdraw(self):
        idea = IdeaFactory()
        person = member_of(idea.community, Role.GUEST)
        services.support_idea(idea=idea, person=person)
        with pytest.raises(Conflict):
            services.support_idea(idea=idea, person=person)
        assert Idea.objects.get(pk=idea.pk).support_count == 1
        services.withdraw_support(idea=idea, person=person)
        assert Idea.objects.get(pk=idea.pk).support_count == 0
        with pytest.raises(Conflict):
            services.withdraw_support(idea=idea, person=person)

    def test_support_keeps_the_version_backed_and_an_edit_tells_supporters(self):
        idea = IdeaFactory()
        person = member_of(idea.community)
        services.support_idea(idea=idea, person=person)
        edited = services.edit_idea(
            idea=idea, edited_by=idea.author, draft=draft(problem="A new problem.")
        )
        assert edited.version == 2
        assert Support.objects.get(person=person).version == 1
        assert IdeaVersion.objects.filter(idea=idea).count() == 2
        assert IdeaVersion.objects.get(idea=idea, number=1).title != edited.title

    def test_an_edit_that_changes_no_words_keeps_the_version(self):
        idea = IdeaFactory()
        same = services.IdeaDraft(
            idea.title, idea.problem_source, idea.proposal_source, idea.impact_source
        )
        assert (
            services.edit_idea(idea=idea, edited_by=idea.author, draft=same).version
            == 1
        )

    def test_others_may_not_edit(self):
        idea = IdeaFactory()
        with pytest.raises(NotAllowed):
            services.edit_idea(
                idea=idea, edited_by=member_of(idea.community), draft=draft()
            )


class TestMoving:
    def test_a_leader_moves_an_idea_and_the_move_is_kept(self):
        idea = IdeaFactory()
        leader = member_of(idea.community, Role.LEADER)
        discussion = stage(idea.community, index=1)
        move = services.move_idea(
            idea=idea, to_stage=discussion, moved_by=leader, message="Let us talk."
        )
        idea.refresh_from_db()
        assert idea.stage == discussion
        assert (move.from_name, move.to_name, move.message) == (
            "Proposed",
            "Under discussion",
            "Let us talk.",
        )
        assert Stage.objects.get(pk=discussion.pk).idea_count == 1
        assert stage(idea.community).idea_count == 0

    def test_a_member_may_not_move(self):
        idea = IdeaFactory()
        with pytest.raises(NotAllowed):
            services.move_idea(
                idea=idea,
                to_stage=stage(idea.community, index=1),
                moved_by=member_of(idea.community, Role.MODERATOR),
            )

    def test_a_decision_stage_needs_a_record(self):
        idea = IdeaFactory()
        leader = member_of(idea.community, Role.LEADER)
        decided = stage(idea.community, StageKind.DECIDED)
        with pytest.raises(InvalidInput) as refused:
            services.move_idea(idea=idea, to_stage=decided, moved_by=leader)
        assert "decision" in refused.value.fields
        with pytest.raises(InvalidInput) as incomplete:
            services.move_idea(
                idea=idea,
                to_stage=decided,
                moved_by=leader,
                decision=decision(reasons="", deciders=""),
            )
        assert set(incomplete.value.fields) == {"reasons", "deciders"}
        assert not StageMove.objects.exists()
        assert not DecisionRecord.objects.exists()
        idea.refresh_from_db()
        assert idea.stage.name == "Proposed"

    def test_deciding_records_the_decision_with_its_own_thread(self):
        idea = IdeaFactory()
        leader = member_of(idea.community, Role.LEADER)
        move = services.move_idea(
            idea=idea,
            to_stage=stage(idea.community, StageKind.DECIDED),
            moved_by=leader,
            decision=decision(alternatives="Thursdays."),
        )
        record = move.decision
        assert record.outcome == StageKind.DECIDED
        assert record.deciders == "The release group"
        assert record.thread.title.startswith("Decision: ")
        assert record.alternatives_html.strip() == "<p>Thursdays.</p>"

    def test_parking_needs_a_day_after_today(self):
        idea = IdeaFactory()
        leader = member_of(idea.community, Role.LEADER)
        parked = stage(idea.community, StageKind.PARKED)
        for day in (None, timezone.localdate()):
            with pytest.raises(InvalidInput) as refused:
                services.move_idea(
                    idea=idea,
                    to_stage=parked,
                    moved_by=leader,
                    decision=decision(review_on=day),
                )
            assert "review_on" in refused.value.fields
        later = timezone.localdate() + timedelta(days=30)
        move = services.move_idea(
            idea=idea,
            to_stage=parked,
            moved_by=leader,
            decision=decision(review_on=later),
        )
        assert move.decision.review_on == later

    def test_a_record_on_a_step_and_a_stage_elsewhere_are_refused(self):
        idea = IdeaFactory()
        leader = member_of(idea.community, Role.LEADER)
        with pytest.raises(InvalidInput):
            services.move_idea(
                idea=idea,
                to_stage=stage(idea.community, index=1),
                moved_by=leader,
                decision=decision(),
            )
        other = IdeaFactory()
        with pytest.raises(InvalidInput):
            services.move_idea(idea=idea, to_stage=other.stage, moved_by=leader)
        with pytest.raises(Conflict):
            services.move_idea(idea=idea, to_stage=idea.stage, moved_by=leader)

    def test_a_declined_idea_takes_no_support(self):
        idea = IdeaFactory()
        leader = member_of(idea.community, Role.LEADER)
        services.move_idea(
            idea=idea,
            to_stage=stage(idea.community, StageKind.DECLINED),
            moved_by=leader,
            decision=decision(),
        )
        with pytest.raises(Conflict):
            services.support_idea(idea=idea, person=member_of(idea.community))


class TestStages:
    def test_a_stage_holding_ideas_cannot_be_deleted(self):
        idea = IdeaFactory()
        leader = member_of(idea.community, Role.LEADER)
        with pytest.raises(Conflict) as refused:
            services.delete_stage(stage=idea.stage, deleted_by=leader)
        assert "move them to another stage first" in str(refused.value.message)
        services.delete_stage(stage=stage(idea.community, index=2), deleted_by=leader)
        assert Stage.objects.filter(community=idea.community).count() == 8

    def test_the_last_stage_of_a_decision_kind_stays(self):
        idea = IdeaFactory()
        leader = member_of(idea.community, Role.LEADER)
        with pytest.raises(Conflict):
            services.delete_stage(
                stage=stage(idea.community, StageKind.PARKED), deleted_by=leader
            )

    def test_leaders_add_rename_and_reorder(self):
        community, leader = goal_community()
        services.prepare_stages(community=community, prepared_by=leader)
        added = services.add_stage(
            community=community, added_by=leader, name=" Piloting "
        )
        assert added.name == "Piloting"
        with pytest.raises(InvalidInput):
            services.add_stage(community=community, added_by=leader, name="piloting")
        services.rename_stage(stage=added, renamed_by=leader, name="Pilot")
        order = services.move_stage(stage=added, moved_by=leader, offset=-1)
        assert [s.name for s in order][-2:] == ["Pilot", "Parked (not now)"]
        with pytest.raises(NotAllowed):
            services.add_stage(
                community=community, added_by=member_of(community), name="Mine"
            )
