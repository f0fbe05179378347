"""Reading a community's ideas: orders, pages, and who is waiting."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from commonplace.communities.models import Role
from commonplace.core.errors import InvalidInput
from commonplace.ideas import selectors, services
from commonplace.ideas.models import Idea, Stage, StageKind
from commonplace.ideas.tests.factories import IdeaFactory, goal_community, member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def community():
    community, _leader = goal_community()
    return community


def ids(page):
    return [idea.pk for idea in page.items]


def test_ideas_come_newest_first_a_page_at_a_time(community):
    ideas = [IdeaFactory(community=community) for _ in range(3)]
    reader = member_of(community)
    first = selectors.ideas_of(reader, community, size=2)
    assert ids(first) == [ideas[2].pk, ideas[1].pk]
    rest = selectors.ideas_of(reader, community, size=2, cursor=first.next_cursor)
    assert ids(rest) == [ideas[0].pk]
    assert rest.next_cursor is None


def test_most_supported_first_and_the_viewers_own_support(community):
    quiet, backed = IdeaFactory(community=community), IdeaFactory(community=community)
    reader = member_of(community)
    services.support_idea(idea=backed, person=reader)
    page = selectors.ideas_of(reader, community, order="supported")
    assert ids(page) == [backed.pk, quiet.pk]
    assert [idea.viewer_supports for idea in page.items] == [True, False]


def test_an_unknown_order_is_bad_input(community):
    with pytest.raises(InvalidInput):
        selectors.ideas_of(member_of(community), community, order="loudest")


def test_waiting_longest_leaves_out_parked_declined_and_finished_ideas(community):
    leader = member_of(community, Role.LEADER)
    oldest, newer, parked, finished = (
        IdeaFactory(community=community) for _ in range(4)
    )
    services.move_idea(
        idea=parked,
        to_stage=Stage.objects.get(community=community, kind=StageKind.PARKED),
        moved_by=leader,
        decision=services.DecisionDraft(
            "Not now.",
            "No budget.",
            "Leaders",
            review_on=timezone.localdate() + timedelta(days=9),
        ),
    )
    services.move_idea(
        idea=finished,
        to_stage=Stage.objects.get(community=community, is_final=True),
        moved_by=leader,
    )
    Idea.objects.filter(pk=oldest.pk).update(
        stage_entered_at=timezone.now() - timedelta(days=40)
    )
    assert [idea.pk for idea in selectors.waiting_longest(community)] == [
        oldest.pk,
        newer.pk,
    ]


def test_the_people_an_idea_concerns_are_each_listed_once(community):
    coauthor = member_of(community)
    idea = IdeaFactory(community=community, coauthors=[coauthor])
    services.support_idea(idea=idea, person=coauthor)
    follower = member_of(community)
    services.follow_idea(follower=follower, idea=idea)
    inactive = member_of(community, is_active=False)
    services.support_idea(idea=idea, person=member_of(community))
    concerned = selectors.concerned_people(idea)
    assert len(concerned) == len(set(concerned)) == 4
    assert {idea.author, coauthor, follower} < set(concerned)
    assert inactive not in concerned
