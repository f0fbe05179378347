"""Proposing, editing, supporting and following ideas.

An idea starts with the problem: an idea without one is refused. Its
discussion is a thread in the community's conversations, started with it,
so replies, reactions, mentions and moderation work as everywhere else.
Each edit keeps the version before, and an edit of an idea people already
back tells them, so nobody's support silently moves to words they did not
back.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from commonplace import permissions
from commonplace.communities.models import Community
from commonplace.core.errors import Conflict, InvalidInput
from commonplace.ideas import tasks
from commonplace.ideas.models import (
    MAX_COAUTHORS,
    MAX_TEXT_LENGTH,
    MAX_TITLE_LENGTH,
    Idea,
    IdeaVersion,
    StageKind,
    Support,
)
from commonplace.ideas.services.stages import (
    count_into,
    ensure_stages,
    first_step,
    trip_changed,
)
from commonplace.knowledge import services as knowledge_services
from commonplace.knowledge.markdown import render
from commonplace.knowledge.models import MAX_TITLE_LENGTH as MAX_THREAD_TITLE
from commonplace.knowledge.models import PostKind
from commonplace.knowledge.services.common import invalid, readable, topics_named
from commonplace.people.models import Follow, User
from commonplace.search.services import schedule_indexing

TEXT_FIELDS = ("title", "problem", "proposal", "impact")


@dataclass(frozen=True)
class IdeaDraft:
    """What a person writes to propose or edit an idea."""

    title: str
    problem: str
    proposal: str = ""
    impact: str = ""


def _clean_text(field: str, text: str, errors: dict[str, list[str]]) -> str:
    text = readable(text).strip()
    if len(text) > MAX_TEXT_LENGTH:
        errors[field] = [_("At most %(max)d characters.") % {"max": MAX_TEXT_LENGTH}]
    return text


def clean_draft(draft: IdeaDraft) -> IdeaDraft:
    """The draft with its text tidied; every field's problem raised at once."""
    errors: dict[str, list[str]] = {}
    title = " ".join(readable(draft.title).split())
    if not title:
        errors["title"] = [_("Give the idea a title that says what it changes.")]
    elif len(title) > MAX_TITLE_LENGTH:
        message = _("A title has at most %(max)d characters.")
        errors["title"] = [message % {"max": MAX_TITLE_LENGTH}]
    problem = _clean_text("problem", draft.problem, errors)
    if not problem and "problem" not in errors:
        errors["problem"] = [
            _("Say what the problem is: what hurts, for whom, and how we know.")
        ]
    cleaned = IdeaDraft(
        title=title,
        problem=problem,
        proposal=_clean_text("proposal", draft.proposal, errors),
        impact=_clean_text("impact", draft.impact, errors),
    )
    if errors:
        raise InvalidInput(_("The idea could not be saved."), fields=errors)
    return cleaned


def _coauthors(
    community: Community, author_id: int | None, people: Sequence[User]
) -> list[User]:
    """Co-authors must be able to read the community; the author is not one."""
    chosen = {person.pk: person for person in people if person.pk != author_id}
    if len(chosen) > MAX_COAUTHORS:
        message = _("Name at most %(max)d co-authors.") % {"max": MAX_COAUTHORS}
        raise invalid("coauthors", message)
    refused = [
        str(person)
        for person in chosen.values()
        if not permissions.can(person, "community.read", community)
    ]
    if refused:
        message = _("%(names)s cannot read this community.") % {
            "names": ", ".join(refused)
        }
        raise invalid("coauthors", message)
    return list(chosen.values())


def _write_text(idea: Idea, draft: IdeaDraft) -> None:
    idea.title = draft.title
    idea.problem_source = draft.problem
    idea.problem_html = render(draft.problem)
    idea.proposal_source = draft.proposal
    idea.proposal_html = render(draft.proposal) if draft.proposal else ""
    idea.impact_source = draft.impact
    idea.impact_html = render(draft.impact) if draft.impact else ""


def _keep_version(idea: Idea, written_by: User | None) -> IdeaVersion:
    return IdeaVersion.objects.create(
        idea=idea,
        number=idea.version,
        written_by=written_by,
        title=idea.title,
        problem_source=idea.problem_source,
        problem_html=idea.problem_html,
        proposal_source=idea.proposal_source,
        proposal_html=idea.proposal_html,
        impact_source=idea.impact_source,
        impact_html=idea.impact_html,
    )


def thread_title(kind_label: str, title: str) -> str:
    return f"{kind_label}: {title}"[:MAX_THREAD_TITLE]


