"""Factories for ideas: made through the services, so every idea has its
stage, first version, discussion thread and counts, as in the product."""

from __future__ import annotations

import factory

from commonplace.communities.models import Kind, Role
from commonplace.communities.tests.factories import CommunityFactory, MembershipFactory
from commonplace.ideas import services
from commonplace.ideas.models import Idea
from commonplace.people.tests.factories import UserFactory


def goal_community(**fields):
    """A public goal community with a leader; returns (community, leader)."""
    community = CommunityFactory(
        kind=Kind.GOAL, goal="Cut the time to ship by half.", **fields
    )
    leader = UserFactory()
    MembershipFactory(community=community, person=leader, role=Role.LEADER)
    return community, leader


def member_of(community, role=Role.MEMBER, **fields):
    person = UserFactory(**fields)
    MembershipFactory(community=community, person=person, role=role)
    return person


class IdeaFactory(factory.django.DjangoModelFactory):
    """An idea proposed by a member of a goal community; pass community=
    and author= (a member) to place it."""

    class Meta:
        model = Idea

    community = factory.LazyFunction(lambda: goal_community()[0])
    author = factory.LazyAttribute(lambda idea: member_of(idea.community))
    title = factory.Sequence(lambda n: f"Idea number {n}: review builds in pairs")
    problem = "Builds break on Fridays and nobody knows why until Monday."
    proposal = "Pair on every release build."
    impact = "Half as many broken builds."

    @classmethod
    def _create(
        cls,
        model_class,
        *,
        community,
        author,
        title,
        problem,
        proposal,
        impact,
        **extra,
    ):
        return services.propose_idea(
            community=community,
            author=author,
            draft=services.IdeaDraft(title, problem, proposal, impact),
            **extra,
        )
