"""The demo organisation: a believable company built from a fixed seed.

`DemoOrganisation` first plans everything in memory with its own seeded
`random.Random` (so one seed always gives the same people, titles, skills
and follows), then writes it in a few bulk inserts. Later capabilities
extend it by adding steps (communities, posts, ideas...) to `steps()`.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import NamedTuple, TypeVar

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from commonplace.communities.models import Community
from commonplace.demo import communities, names, work
from commonplace.demo.activity import Activity, IndexProgress
from commonplace.demo.circles import circles_from_database
from commonplace.demo.ideas import propose_ideas
from commonplace.demo.places import PLACES, Place
from commonplace.demo.routing import route_waiting_questions
from commonplace.people.handles import ASCII_SPELLINGS, base_handle, first_free
from commonplace.people.models import Follow, Team, User
from commonplace.topics.models import Topic
from commonplace.topics.services import find_or_create_topic, find_or_create_topics

DEMO_DOMAIN = "demo.commonplace.test"
ADMIN_EMAIL = f"admin@{DEMO_DOMAIN}"
MEMBER_EMAIL = f"member@{DEMO_DOMAIN}"
DEMO_PASSWORD = "commonplace-demo"  # noqa: S105 - printed for anyone to use
SIGN_IN_URL = "http://127.0.0.1:8000/accounts/login/"

DEFAULT_SEED = 1123
DEFAULT_PEOPLE = 200
DEFAULT_COMMUNITIES = len(communities.PLANS)
# A year of conversations for the default organisation: a few a week in
# each community.
DEFAULT_POSTS = 2400
TEAM_COUNT = sum(len(department.teams) for department in work.DEPARTMENTS)
# The chief executive, the department heads and the team managers.
LEADERS = 1 + len(work.DEPARTMENTS) + TEAM_COUNT
# Every team needs one member besides its manager.
MIN_PEOPLE = LEADERS + TEAM_COUNT + 1
SKILLS = (2, 6)
PEOPLE_FOLLOWED = (3, 12)
TOPICS_FOLLOWED = (1, 4)
# Share of a person's follows that stay within their own circle.
NEAR_SHARE = 0.7
# Share of people who work in their team's home city.
AT_HOME_SHARE = 0.7
CONTACTS_PER_PARTNER = 2
CHIEF_EXECUTIVE, HEAD, MANAGER, MEMBER = range(4)
NAME_ATTEMPTS = 20
INITIALS = "ABCDEFGHIJKLMNOPRSTVW"


class KnownAccount(NamedTuple):
    """An account the command prints, so anyone can sign in to the demo."""

    email: str
    job_title: str
    administrator: bool


# Team slug -> the account its first member gets.
KNOWN_ACCOUNTS = {
    "it-services": KnownAccount(ADMIN_EMAIL, "Systems Administrator", True),
    "product-engineering": KnownAccount(MEMBER_EMAIL, "Software Engineer", False),
}

T = TypeVar("T")


def demo_is_loaded() -> bool:
    """Whether the demo organisation is already in the database."""
    return User.objects.filter(email=ADMIN_EMAIL).exists()


def sign_in_lines() -> list[str]:
    """How to sign in to the demo, for the end of the command's output."""
    return [
        f"Sign in at {SIGN_IN_URL}",
        f"  administrator: {ADMIN_EMAIL}",
        f"  member:        {MEMBER_EMAIL}",
        f"  password:      {DEMO_PASSWORD}",
    ]


def email_part(name: str) -> str:
    """ "Łukasz" -> "lukasz", "O'Brien" -> "obrien": a name as address text."""
    decomposed = unicodedata.normalize("NFKD", name.translate(ASCII_SPELLINGS))
    return "".join(
        char
        for char in decomposed.lower()
        if char.isascii() and (char.isalnum() or char == "-")
    )