def _start_thread(idea: Idea, author: User) -> None:
    """The idea's discussion: a thread in its community pointing at it."""
    url = reverse("ideas:idea", kwargs={"pk": idea.pk})
    body = _("This thread discusses the idea [“%(title)s”](%(url)s).") % {
        "title": idea.title,
        "url": url,
    }
    idea.thread = knowledge_services.create_post(
        community=idea.community,
        author=author,
        kind=PostKind.DISCUSSION,
        title=thread_title(_("Idea"), idea.title),
        body=body,
    )
    idea.save(update_fields=["thread"])


@transaction.atomic
def propose_idea(
    *,
    community: Community,
    author: User,
    draft: IdeaDraft,
    topics: list[str] | None = None,
    coauthors: Sequence[User] = (),
) -> Idea:
    """A new idea in the community's first step, with its discussion
    thread; its authors follow it from the start."""
    permissions.require(author, "community.read", community, hide=True)
    permissions.require(author, "idea.propose", community)
    draft = clean_draft(draft)
    chosen_topics = topics_named(topics or [])
    people = _coauthors(community, author.pk, coauthors)
    stage = first_step(ensure_stages(community))
    idea = Idea(community=community, author=author, stage=stage, started_in=stage)
    _write_text(idea, draft)
    idea.save()
    if chosen_topics:
        idea.topics.set(chosen_topics)
    if people:
        idea.coauthors.set(people)
    count_into(stage.pk, 1)
    trip_changed(community.pk)
    _keep_version(idea, author)
    _start_thread(idea, author)
    Follow.objects.bulk_create(
        [Follow(follower=person, idea=idea) for person in (author, *people)],
        ignore_conflicts=True,
    )
    schedule_indexing(kind="idea", ids=[idea.pk])
    return idea


def _changed(idea: Idea, draft: IdeaDraft) -> bool:
    return (draft.title, draft.problem, draft.proposal, draft.impact) != (
        idea.title,
        idea.problem_source,
        idea.proposal_source,
        idea.impact_source,
    )


@transaction.atomic
def edit_idea(
    *,
    idea: Idea,
    edited_by: User,
    draft: IdeaDraft,
    topics: list[str] | None = None,
    coauthors: Sequence[User] | None = None,
) -> Idea:
    """Change an idea's words (a new version) or its topics and co-authors.

    When the words change and people back the idea, they are told, and the
    version each of them backed stays readable.
    """
    permissions.require(edited_by, "idea.edit", idea)
    locked = Idea.objects.select_for_update().get(pk=idea.pk)
    draft = clean_draft(draft)
    if topics is not None:
        locked.topics.set(topics_named(topics))
    if coauthors is not None:
        locked.coauthors.set(_coauthors(locked.community, locked.author_id, coauthors))
    if _changed(locked, draft):
        _write_text(locked, draft)
        locked.version = F("version") + 1
        locked.edited_at = timezone.now()
        locked.save()
        locked.refresh_from_db()
        _keep_version(locked, edited_by)
        if locked.support_count:
            tasks.tell_idea_edited.enqueue(idea_id=locked.pk, version=locked.version)
    trip_changed(locked.community_id)
    schedule_indexing(kind="idea", ids=[locked.pk])
    return locked


@transaction.atomic
def support_idea(*, idea: Idea, person: User) -> Support:
    """Back an idea as it reads now; once per person, and not a declined one."""
    permissions.require(person, "community.read", idea.community, hide=True)
    permissions.require(person, "idea.support", idea)
    locked = Idea.objects.select_for_update().select_related("stage").get(pk=idea.pk)
    if locked.stage.kind == StageKind.DECLINED:
        raise Conflict(_("This idea was declined; it takes no more support."))
    try:
        with transaction.atomic():
            support = Support.objects.create(
                idea=locked, person=person, version=locked.version
            )
    except IntegrityError:
        raise Conflict(_("You already support this idea.")) from None
    Idea.objects.filter(pk=locked.pk).update(support_count=F("support_count") + 1)
    return support


@transaction.atomic
def withdraw_support(*, idea: Idea, person: User) -> None:
    """Take one's support back; refused when one gave none."""
    permissions.require(person, "community.read", idea.community, hide=True)
    removed, _by_kind = Support.objects.filter(idea=idea, person=person).delete()
    if not removed:
        raise Conflict(_("You do not support this idea."))
    Idea.objects.filter(pk=idea.pk).update(support_count=F("support_count") - 1)


def follow_idea(*, follower: User, idea: Idea) -> Follow:
    """Hear each move of an idea one may read; following twice keeps one."""
    permissions.require(follower, "community.read", idea.community, hide=True)
    permissions.require(follower, "idea.follow", idea)
    follow, _created = Follow.objects.get_or_create(follower=follower, idea=idea)
    return follow


def unfollow_idea(*, follower: User, idea: Idea) -> None:
    """Stop hearing about it; unfollowing twice changes nothing."""
    Follow.objects.filter(follower=follower, idea=idea).delete()
