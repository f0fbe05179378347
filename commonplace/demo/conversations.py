"""The demo's first conversations: questions, answers, notes and reactions.

Written through the knowledge services, so counts, revisions and rendering
are exactly what people's own posts get. Texts are assembled from each
community's topics; the seeded random picks who writes what.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from commonplace.communities.models import Community, Role
from commonplace.demo.communities import DemoCommunity
from commonplace.knowledge.models import Answer, Post, PostKind
from commonplace.knowledge.services import (
    accept_answer,
    add_comment,
    create_post,
    post_answer,
    toggle_reaction,
)
from commonplace.people.models import User

QUESTIONS = (
    (
        "What is our current practice for {topic}?",
        "I am picking up work that touches **{topic}** and would rather not "
        "reinvent what this community already knows.\n\n"
        "- Where do you start?\n- Which mistakes should I avoid?",
    ),
    (
        "Who has used {topic} on a real project here?",
        "We are deciding whether to rely on {topic} next quarter. I would "
        "love to hear from anyone who tried it: what worked, what did not, "
        "and what you would do differently.",
    ),
    (
        "How do we measure progress on {topic}?",
        "Our team keeps saying we are getting better at {topic}, but we have "
        "no number to show for it. What do you track, and how often?",
    ),
)
ANSWERS = (
    "We start with a short checklist:\n\n1. Agree on what good looks like\n"
    "2. Try it on one small case first\n3. Write down what surprised us\n\n"
    "The third step is the one people skip, and the one that helps the next "
    "person most.",
    "We learned this the hard way last year: agree on ownership before "
    "anything else. Once one person owned {topic} end to end, the rest "
    "followed within a few weeks.",
    "Pair with someone who has done it before for one afternoon. It saves "
    "days. Happy to be that person for {topic}; send me a message.",
)
NOTES = (
    "Working out loud: this week I tried a new approach to {topic}. The first "
    "attempt failed, the second one halved the time it took. Notes and "
    "questions welcome.",
    "Lesson from a failed experiment with {topic}: we measured the wrong "
    "thing for two weeks. Writing it down here so nobody repeats it.",
)
COMMENTS = ("Thanks, this is useful.", "Could you share an example?", "+1, same here.")
QUESTIONS_PER_COMMUNITY = 3
WRITERS = (Role.OWNER, Role.LEADER, Role.MODERATOR, Role.MEMBER)


@dataclass(frozen=True)
class Circle:
    """One community and who may write in it, for the helpers below."""

    community: Community
    rng: random.Random
    writers: list[User]
    readers: list[User]


def save_conversations(
    planned: list[DemoCommunity], rng: random.Random, now: datetime
) -> int:
    """Start a few threads in every community; return how many posts."""
    count = 0
    for item in planned:
        writers = [
            person.user for person, role in item.roles.items() if role in WRITERS
        ]
        if len(writers) < 2 or item.community is None:
            continue
        circle = Circle(item.community, rng, writers, [p.user for p in item.roles])
        topics = list(item.plan.topics) or [item.plan.name]
        for number in range(QUESTIONS_PER_COMMUNITY):
            when = now - timedelta(days=3 * number + 1)
            _question(circle, topics[number % len(topics)], when)
        _note(circle, rng.choice(topics), now - timedelta(hours=rng.randint(2, 48)))
        count += QUESTIONS_PER_COMMUNITY + 1
    return count


def _question(circle: Circle, topic: str, when: datetime) -> None:
    rng = circle.rng
    title, body = rng.choice(QUESTIONS)
    asker = rng.choice(circle.writers)
    question = create_post(
        community=circle.community,
        author=asker,
        kind=PostKind.QUESTION,
        title=title.format(topic=topic),
        body=body.format(topic=topic),
        topics=[topic],
    )
    others = [person for person in circle.readers if person != asker]
    answerers = rng.sample(others, k=min(2, len(others)))
    answers = [
        post_answer(question=question, author=person, body=text.format(topic=topic))
        for person, text in zip(
            answerers, rng.sample(ANSWERS, k=len(answerers)), strict=True
        )
    ]
    if answers and rng.random() < 0.6:
        accept_answer(question=question, answer=answers[0], accepted_by=asker)
    if answers:
        toggle_reaction(item=answers[0], person=asker, kind="helpful")
        add_comment(
            post=question, author=rng.choice(circle.readers), body=rng.choice(COMMENTS)
        )
    _backdate(question, answers, when)


def _note(circle: Circle, topic: str, when: datetime) -> None:
    note = create_post(
        community=circle.community,
        author=circle.rng.choice(circle.writers),
        kind=PostKind.NOTE,
        body=circle.rng.choice(NOTES).format(topic=topic),
        topics=[topic],
    )
    _backdate(note, [], when)


def _backdate(post: Post, answers: list[Answer], when: datetime) -> None:
    """Spread the threads over the past weeks, answers after their question."""
    Post.objects.filter(pk=post.pk).update(created_at=when, last_activity_at=when)
    for offset, answer in enumerate(answers, start=1):
        Answer.objects.filter(pk=answer.pk).update(
            created_at=when + timedelta(hours=offset)
        )
