"""People pages: the directory, profiles, follows, teams, one's own profile."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from commonplace.core.clock import zone_named, zone_names
from commonplace.core.errors import CommonplaceError, NotFound
from commonplace.expertise import selectors as expertise_selectors
from commonplace.people import selectors, services
from commonplace.people.forms import DirectoryFilterForm, ProfileForm
from commonplace.people.models import User
from commonplace.web.viewing import add_service_errors, is_htmx, page_cursor, signed_in

if TYPE_CHECKING:
    from commonplace.topics.models import Topic

AVATAR_CACHE_CONTROL = "private, max-age=3600"


@require_safe
@login_required
def directory(request: HttpRequest) -> HttpResponse:
    """The organisation's people, by name, narrowed by the filters."""
    viewer = signed_in(request)
    form = DirectoryFilterForm(request.GET, teams=selectors.team_choices(viewer))
    filters = selectors.DirectoryFilters(unmatched=True)
    unknown_topic = ""
    if form.is_valid():
        topic_text = form.cleaned_data["topic"].strip()
        topic = selectors.find_topic(topic_text)
        unknown_topic = topic_text if topic_text and topic is None else ""
        filters = selectors.DirectoryFilters(
            name=form.cleaned_data["q"],
            team=form.selected_team(),
            topic=topic,
            location=form.cleaned_data["location"],
            unmatched=bool(unknown_topic),
        )
    page = selectors.directory(viewer, filters, cursor=page_cursor(request))
    context = {"form": form, "page": page, "unknown_topic": unknown_topic}
    return render(request, "people/directory.html", context)


def _person_context(viewer: User, person: User) -> dict[str, object]:
    return {
        "person": person,
        "is_self": viewer.pk == person.pk,
        "is_following": selectors.is_following(viewer, person=person),
        "follower_count": selectors.follower_count(viewer, person),
    }


@require_safe
@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A person's profile; hidden and missing people are the same 404.

    "Knows about" counts only what they did in communities the viewer reads.
    """
    viewer = signed_in(request)
    person = selectors.access_person(viewer, pk)
    context = _person_context(viewer, person) | {
        "manager": selectors.visible_manager(viewer, person),
        "reports": selectors.reports_of(viewer, person),
        "zone_name": zone_named(person.time_zone).key,
        "can_browse": selectors.can_browse_directory(viewer),
        "known_topics": expertise_selectors.known_topics(viewer, person),
    }
    return render(request, "people/person_detail.html", context)


@require_safe
@login_required
def followers(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = signed_in(request)
    person = selectors.access_person(viewer, pk)
    page = selectors.followers_of(viewer, person, cursor=page_cursor(request))
    return render(request, "people/followers.html", {"person": person, "page": page})


def _follow_answer(request: HttpRequest, viewer: User, person: User) -> HttpResponse:
    if is_htmx(request):
        context = _person_context(viewer, person)
        return render(request, "people/person_detail.html#follow", context)
    return redirect("people:person", pk=person.pk)


@require_POST
@login_required
def follow(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = signed_in(request)
    person = selectors.access_person(viewer, pk)
    services.follow_person(follower=viewer, person=person)
    return _follow_answer(request, viewer, person)


@require_POST
@login_required
def unfollow(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = signed_in(request)
    person = selectors.access_person(viewer, pk)
    services.unfollow_person(follower=viewer, person=person)
    return _follow_answer(request, viewer, person)


def _follow_topic_answer(
    request: HttpRequest, viewer: User, topic: Topic
) -> HttpResponse:
    if is_htmx(request):
        context = {
            "topic": topic,
            "is_following": selectors.is_following(viewer, topic=topic),
        }
        return render(request, "people/follow_topic_button.html", context)
    return redirect("topics:detail", slug=topic.slug)


@require_POST
@login_required
def follow_topic(request: HttpRequest, slug: str) -> HttpResponse:
    viewer = signed_in(request)
    topic = selectors.access_followable_topic(viewer, slug)
    services.follow_topic(follower=viewer, topic=topic)
    return _follow_topic_answer(request, viewer, topic)


@require_POST
@login_required
def unfollow_topic(request: HttpRequest, slug: str) -> HttpResponse:
    viewer = signed_in(request)
    topic = selectors.access_followable_topic(viewer, slug)
    services.unfollow_topic(follower=viewer, topic=topic)
    return _follow_topic_answer(request, viewer, topic)


@require_safe
@login_required
def avatar(request: HttpRequest, pk: int) -> FileResponse:
    """The person's photo, to those who may see the person; never cached
    by shared caches, since who may see it depends on the viewer."""
    person = selectors.access_person(signed_in(request), pk)
    if not person.avatar:
        raise NotFound
    try:
        photo = person.avatar.open("rb")
    except OSError:
        raise NotFound from None
    response = FileResponse(photo, content_type="image/webp")
    response["Cache-Control"] = AVATAR_CACHE_CONTROL
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def profile_edit(request: HttpRequest) -> HttpResponse:
    """Edit one's own profile; a refused value keeps everything typed."""
    viewer = signed_in(request)
    person = selectors.access_person(viewer, viewer.pk)
    if request.method == "POST":
        form = ProfileForm(request.POST, request.FILES, zones=zone_names())
        status = 400
        if form.is_valid():
            try:
                services.update_profile(
                    person=person,
                    changed_by=viewer,
                    skills=form.skill_names(),
                    avatar=form.cleaned_data["avatar"],
                    clear_avatar=form.cleaned_data["remove_avatar"],
                    **form.profile_changes(),
                )
            except CommonplaceError as error:
                add_service_errors(form, error)
                status = error.status_code
            else:
                messages.success(request, _("Your profile is saved."))
                return redirect("people:person", pk=person.pk)
    else:
        form = ProfileForm(initial=ProfileForm.initial_for(person), zones=zone_names())
        status = 200
    context = {"form": form, "person": person}
    return render(request, "people/profile_form.html", context, status=status)


@require_safe
@login_required
def teams(request: HttpRequest) -> HttpResponse:
    departments = selectors.teams_tree(signed_in(request))
    return render(request, "people/teams.html", {"departments": departments})


@require_safe
@login_required
def team_detail(request: HttpRequest, slug: str) -> HttpResponse:
    viewer = signed_in(request)
    team = selectors.access_team(viewer, slug)
    page = selectors.team_members(viewer, team, cursor=page_cursor(request))
    return render(request, "people/team_detail.html", {"team": team, "page": page})
