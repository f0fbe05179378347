"""The demo organisation's communities: who starts them, who belongs.

Each plan names the teams a community grows from, so its leaders and members
make sense: the data people lead the Data Practice, the goal of cutting
returns brings supply chain and customer success together, the interest
groups gather people from everywhere. The generator turns plans into rows:
`plan_communities` decides (with the organisation's seeded random), and
`save_communities` writes.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, NamedTuple

from commonplace.communities.models import (
    COVER_COLOURS,
    Community,
    JoinRequest,
    Kind,
    Membership,
    Role,
    Visibility,
)
from commonplace.communities.services import start_community
from commonplace.demo import vocabulary as words
from commonplace.demo import work
from commonplace.people.models import Follow

if TYPE_CHECKING:
    from commonplace.demo.generator import DemoPerson

# Share of the core teams' people who belong, and of the teams around it.
CORE_SHARE = 0.8
AROUND_SHARE = 0.3
# A community this large gets a moderator besides its leaders.
MODERATED_FROM = 8
# How long ago communities were started, in days.
STARTED = (20, 600)
FOLLOWERS = (2, 6)
REQUEST_MESSAGES = (
    "",
    "I would like to help with this.",
    "My team works on this every day; can I join?",
    "Could I join? I have been reading about this for months.",
)


class CommunityPlan(NamedTuple):
    name: str
    purpose: str
    kind: str
    visibility: str
    topics: tuple[str, ...]
    # Teams whose managers are its owners; none: someone from anywhere.
    owners: tuple[str, ...] = ()
    # Teams most of whose people belong; all of them for a team community.
    core: tuple[str, ...] = ()
    # Teams some of whose people belong.
    around: tuple[str, ...] = ()
    # People from anywhere in the organisation (interest groups).
    anyone: int = 0
    # Every manager, department head and the chief executive.
    managers: bool = False
    goal: str = ""
    leaders: int = 1
    # Colleagues from other teams, invited as guests.
    guests: int = 0
    # Partner organisations whose external members are guests.
    partners: tuple[str, ...] = ()
    # Pending requests to join (private communities).
    requests: int = 0
    colour: str = "#1f5fbf"


COLOURS = tuple(colour for colour, _label in COVER_COLOURS)

PLANS = (
    CommunityPlan(
        name="Data Practice",
        purpose=(
            "Analysts, engineers and scientists sharing how we model, query and "
            "show data, and helping anyone who needs a number they can trust."
        ),
        kind=Kind.PRACTICE,
        visibility=Visibility.PUBLIC,
        topics=("SQL", "Data modelling", "Data visualisation", "dbt"),
        owners=("data-and-analytics",),
        core=("data-and-analytics",),
        around=("marketing", "customer-success", "finance", "product-engineering"),
        leaders=2,
        guests=2,
        partners=("Northwind Consulting",),
        colour="#1f5fbf",
    ),
    CommunityPlan(
        name="Cut returns by 10%",
        purpose=(
            "Operations and sales together on why customers send orders back, "
            "and what we change so they keep them."
        ),
        kind=Kind.GOAL,
        visibility=Visibility.PRIVATE,
        goal=(
            "Bring returns down from 8.5% to 7.6% of orders by the end of next "
            "year, by finding and fixing the causes in the returns data."
        ),
        topics=("Root cause analysis", "Logistics", "Customer onboarding", "Lean"),
        owners=("supply-chain", "customer-success"),
        core=("supply-chain", "customer-success"),
        around=("field-operations", "enterprise-sales"),
        leaders=2,
        partners=("Brightpath Logistics",),
        requests=3,
        colour="#8a5300",
    ),
    CommunityPlan(
        name="Platform",
        purpose="The platform team's own room: plans, on-call hand-overs, decisions.",
        kind=Kind.TEAM,
        visibility=Visibility.PRIVATE,
        topics=("Kubernetes", "Terraform", "Observability"),
        owners=("platform",),
        core=("platform",),
        requests=1,
        colour="#4a5560",
    ),
    CommunityPlan(
        name="Product Engineering",
        purpose=(
            "What product engineering is building, shipping and learning, in the "
            "open for anyone who wants to follow along."
        ),
        kind=Kind.TEAM,
        visibility=Visibility.PUBLIC,
        topics=("Django", "React", "Code review"),
        owners=("product-engineering",),
        core=("product-engineering",),
        colour="#5b4bb7",
    ),
    CommunityPlan(
        name="People and Culture",
        purpose="The people team's confidential space for cases, pay and plans.",
        kind=Kind.TEAM,
        visibility=Visibility.SECRET,
        topics=("Employment law", "Performance reviews"),
        owners=("people-and-culture",),
        core=("people-and-culture",),
        colour="#8e2a6b",
    ),
    CommunityPlan(
        name="Safety Champions",
        purpose=(
            "A champion in every site and team: we share near misses, audits "
            "and what we learned, so the next person does not get hurt."
        ),
        kind=Kind.PRACTICE,
        visibility=Visibility.PUBLIC,
        topics=("Risk assessment", "Incident investigation", "First aid"),
        owners=("health-and-safety",),
        core=("health-and-safety",),
        around=("field-operations", "supply-chain"),
        leaders=2,
        guests=1,
        partners=("Harbour Safety Institute",),
        colour="#a33a2a",
    ),
    CommunityPlan(
        name="Zero Harm 2026",
        purpose="Field operations and safety working towards a year without injuries.",
        kind=Kind.GOAL,
        visibility=Visibility.PUBLIC,
        goal=(
            "No lost-time injuries in field operations in 2026, and every near "
            "miss reported within a day."
        ),
        topics=("Incident investigation", "Hazard analysis", "Root cause analysis"),
        owners=("field-operations", "health-and-safety"),
        core=("field-operations",),
        around=("health-and-safety", "supply-chain"),
        colour="#1e6b3a",
    ),
    CommunityPlan(
        name="Python Guild",
        purpose=(
            "Everyone who writes Python, from notebooks to services: reviews, "
            "libraries, talks and a monthly show-and-tell."
        ),
        kind=Kind.PRACTICE,
        visibility=Visibility.PUBLIC,
        topics=("Python", "Django", "Test automation"),
        owners=("product-engineering",),
        around=("product-engineering", "platform", "data-and-analytics"),
        leaders=2,
        guests=2,
        colour="#0f6e72",
    ),
    CommunityPlan(
        name="Accessibility Champions",
        purpose=(
            "Making what we build and write usable by everyone: audits, "
            "patterns and plain language."
        ),
        kind=Kind.PRACTICE,
        visibility=Visibility.PUBLIC,
        topics=("Accessibility", "Technical writing"),
        owners=("product-engineering",),
        around=("product-engineering", "marketing", "customer-success"),
        colour="#5b4bb7",
    ),
    CommunityPlan(
        name="Managers' Circle",
        purpose=(
            "Every manager and head of department: hard conversations, hiring "
            "and the changes coming before they are announced."
        ),
        kind=Kind.PRACTICE,
        visibility=Visibility.SECRET,
        topics=("Coaching", "Change management", "Performance reviews"),
        owners=("people-and-culture",),
        managers=True,
        leaders=2,
        colour="#4a5560",
    ),
    CommunityPlan(
        name="Onboarding in 30 days",
        purpose="Making a new joiner's first month something they tell friends about.",
        kind=Kind.GOAL,
        visibility=Visibility.PRIVATE,
        goal=(
            "Every new joiner productive and connected within 30 days, measured "
            "by the 30-day survey, by the end of the year."
        ),
        topics=("Onboarding", "Mentoring", "Learning design"),
        owners=("people-and-culture",),
        core=("people-and-culture",),
        around=("it-services", "product-engineering", "customer-success"),
        requests=2,
        colour="#1e6b3a",
    ),
    CommunityPlan(
        name="Incident Response",
        purpose="Who acts when something breaks or leaks, and the reviews after.",
        kind=Kind.PRACTICE,
        visibility=Visibility.SECRET,
        topics=("Application security", "Identity and access management"),
        owners=("it-services",),
        core=("it-services",),
        around=("platform",),
        colour="#a33a2a",
    ),
    CommunityPlan(
        name="Running club",
        purpose="Lunchtime runs, weekend races and sore legs, in every office.",
        kind=Kind.INTEREST,
        visibility=Visibility.PUBLIC,
        topics=("Running", "Wellbeing"),
        anyone=14,
        colour="#0f6e72",
    ),
    CommunityPlan(
        name="Book club",
        purpose="One book a month, chosen in turn; the talk is the point.",
        kind=Kind.INTEREST,
        visibility=Visibility.PUBLIC,
        topics=("Books",),
        anyone=10,
        colour="#8a5300",
    ),
    CommunityPlan(
        name="Parents at work",
        purpose=(
            "Childcare, school holidays and flexible hours: a private place to "
            "ask what worked for others."
        ),
        kind=Kind.INTEREST,
        visibility=Visibility.PRIVATE,
        topics=("Parenting", "Flexible working"),
        anyone=9,
        requests=2,
        colour="#8e2a6b",
    ),
)


@dataclass(eq=False)
class DemoCommunity:
    """One community as planned: who is in it in which role, and around it."""

    plan: CommunityPlan
    started: datetime
    roles: dict[DemoPerson, str] = field(default_factory=dict)
    requests: list[DemoPerson] = field(default_factory=list)
    followers: list[DemoPerson] = field(default_factory=list)
    community: Community | None = None

    @property
    def owner(self) -> DemoPerson:
        return next(person for person, role in self.roles.items() if role == Role.OWNER)


class _Organisation:
    """The planned people, grouped the ways the plans ask for."""

    def __init__(self, people: Sequence[DemoPerson], manager_level: int) -> None:
        self.internal = [person for person in people if not person.user.is_external]
        self.by_team: dict[str | None, list[DemoPerson]] = {}
        for person in self.internal:
            self.by_team.setdefault(person.team_slug, []).append(person)
        self.managers = {
            person.team_slug: person
            for person in self.internal
            if person.level == manager_level
        }
        # The chief executive, the department heads and the team managers.
        self.leading = [p for p in self.internal if p.level <= manager_level]
        self.partners = {
            person.user.organisation: person
            for person in people
            if person.user.is_external
        }

    def of(self, teams: Sequence[str]) -> list[DemoPerson]:
        return [person for team in teams for person in self.by_team.get(team, [])]

    def count_in(self, teams: Sequence[str]) -> int:
        return sum(len(self.by_team.get(team, [])) for team in teams)

    def teams_on(self, topics: Sequence[str]) -> list[str]:
        """The teams whose work covers any of `topics`."""
        wanted = set(topics)
        return [
            team.slug
            for department in work.DEPARTMENTS
            for team in department.teams
            if wanted & set(team.topics) and team.slug in self.by_team
        ]


def plan_communities(
    rng: random.Random,
    people: Sequence[DemoPerson],
    *,
    manager_level: int,
    now: datetime,
    count: int = len(PLANS),
) -> list[DemoCommunity]:
    """Decide `count` communities and their people; nothing is written yet.

    The first are the hand-written plans; more are generated from the
    organisation's topics, with sizes that fall off like real ones: a few
    large communities, many small ones.
    """
    organisation = _Organisation(people, manager_level)
    plans = list(PLANS[:count])
    if count > len(PLANS):
        plans += generated_plans(rng, organisation, count - len(PLANS))
    return [_plan_one(rng, organisation, plan, now) for plan in plans]


def generated_plans(
    rng: random.Random, organisation: _Organisation, count: int
) -> list[CommunityPlan]:
    """`count` more communities, each around topics of one area of work.

    The i-th is about 1/(i+1)**0.9 the size of the largest, which holds a
    quarter of the organisation; a practice grows from the teams that work
    on its topics, an interest group from anywhere.
    """
    largest = max(5, len(organisation.internal) // 4)
    plans = []
    for index in range(count):
        size = max(5, int(largest / (index + 1) ** 0.9))
        kind = rng.choices(
            (Kind.PRACTICE, Kind.GOAL, Kind.INTEREST, Kind.TEAM),
            weights=(45, 20, 20, 15),
        )[0]
        visibility = rng.choices(
            (Visibility.PUBLIC, Visibility.PRIVATE, Visibility.SECRET),
            weights=(70, 22, 8),
        )[0]
        plans.append(_generated_plan(rng, organisation, kind, visibility, size))
    return plans


def _generated_plan(
    rng: random.Random,
    organisation: _Organisation,
    kind: str,
    visibility: str,
    size: int,
) -> CommunityPlan:
    if kind == Kind.INTEREST:
        hobby = rng.choice(words.INTERESTS)
        return CommunityPlan(
            name=f"{hobby} club",
            purpose=f"{hobby} at work and after it: meet-ups, tips and good company.",
            kind=kind,
            visibility=visibility,
            topics=(hobby,),
            anyone=size,
            colour=rng.choice(COLOURS),
        )
    area = rng.choice(work.TOPIC_AREAS)
    topics = tuple(rng.sample(area, min(len(area), rng.randint(3, 5))))
    teams = organisation.teams_on(topics)
    name, purpose, goal = _words_for(rng, kind, topics)
    return CommunityPlan(
        name=name,
        purpose=purpose,
        kind=kind,
        visibility=visibility,
        topics=topics,
        owners=tuple(rng.sample(teams, 1)) if teams else (),
        around=tuple(teams),
        anyone=max(0, size - int(organisation.count_in(teams) * AROUND_SHARE)),
        goal=goal,
        leaders=rng.randint(1, 3),
        guests=rng.randint(0, 2),
        requests=rng.randint(0, 3) if visibility == Visibility.PRIVATE else 0,
        colour=rng.choice(COLOURS),
    )


def _words_for(
    rng: random.Random, kind: str, topics: tuple[str, ...]
) -> tuple[str, str, str]:
    """Name, purpose and goal of a generated practice, goal or team room."""
    lead = topics[0]
    if kind == Kind.GOAL:
        metric = rng.choice(words.GOAL_METRICS)
        share = rng.choice((10, 15, 20, 25, 30))
        return (
            f"Cut {metric} by {share}%",
            f"People from every team who touch {metric}, working on it with "
            f"{lead} and {topics[1]}.",
            f"Bring {metric} down by {share}% within a year, measured every month.",
        )
    if kind == Kind.TEAM:
        return (
            f"{lead} {rng.choice(words.TEAM_ROOMS)}",
            f"The working room of the people who run {lead} day to day.",
            "",
        )
    return (
        f"{lead} {rng.choice(words.PRACTICE_NAMES)}",
        f"Everyone who works with {lead}, {topics[1]} and {topics[-1]}: questions, "
        "reviews and what we learned.",
        "",
    )


def _some(
    rng: random.Random, people: Sequence[DemoPerson], share: float
) -> list[DemoPerson]:
    return rng.sample(list(people), round(len(people) * share))


def _plan_one(
    rng: random.Random, organisation: _Organisation, plan: CommunityPlan, now: datetime
) -> DemoCommunity:
    planned = DemoCommunity(
        plan=plan, started=now - timedelta(days=rng.randint(*STARTED))
    )
    owners = [organisation.managers[team] for team in plan.owners] or [
        rng.choice(organisation.internal)
    ]
    core_share = 1.0 if plan.kind == Kind.TEAM else CORE_SHARE
    members = [
        *_some(rng, organisation.of(plan.core), core_share),
        *_some(rng, organisation.of(plan.around), AROUND_SHARE),
        *(organisation.leading if plan.managers else []),
        *rng.sample(
            organisation.internal, min(plan.anyone, len(organisation.internal))
        ),
    ]
    for person in owners:
        planned.roles[person] = Role.OWNER
    for person in members:
        planned.roles.setdefault(person, Role.MEMBER)
    _give_roles(rng, planned, plan)
    _add_guests(rng, organisation, planned, plan)
    outside = [p for p in organisation.internal if p not in planned.roles]
    if plan.visibility == Visibility.PRIVATE:
        planned.requests = rng.sample(outside, min(plan.requests, len(outside)))
    if plan.visibility == Visibility.PUBLIC:
        wanted = min(rng.randint(*FOLLOWERS), len(outside))
        planned.followers = rng.sample(outside, wanted)
    return planned


def _give_roles(
    rng: random.Random, planned: DemoCommunity, plan: CommunityPlan
) -> None:
    """Leaders from the teams that lead it, then a moderator if it is large."""
    members = [p for p, role in planned.roles.items() if role == Role.MEMBER]
    own_teams = set(plan.owners) | set(plan.core)
    from_own_teams = [p for p in members if p.team_slug in own_teams] or members
    for person in rng.sample(from_own_teams, min(plan.leaders, len(from_own_teams))):
        planned.roles[person] = Role.LEADER
    members = [p for p, role in planned.roles.items() if role == Role.MEMBER]
    if len(planned.roles) >= MODERATED_FROM and members:
        planned.roles[rng.choice(members)] = Role.MODERATOR


def _add_guests(
    rng: random.Random,
    organisation: _Organisation,
    planned: DemoCommunity,
    plan: CommunityPlan,
) -> None:
    """Colleagues from elsewhere, and partners where externals are welcome."""
    teams = {*plan.owners, *plan.core, *plan.around}
    elsewhere = [
        person
        for person in organisation.internal
        if person.team_slug not in teams and person not in planned.roles
    ]
    for person in rng.sample(elsewhere, min(plan.guests, len(elsewhere))):
        planned.roles[person] = Role.GUEST
    for organisation_name in plan.partners:
        planned.roles[organisation.partners[organisation_name]] = Role.GUEST


def save_communities(
    planned: list[DemoCommunity], rng: random.Random, now: datetime
) -> None:
    """Start each community through the service, then add its people in bulk.

    The service makes the starter its first owner; everyone else is inserted
    at once and `member_count` is set to the number inserted.
    """
    taken = {name.lower() for name in Community.objects.values_list("name", flat=True)}
    for item in planned:
        item.community = start_community(
            started_by=item.owner.user,
            name=_free_name(item.plan.name, taken),
            purpose=item.plan.purpose,
            kind=item.plan.kind,
            goal=item.plan.goal,
            visibility=item.plan.visibility,
            allows_externals=bool(item.plan.partners),
            cover_colour=item.plan.colour,
            topics=list(item.plan.topics),
        )
        Community.objects.filter(pk=item.community.pk).update(
            member_count=len(item.roles), created_at=item.started
        )
        Membership.objects.filter(
            community=item.community, person=item.owner.user
        ).update(joined_at=item.started)
    memberships: list[Membership] = []
    requests: list[JoinRequest] = []
    follows: list[Follow] = []
    for item in planned:
        community, starter = item.community, item.owner
        memberships += [
            Membership(
                community=community,
                person=person.user,
                role=role,
                joined_at=item.started + (now - item.started) * rng.random(),
            )
            for person, role in item.roles.items()
            if person is not starter
        ]
        requests += [
            JoinRequest(
                community=community,
                person=person.user,
                message=rng.choice(REQUEST_MESSAGES),
                created_at=now - timedelta(hours=rng.randint(2, 240)),
            )
            for person in item.requests
        ]
        follows += [
            Follow(follower=person.user, community=community)
            for person in item.followers
        ]
    Membership.objects.bulk_create(memberships)
    JoinRequest.objects.bulk_create(requests)
    Follow.objects.bulk_create(follows)


def _free_name(name: str, taken: set[str]) -> str:
    """The plan's name, or a numbered one when a community already has it."""
    candidate, number = name, 1
    while candidate.lower() in taken:
        number += 1
        candidate = f"{name} ({number})"
    taken.add(candidate.lower())
    return candidate