@dataclass(eq=False)
class DemoPerson:
    """One person as planned: the unsaved row and what to attach once saved."""

    user: User
    level: int
    team_slug: str | None
    manager: DemoPerson | None
    skills: list[str]
    follows_people: list[DemoPerson] = field(default_factory=list)
    follows_topics: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Step:
    label: str
    run: Callable[[], None]


class DemoOrganisation:
    """About `people` members in departments and teams, and a few partners.

    `build()` runs `steps()` in one transaction, so an interrupted build
    leaves nothing behind; `before_step` and `on_index` (indexing for the
    search, after the conversations) let the caller show progress.
    With `posts=0` it builds the organisation only: `commonplace generate`
    writes the conversations itself, community by community.
    """

    def __init__(
        self,
        *,
        seed: int = DEFAULT_SEED,
        people: int = DEFAULT_PEOPLE,
        community_count: int = DEFAULT_COMMUNITIES,
        posts: int = DEFAULT_POSTS,
    ):
        if people < MIN_PEOPLE:
            raise ValueError(f"The demo needs at least {MIN_PEOPLE} people")
        self.seed = seed
        self.size = people
        self.community_count = community_count
        self.posts = posts
        # A demo, not a secret: the same seed must give the same organisation.
        self.random = random.Random(seed)  # noqa: S311
        self.teams: dict[str, Team] = {}
        self.people: list[DemoPerson] = []
        self.topics: dict[str, Topic] = {}
        self._display_names: set[str] = set()
        self._emails: set[str] = set()
        self._handles: set[str] = set()
        self._now = timezone.now()
        self.follow_count = 0
        self.communities: list[communities.DemoCommunity] = []
        self.post_count = 0
        self.help_requests = 0
        self.idea_count = 0
        self._on_index: IndexProgress | None = None

    # --- Running ---------------------------------------------------------------

    def steps(self) -> list[Step]:
        """The build, in order; later capabilities add their own steps."""
        return [
            Step("Planning the organisation", self.plan),
            Step("Creating departments and teams", self.save_teams),
            Step("Creating people", self.save_people),
            Step("Naming topics", self.save_topics),
            Step("Stating skills", self.save_skills),
            Step("Following colleagues and topics", self.save_follows),
            Step("Starting communities", self.save_communities),
            *(
                [
                    Step("Writing a year of conversations", self.save_activity),
                    Step("Asking people who can help", self.save_routing),
                    Step("Proposing and deciding ideas", self.save_ideas),
                ]
                if self.posts
                else []
            ),
        ]

    def build(
        self,
        *,
        before_step: Callable[[Step], None] | None = None,
        on_index: IndexProgress | None = None,
    ) -> None:
        # Steps take no arguments: the one that indexes finds this here.
        self._on_index = on_index
        with transaction.atomic():
            for step in self.steps():
                if before_step is not None:
                    before_step(step)
                step.run()

    def summary(self) -> str:
        """One line saying what was built."""
        kinds = [team.kind for team in self.teams.values()]
        return (
            f"Created the demo organisation: {len(self.people)} people in "
            f"{kinds.count(Team.Kind.TEAM)} teams under "
            f"{kinds.count(Team.Kind.DEPARTMENT)} departments, "
            f"{len(self.topics)} topics, {self.follow_count} follows, "
            f"{len(self.communities)} communities, {self.post_count} posts, "
            f"{self.idea_count} ideas."
        )

    @property
    def internal(self) -> list[DemoPerson]:
        return [person for person in self.people if not person.user.is_external]

    # --- Planning (in memory: the seed decides everything) ---------------------

    def plan(self) -> None:
        """Decide everyone and everything; nothing is written yet."""
        taken = User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}")
        self._emails |= {
            email for email in taken.values_list("email", flat=True) if email
        }
        self._emails |= {ADMIN_EMAIL, MEMBER_EMAIL}
        self._handles |= set(User.objects.values_list("handle", flat=True))
        # One hash for everyone: hashing is slow by design, and every demo
        # person shares the same published password anyway.
        self._password = make_password(DEMO_PASSWORD)
        chief = self._plan_person(
            level=CHIEF_EXECUTIVE,
            title=work.CHIEF_EXECUTIVE_TITLE,
            team=None,
            manager=None,
            place=self.random.choice(PLACES),
            topics=work.CHIEF_EXECUTIVE_TOPICS,
            other_topics=work.SHARED,
        )
        sizes = self._team_sizes()
        for plan in work.DEPARTMENTS:
            department = self._plan_team(plan.name, plan.slug, Team.Kind.DEPARTMENT)
            head = self._plan_person(
                level=HEAD,
                title=plan.head_title,
                team=department,
                manager=chief,
                place=self.random.choice(PLACES),
                topics=plan.topics,
                other_topics=work.SHARED,
            )
            for team_plan in plan.teams:
                self._plan_team_members(
                    team_plan, department, head, plan.topics, sizes[team_plan.slug]
                )
        self._plan_partners()
        self._plan_follows()
        self.communities = communities.plan_communities(
            self.random,
            self.people,
            manager_level=MANAGER,
            now=self._now,
            count=self.community_count,
        )

    def _team_sizes(self) -> dict[str, int]:
        """Members per team besides its manager, uneven like real teams."""
        slugs = [team.slug for plan in work.DEPARTMENTS for team in plan.teams]
        members = self.size - LEADERS
        weights = [self.random.uniform(0.6, 1.4) for _ in slugs]
        total = sum(weights)
        sizes = [max(1, int(members * weight / total)) for weight in weights]
        while sum(sizes) < members:
            sizes[self.random.randrange(len(sizes))] += 1
        while sum(sizes) > members:
            sizes[sizes.index(max(sizes))] -= 1
        return dict(zip(slugs, sizes, strict=True))

    def _plan_team(
        self, name: str, slug: str, kind: str, parent: Team | None = None
    ) -> Team:
        team = Team(name=name, slug=slug, kind=kind, parent=parent)
        self.teams[slug] = team
        return team

    def _plan_team_members(
        self,
        plan: work.TeamPlan,
        department: Team,
        head: DemoPerson,
        department_topics: Sequence[str],
        size: int,
    ) -> None:
        team = self._plan_team(plan.name, plan.slug, Team.Kind.TEAM, department)
        other_topics = [*department_topics, *work.SHARED]
        manager = self._plan_person(
            level=MANAGER,
            title=plan.manager_title,
            team=team,
            manager=head,
            place=plan.home,
            topics=plan.topics,
            other_topics=other_topics,
        )
        for number in range(size):
            known = KNOWN_ACCOUNTS.get(plan.slug) if number == 0 else None
            person = self._plan_person(
                level=MEMBER,
                title=known.job_title if known else self.random.choice(plan.titles),
                team=team,
                manager=manager,
                place=self._place_near(plan.home),
                topics=plan.topics,
                other_topics=other_topics,
            )
            if known:
                self._emails.discard(person.user.email or "")
                person.user.email = known.email
                person.user.is_staff = person.user.is_superuser = known.administrator

    def _plan_partners(self) -> None:
        for plan in work.PARTNERS:
            partner = self._plan_person(
                level=MEMBER,
                title=plan.job_title,
                team=None,
                manager=None,
                place=self.random.choice(PLACES),
                topics=plan.topics,
                other_topics=work.SHARED,
                team_name=plan.organisation,
            )
            partner.user.is_external = True
            partner.user.organisation = plan.organisation
            colleagues = [
                person for person in self.internal if person.team_slug == plan.team_slug
            ]
            contacts = self.random.sample(colleagues, CONTACTS_PER_PARTNER)
            for contact in contacts:
                contact.follows_people.append(partner)
            partner.follows_people.extend(contacts)

    def _plan_person(
        self,
        *,
        level: int,
        title: str,
        team: Team | None,
        manager: DemoPerson | None,
        place: Place,
        topics: Sequence[str],
        other_topics: Sequence[str],
        team_name: str = "",
    ) -> DemoPerson:
        first, family = self._unique_name()
        skills = self._skills(topics, other_topics)
        handle = first_free(base_handle(f"{first} {family}"), self._handles)
        self._handles.add(handle)
        user = User(
            email=self._unique_email(first, family),
            display_name=f"{first} {family}",
            handle=handle,
            job_title=title,
            location=place.city,
            time_zone=place.time_zone,
            bio=self._bio(
                title, team_name or (team.name if team else ""), place, skills
            ),
            team=team,
            password=self._password,
            date_joined=self._joined(),
        )
        person = DemoPerson(
            user=user,
            level=level,
            team_slug=team.slug if team else None,
            manager=manager,
            skills=skills,
        )
        if manager is not None:
            user.manager = manager.user
        self.people.append(person)
        return person

    def _unique_name(self) -> tuple[str, str]:
        """A given and a family name no one else in the demo has together.

        A large organisation runs out of pairs; then a middle initial tells
        namesakes apart, as it does in real directories.
        """
        for attempt in range(NAME_ATTEMPTS):
            first = self.random.choice(names.FIRST_NAMES)
            family = self.random.choice(names.FAMILY_NAMES)
            if attempt >= NAME_ATTEMPTS // 2:
                first = f"{first} {self.random.choice(INITIALS)}."
            if f"{first} {family}" not in self._display_names:
                self._display_names.add(f"{first} {family}")
                return first, family
        return first, family

    def _unique_email(self, first: str, family: str) -> str:
        """firstname.lastname@…; "José Silva" and "Jose Silva" get 2, 3…"""
        local = f"{email_part(first)}.{email_part(family)}"
        email, number = f"{local}@{DEMO_DOMAIN}", 1
        while email in self._emails:
            number += 1
            email = f"{local}{number}@{DEMO_DOMAIN}"
        self._emails.add(email)
        return email

    def _place_near(self, home: Place) -> Place:
        if self.random.random() < AT_HOME_SHARE:
            return home
        return self.random.choice(PLACES)

    def _skills(self, topics: Sequence[str], other_topics: Sequence[str]) -> list[str]:
        """Two to six topics, mostly from the person's own line of work."""
        count = self.random.randint(*SKILLS)
        own = min(len(topics), count - (1 if self.random.random() < 0.4 else 0))
        chosen = self.random.sample(list(topics), own)
        others = _unique(name for name in other_topics if name not in chosen)
        return chosen + self.random.sample(others, count - own)

    def _bio(self, title: str, team_name: str, place: Place, skills: list[str]) -> str:
        city = place.city.split(",")[0]
        article = "an" if title[0] in "AEIOU" or title.startswith("HR ") else "a"
        if team_name:
            opening = self.random.choice(work.OPENINGS).format(
                title=title, team=team_name, city=city, article=article
            )
        else:
            opening = f"{title}, based in {city}."
        if self.random.random() < 0.25:
            return opening
        second = self.random.choice(work.SECOND_SENTENCES).format(
            first=skills[0],
            second=skills[1],
            past=self.random.choice(work.PAST_WORK),
            hobby=self.random.choice(work.HOBBIES),
        )
        return f"{opening} {second}"

    def _joined(self) -> datetime:
        return self._now - timedelta(days=self.random.randint(30, 3000))

    def _plan_follows(self) -> None:
        """Each follows 3 to 12 colleagues, mostly near them, and 1 to 4 topics."""
        internal = self.internal
        by_team: dict[str | None, list[DemoPerson]] = {}
        reports: dict[int, list[DemoPerson]] = {}
        for person in internal:
            by_team.setdefault(person.team_slug, []).append(person)
            if person.manager is not None:
                reports.setdefault(id(person.manager), []).append(person)
        for person in internal:
            circle = _unique(
                [
                    *by_team[person.team_slug],
                    *([person.manager] if person.manager else []),
                    *reports.get(id(person), []),
                ]
            )
            circle = [other for other in circle if other is not person]
            wanted = self.random.randint(*PEOPLE_FOLLOWED)
            near = min(len(circle), round(wanted * NEAR_SHARE))
            chosen = self.random.sample(circle, near)
            taken = {id(person), *map(id, chosen), *map(id, person.follows_people)}
            while len(chosen) < wanted:
                other = self.random.choice(internal)
                if id(other) not in taken:
                    taken.add(id(other))
                    chosen.append(other)
            person.follows_people.extend(chosen)
            topic_pool = _unique([*person.skills, *self._team_topics(person)])
            count = min(len(topic_pool), self.random.randint(*TOPICS_FOLLOWED))
            person.follows_topics = self.random.sample(topic_pool, count)

    def _team_topics(self, person: DemoPerson) -> Sequence[str]:
        for department in work.DEPARTMENTS:
            if person.team_slug == department.slug:
                return department.topics
            for team in department.teams:
                if person.team_slug == team.slug:
                    return team.topics
        return work.SHARED

    # --- Writing ---------------------------------------------------------------

    def save_teams(self) -> None:
        taken = set(
            Team.objects.filter(slug__in=self.teams).values_list("slug", flat=True)
        )
        for team in self.teams.values():
            base, number = team.slug, 1
            while team.slug in taken:
                number += 1
                team.slug = f"{base}-demo-{number}"
            taken.add(team.slug)
        # Departments first: teams point at them.
        for kind in (Team.Kind.DEPARTMENT, Team.Kind.TEAM):
            _insert(Team, [team for team in self.teams.values() if team.kind == kind])

    def save_people(self) -> None:
        # Level by level, so each manager has its id before the reports.
        for level in (CHIEF_EXECUTIVE, HEAD, MANAGER, MEMBER):
            _insert(User, [p.user for p in self.people if p.level == level])

    def save_topics(self) -> None:
        for area in work.TOPIC_AREAS:
            found = find_or_create_topics(area)
            if len(found) == len(area):
                self.topics.update(zip(area, found, strict=True))
            else:
                # Two of the names were merged by an administrator already.
                self.topics.update((name, find_or_create_topic(name)) for name in area)

    def save_skills(self) -> None:
        through = User.skills.through
        rows = {
            (person.user.pk, self.topics[name].pk)
            for person in self.people
            for name in person.skills
        }
        through.objects.bulk_create(
            [through(user_id=user, topic_id=topic) for user, topic in sorted(rows)]
        )

    def save_follows(self) -> None:
        follows = [
            Follow(follower=person.user, person=followed.user)
            for person in self.people
            for followed in person.follows_people
        ]
        topics = {
            (person.user.pk, self.topics[name].pk)
            for person in self.people
            for name in person.follows_topics
        }
        follows += [
            Follow(follower_id=follower, topic_id=topic)
            for follower, topic in sorted(topics)
        ]
        Follow.objects.bulk_create(follows)
        self.follow_count = len(follows)

    def save_communities(self) -> None:
        communities.save_communities(self.communities, self.random, self._now)

    def save_activity(self) -> None:
        activity = Activity(
            circles_from_database(self.seed),
            posts=self.posts,
            seed=self.seed,
            now=self._now,
        )
        self.post_count = activity.run(on_index=self._on_index)

    @property
    def _started(self) -> list[Community]:
        """The communities written, for the steps that add to them."""
        return [demo.community for demo in self.communities if demo.community]

    def save_routing(self) -> None:
        self.help_requests = route_waiting_questions(self._started, self._now)

    def save_ideas(self) -> None:
        self.idea_count = propose_ideas(
            self._started, seed=self.seed, now=self._now, on_index=self._on_index
        )


def _unique(items: Iterable[T]) -> list[T]:
    """`items` without repeats, in first-seen order."""
    return list(dict.fromkeys(items))


def _insert(model: type[Team] | type[User], rows: list) -> None:
    """Insert `rows`; each gets its id, which the next level refers to."""
    model.objects.bulk_create(rows)
    if any(row.pk is None for row in rows):
        # A database that cannot return ids from a bulk insert: save one by one.
        for row in rows:
            if row.pk is None:
                row.save()
