"""Ideas and decision records in the search, as their community allows."""

from __future__ import annotations

import pytest

from commonplace.communities.models import Role, Visibility
from commonplace.ideas import selectors, services
from commonplace.ideas.models import Stage, StageKind
from commonplace.ideas.tests.factories import IdeaFactory, goal_community, member_of
from commonplace.people.tests.factories import UserFactory
from commonplace.search.selectors import search

pytestmark = pytest.mark.django_db


def titles(results):
    return [hit.item.pk for hit in results.page.items]


def test_an_idea_is_found_by_its_problem(run_tasks):
    idea = IdeaFactory(problem="Invoices wait three weeks for approval.")
    IdeaFactory(community=idea.community, problem="The canteen closes too early.")
    run_tasks()
    found = search(idea.author, "invoices approval", kind="idea")
    assert titles(found) == [idea.pk]


def test_similar_ideas_show_while_typing_in_the_same_community_only(run_tasks):
    idea = IdeaFactory(title="Approve invoices within a week")
    elsewhere = IdeaFactory(title="Approve invoices by e-mail")
    run_tasks()
    reader = member_of(idea.community)
    similar = selectors.similar_ideas(
        reader, idea.community, "faster invoices approval"
    )
    assert [hit.item.pk for hit in similar] == [idea.pk]
    assert elsewhere.pk not in [hit.item.pk for hit in similar]


def test_a_private_communitys_ideas_and_decisions_are_not_found_outside(run_tasks):
    community, leader = goal_community(visibility=Visibility.PRIVATE)
    idea = IdeaFactory(community=community, title="Badge readers at the side door")
    services.move_idea(
        idea=idea,
        to_stage=Stage.objects.get(community=community, kind=StageKind.DECIDED),
        moved_by=leader,
        decision=services.DecisionDraft(
            "Badge readers at the side door", "Fewer propped doors.", "Facilities"
        ),
    )
    run_tasks()
    outsider = UserFactory()
    for kind in ("idea", "decision"):
        assert titles(search(leader, "badge readers", kind=kind))
        assert not titles(search(outsider, "badge readers", kind=kind))
    guest = member_of(community, Role.GUEST)
    assert titles(search(guest, "propped doors", kind="decision"))
