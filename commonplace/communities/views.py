"""Community pages: finding, starting, joining and running communities.

Every page about one community first fetches it through the selectors, so
a community the viewer may not see answers with the same 404 as one that
does not exist. The services decide everything else; a refused change
comes back on the page it was made from, with what was typed kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from commonplace import permissions
from commonplace.communities import selectors, services
from commonplace.communities.forms import (
    AdministratorJoinForm,
    CommunityForm,
    DecisionForm,
    DirectoryFilterForm,
    InvitationForm,
    JoinRequestForm,
    MemberFilterForm,
    NewAccountForm,
    RoleForm,
)
from commonplace.communities.models import (
    COVER_COLOURS,
    Community,
    Kind,
    Membership,
    Role,
    Visibility,
)
from commonplace.core.errors import CommonplaceError, Conflict, InvalidInput, NotFound
from commonplace.core.models import AuditEntry
from commonplace.core.pagination import Page
from commonplace.core.uploads import PayloadTooLarge
from commonplace.knowledge import selectors as knowledge_selectors
from commonplace.people import selectors as people_selectors
from commonplace.people import services as people_services
from commonplace.people.models import User

COVER_CACHE_CONTROL = "private, max-age=3600"
# The feed's second view: questions that have no accepted answer yet.
FEED_UNANSWERED = "unanswered"
LEADERS_ON_A_CARD = 3
ROLE_LABELS = dict(Role.choices)

# What an audit entry's action code means, as a phrase after the actor's name.
ACTION_LABELS = {
    "community.start": gettext_lazy("started the community"),
    "community.change": gettext_lazy("changed the community's details"),
    "membership.join": gettext_lazy("joined"),
    "membership.leave": gettext_lazy("left"),
    "membership.approve": gettext_lazy("approved a request to join"),
    "membership.accept_invitation": gettext_lazy("joined by invitation"),
    "membership.role": gettext_lazy("changed a role"),
    "membership.remove": gettext_lazy("removed a member"),
    "membership.administrator_join": gettext_lazy("entered as an administrator"),
    "invitation.create": gettext_lazy("invited someone"),
}
FIELD_LABELS = {
    "role": gettext_lazy("Role"),
    "reason": gettext_lazy("Reason"),
    "email": gettext_lazy("E-mail address"),
    "name": gettext_lazy("Name"),
    "purpose": gettext_lazy("Purpose"),
    "kind": gettext_lazy("Kind"),
    "goal": gettext_lazy("Goal"),
    "visibility": gettext_lazy("Visibility"),
    "allows_externals": gettext_lazy("External members may be invited"),
    "cover_colour": gettext_lazy("Cover colour"),
}
VALUE_LABELS: dict[str, dict[Any, Any]] = {
    "role": ROLE_LABELS,
    "kind": dict(Kind.choices),
    "visibility": dict(Visibility.choices),
    "cover_colour": dict(COVER_COLOURS),
    "allows_externals": {True: gettext_lazy("Yes"), False: gettext_lazy("No")},
}


def _signed_in(request: HttpRequest) -> User:
    """The signed-in person (login_required has already turned others away)."""
    user = request.user
    if not isinstance(user, User):
        raise NotFound
    return user


def _is_htmx(request: HttpRequest) -> bool:
    return bool(request.headers.get("HX-Request"))


def _cursor(request: HttpRequest, name: str = "cursor") -> str | None:
    return request.GET.get(name) or None


def _add_errors(form: forms.Form, error: CommonplaceError) -> None:
    """Put a service's refusal onto the form's fields, once each."""
    for name, field_messages in error.fields.items():
        target = name if name in form.fields else None
        present = [
            str(problem) for problem in form.errors.get(target or "__all__") or []
        ]
        for message in field_messages:
            if message not in present:
                form.add_error(target, message)
    if not error.fields:
        form.add_error(None, str(error.message))


# --- Finding communities -------------------------------------------------------


@dataclass(frozen=True)
class Card:
    """A community in a list, with the few leaders its card names."""

    community: Community
    leaders: list[Membership] = field(default_factory=list)


def _cards(communities: list[Community]) -> list[Card]:
    return [Card(c, selectors.leaders_of(c)[:LEADERS_ON_A_CARD]) for c in communities]


@require_safe
@login_required
def directory(request: HttpRequest) -> HttpResponse:
    """The organisation's communities; the viewer's own and invitations first."""
    viewer = _signed_in(request)
    if not people_selectors.can_browse_directory(viewer):
        raise NotFound
    form = DirectoryFilterForm(request.GET)
    unknown_topic = ""
    page: Page[Community] = Page(items=[], next_cursor=None)
    if form.is_valid():
        topic_text = form.cleaned_data["topic"].strip()
        topic = people_selectors.find_topic(topic_text)
        unknown_topic = topic_text if topic_text and topic is None else ""
        filters = selectors.CommunityFilters(
            text=form.cleaned_data["q"],
            kind=form.cleaned_data["kind"],
            topic=topic,
            sort=form.cleaned_data["sort"] or "size",
        )
        # A topic nobody uses matches no community, rather than every one.
        if not unknown_topic:
            page = selectors.community_directory(
                viewer, filters, cursor=_cursor(request)
            )
    context = {
        "form": form,
        "page": page,
        "cards": _cards(page.items),
        "unknown_topic": unknown_topic,
        "mine": selectors.my_communities(viewer),
        "invitations": selectors.my_invitations(viewer),
    }
    return render(request, "communities/directory.html", context)


@require_safe
@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """The communities one belongs to: external members' way in, too."""
    viewer = _signed_in(request)
    context = {
        "mine": selectors.my_communities(viewer),
        "invitations": selectors.my_invitations(viewer),
        "can_browse": people_selectors.can_browse_directory(viewer),
    }
    return render(request, "communities/mine.html", context)


@require_safe
@login_required
def cover(request: HttpRequest, slug: str) -> FileResponse:
    """The cover image, to those who may see the community."""
    community = selectors.access_community(_signed_in(request), slug)
    if not community.cover_image:
        raise NotFound
    try:
        image = community.cover_image.open("rb")
    except OSError:
        raise NotFound from None
    response = FileResponse(image, content_type="image/webp")
    response["Cache-Control"] = COVER_CACHE_CONTROL
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- Starting and editing --------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def new(request: HttpRequest) -> HttpResponse:
    """Start a community: members of the organisation only."""
    viewer = _signed_in(request)
    if not people_selectors.can_browse_directory(viewer):
        raise NotFound
    status = 200
    if request.method == "POST":
        form = CommunityForm(request.POST, request.FILES)
        status = 400
        if form.is_valid():
            try:
                community = services.start_community(
                    started_by=viewer,
                    topics=form.topic_names(),
                    cover_image=form.cleaned_data["cover_image"],
                    **form.details(),
                )
            except (InvalidInput, PayloadTooLarge) as error:
                _add_errors(form, error)
                status = error.status_code
            else:
                messages.success(
                    request, _("Your community is ready. Invite people to it.")
                )
                return redirect("communities:detail", slug=community.slug)
    else:
        form = CommunityForm()
    context = {"form": form, "community": None}
    return render(request, "communities/community_form.html", context, status=status)


def _managed_community(viewer: User, slug: str) -> Community:
    """The community, if the viewer runs it; otherwise the same 404 as absent."""
    community = selectors.access_community(viewer, slug)
    permissions.require(viewer, "community.manage", community, hide=True)
    return community


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def edit(request: HttpRequest, slug: str) -> HttpResponse:
    viewer = _signed_in(request)
    community = _managed_community(viewer, slug)
    status = 200
    if request.method == "POST":
        form = CommunityForm(request.POST, request.FILES, editing=True)
        status = 400
        if form.is_valid():
            try:
                services.update_community(
                    community=community,
                    changed_by=viewer,
                    topics=form.topic_names(),
                    cover_image=form.cleaned_data["cover_image"],
                    remove_cover_image=form.cleaned_data["remove_cover_image"],
                    **form.details(),
                )
            except (InvalidInput, PayloadTooLarge) as error:
                _add_errors(form, error)
                status = error.status_code
            else:
                messages.success(request, _("The community is saved."))
                return redirect("communities:detail", slug=community.slug)
    else:
        form = CommunityForm(initial=CommunityForm.initial_for(community), editing=True)
    context = {"form": form, "community": community}
    return render(request, "communities/community_form.html", context, status=status)


# --- A community's page ------------------------------------------------------------


def _detail_context(viewer: User, community: Community) -> dict[str, Any]:
    """What the viewer may see and do here, decided by the policy."""

    def may(action: str) -> bool:
        return permissions.can(viewer, action, community)

    role = permissions.community_standing(viewer, community).role
    is_member = role is not None
    may_join = may("community.join")
    may_request = may("community.request_to_join")
    may_follow = may("community.follow") and not is_member
    return {
        "community": community,
        "leaders": selectors.leaders_of(community),
        "topics": list(community.topics.all()),
        "role": role,
        "role_label": ROLE_LABELS.get(role or ""),
        "is_member": is_member,
        "reads": may("community.read"),
        "may_join": may_join,
        "may_request": may_request,
        "pending_request": (
            selectors.my_join_request(viewer, community) if may_request else None
        ),
        "may_follow": may_follow,
        "is_following": may_follow
        and selectors.is_following_community(viewer, community),
        # Where an administrator may join like anyone, the plain way is offered.
        "may_enter": may("community.join_as_administrator") and not may_join,
        "may_manage": may("community.manage"),
        "may_see_audit": may("community.see_audit"),
        "may_post": may("community.start_thread"),
        "may_moderate": may("community.moderate"),
        "can_browse": people_selectors.can_browse_directory(viewer),
        "request_form": JoinRequestForm(),
        "enter_form": AdministratorJoinForm(),
        "error": None,
    }


def _detail_page(
    request: HttpRequest,
    viewer: User,
    community: Community,
    *,
    status: int = 200,
    **overrides: Any,
) -> HttpResponse:
    context = _detail_context(viewer, community)
    context |= _feed_context(request, viewer, community, reads=context["reads"])
    context |= overrides
    return render(request, "communities/community_detail.html", context, status=status)


def _feed_context(
    request: HttpRequest, viewer: User, community: Community, *, reads: bool
) -> dict[str, Any]:
    """The community's posts, newest first or only the open questions."""
    if not reads:
        return {"feed": None}
    tab = FEED_UNANSWERED if request.GET.get("show") == FEED_UNANSWERED else ""
    feed = knowledge_selectors.community_posts(
        viewer,
        community,
        unanswered=bool(tab),
        cursor=_cursor(request) if request.method in ("GET", "HEAD") else None,
    )
    return {"feed": feed, "feed_tab": tab}


@require_safe
@login_required
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    viewer = _signed_in(request)
    community = selectors.access_community(viewer, slug)
    if _is_htmx(request) and _cursor(request):
        # "Load more": only the next posts, swapped in below the last one.
        permissions.require(viewer, "community.read", community, hide=True)
        context = {"community": community}
        context |= _feed_context(request, viewer, community, reads=True)
        return render(request, "communities/community_detail.html#feed-page", context)
    return _detail_page(request, viewer, community)


@require_safe
@login_required
def members(request: HttpRequest, slug: str) -> HttpResponse:
    """The members, leaders first: for those who may read the community."""
    viewer = _signed_in(request)
    community = selectors.access_readable_community(viewer, slug)
    form = MemberFilterForm(request.GET)
    page: Page[Membership] = Page(items=[], next_cursor=None)
    if form.is_valid():
        page = selectors.community_members(
            viewer,
            community,
            name=form.cleaned_data["q"],
            role=form.cleaned_data["role"],
            cursor=_cursor(request),
        )
    context = {"community": community, "form": form, "page": page}
    return render(request, "communities/members.html", context)


# --- Joining, leaving, following -------------------------------------------------


def _to_community_or_mine(viewer: User, community: Community) -> HttpResponse:
    """Back to the community while the viewer still sees it; else their list."""
    try:
        selectors.access_community(viewer, community.slug)
    except NotFound:
        return redirect("communities:mine")
    return redirect("communities:detail", slug=community.slug)


@require_POST
@login_required
def join(request: HttpRequest, slug: str) -> HttpResponse:
    viewer = _signed_in(request)
    community = selectors.access_community(viewer, slug)
    services.join_community(community=community, person=viewer)
    messages.success(request, _("You are a member of this community."))
    return redirect("communities:detail", slug=community.slug)


@require_POST
@login_required
def leave(request: HttpRequest, slug: str) -> HttpResponse:
    viewer = _signed_in(request)
    community = selectors.access_community(viewer, slug)
    try:
        services.leave_community(community=community, person=viewer)
    except InvalidInput as error:
        return _detail_page(
            request,
            viewer,
            community,
            status=error.status_code,
            error=str(error.message),
        )
    messages.success(request, _("You left the community."))
    return _to_community_or_mine(viewer, community)


@require_POST
@login_required
def request_to_join(request: HttpRequest, slug: str) -> HttpResponse:
    viewer = _signed_in(request)
    community = selectors.access_community(viewer, slug)
    form = JoinRequestForm(request.POST)
    try:
        services.request_to_join(
            community=community,
            person=viewer,
            message=request.POST.get("message", ""),
        )
    except InvalidInput as error:
        _add_errors(form, error)
        return _detail_page(request, viewer, community, status=400, request_form=form)
    messages.success(
        request, _("Your request was sent. The community's leaders will decide.")
    )
    return redirect("communities:detail", slug=community.slug)


def _follow_answer(
    request: HttpRequest, viewer: User, community: Community
) -> HttpResponse:
    if _is_htmx(request):
        return render(
            request,
            "communities/community_detail.html#follow",
            _detail_context(viewer, community),
        )
    return redirect("communities:detail", slug=community.slug)


@require_POST
@login_required
def follow(request: HttpRequest, slug: str) -> HttpResponse:
    viewer = _signed_in(request)
    community = selectors.access_community(viewer, slug)
    people_services.follow_community(follower=viewer, community=community)
    return _follow_answer(request, viewer, community)


@require_POST
@login_required
def unfollow(request: HttpRequest, slug: str) -> HttpResponse:
    viewer = _signed_in(request)
    community = selectors.access_community(viewer, slug)
    people_services.unfollow_community(follower=viewer, community=community)
    return _follow_answer(request, viewer, community)


@require_POST
@login_required
def enter_as_administrator(request: HttpRequest, slug: str) -> HttpResponse:
    """An administrator enters, with a reason kept in the audit trail."""
    viewer = _signed_in(request)
    community = selectors.access_community(viewer, slug)
    form = AdministratorJoinForm(request.POST)
    try:
        services.join_as_administrator(
            community=community,
            administrator=viewer,
            reason=request.POST.get("reason", ""),
        )
    except InvalidInput as error:
        _add_errors(form, error)
        return _detail_page(request, viewer, community, status=400, enter_form=form)
    messages.success(
        request,
        _("You entered as an administrator. Your reason is in the audit trail."),
    )
    return redirect("communities:detail", slug=community.slug)


# --- Running a community ------------------------------------------------------------


@dataclass(frozen=True)
class MemberRow:
    """A member on the manage page, with what the viewer may do to them."""

    membership: Membership
    roles: list[tuple[str, Any]]
    removable: bool
    is_viewer: bool


def _member_rows(
    viewer: User, community: Community, page: Page[Membership]
) -> list[MemberRow]:
    mine = permissions.community_standing(viewer, community).role
    rows = []
    for membership in page.items:
        current = membership.role
        roles = [
            (role, label)
            for role, label in Role.choices
            if role == current or permissions.can_grant(mine, current, role)
        ]
        is_viewer = membership.person_id == viewer.pk
        rows.append(
            MemberRow(
                membership=membership,
                roles=roles if len(roles) > 1 else [],
                removable=not is_viewer
                and permissions.can_grant(mine, current, Role.GUEST),
                is_viewer=is_viewer,
            )
        )
    return rows


def _grantable_roles(viewer: User, community: Community) -> list[str]:
    mine = permissions.community_standing(viewer, community).role
    return [role for role in Role.values if permissions.can_grant(mine, None, role)]


def _invitation_form(
    viewer: User, community: Community, data: Any = None
) -> InvitationForm:
    return InvitationForm(
        data,
        roles=_grantable_roles(viewer, community),
        allows_externals=community.allows_externals,
    )


def _manage_page(
    request: HttpRequest,
    viewer: User,
    community: Community,
    *,
    status: int = 200,
    invite_form: InvitationForm | None = None,
    error: str | None = None,
) -> HttpResponse:
    member_page = selectors.community_members(
        viewer, community, cursor=_cursor(request)
    )
    context = {
        "community": community,
        "requests": selectors.pending_join_requests(
            viewer, community, cursor=_cursor(request, "requests")
        ),
        "invitations": selectors.community_invitations(
            viewer, community, cursor=_cursor(request, "invitations")
        ),
        "member_page": member_page,
        "rows": _member_rows(viewer, community, member_page),
        "invite_form": invite_form or _invitation_form(viewer, community),
        "may_see_audit": permissions.can(viewer, "community.see_audit", community),
        "error": error,
    }
    return render(request, "communities/manage.html", context, status=status)


def _after_management(viewer: User, community: Community) -> HttpResponse:
    """Back to the manage page, unless the viewer no longer runs it."""
    try:
        _managed_community(viewer, community.slug)
    except NotFound:
        return _to_community_or_mine(viewer, community)
    return redirect("communities:manage", slug=community.slug)


@require_safe
@login_required
def manage(request: HttpRequest, slug: str) -> HttpResponse:
    """Requests, invitations and roles: for owners and leaders."""
    viewer = _signed_in(request)
    return _manage_page(request, viewer, _managed_community(viewer, slug))


@require_POST
@login_required
def decide_request(request: HttpRequest, slug: str, request_id: int) -> HttpResponse:
    viewer = _signed_in(request)
    community = selectors.access_community(viewer, slug)
    join_request = selectors.access_join_request(viewer, community, request_id)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        error = _("Choose to approve or to decline the request.")
        return _manage_page(request, viewer, community, status=400, error=error)
    try:
        services.decide_join_request(
            join_request=join_request,
            decided_by=viewer,
            approve=form.cleaned_data["approve"],
        )
    except (InvalidInput, Conflict) as error:
        return _manage_page(
            request,
            viewer,
            community,
            status=error.status_code,
            error=str(error.message),
        )
    name = join_request.person.display_name
    if form.cleaned_data["approve"]:
        messages.success(request, _("%(name)s is now a member.") % {"name": name})
    else:
        messages.success(
            request, _("The request from %(name)s was declined.") % {"name": name}
        )
    return redirect("communities:manage", slug=community.slug)


@require_POST
@login_required
def invite(request: HttpRequest, slug: str) -> HttpResponse:
    viewer = _signed_in(request)
    community = _managed_community(viewer, slug)
    form = _invitation_form(viewer, community, request.POST)
    if form.is_valid():
        try:
            invitation = services.invite_to_community(
                community=community, invited_by=viewer, **form.invitation()
            )
        except InvalidInput as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _("An invitation was sent to %(email)s.") % {"email": invitation.email},
            )
            return redirect("communities:manage", slug=community.slug)
    return _manage_page(request, viewer, community, status=400, invite_form=form)


@require_POST
@login_required
def change_role(request: HttpRequest, slug: str, membership_id: int) -> HttpResponse:
    viewer = _signed_in(request)
    community = _managed_community(viewer, slug)
    membership = selectors.access_membership(viewer, community, membership_id)
    form = RoleForm(request.POST)
    if not form.is_valid():
        error = " ".join(str(problem) for problem in form.errors["role"])
        return _manage_page(request, viewer, community, status=400, error=error)
    try:
        services.change_role(
            membership=membership, changed_by=viewer, role=form.cleaned_data["role"]
        )
    except InvalidInput as error:
        return _manage_page(
            request, viewer, community, status=400, error=str(error.message)
        )
    messages.success(
        request,
        _("%(name)s is now: %(role)s.")
        % {
            "name": membership.person.display_name,
            "role": ROLE_LABELS[form.cleaned_data["role"]],
        },
    )
    return _after_management(viewer, community)


@require_POST
@login_required
def remove_member(request: HttpRequest, slug: str, membership_id: int) -> HttpResponse:
    viewer = _signed_in(request)
    community = _managed_community(viewer, slug)
    membership = selectors.access_membership(viewer, community, membership_id)
    try:
        services.remove_member(membership=membership, removed_by=viewer)
    except InvalidInput as error:
        return _manage_page(
            request, viewer, community, status=400, error=str(error.message)
        )
    messages.success(
        request,
        _("%(name)s is no longer a member.") % {"name": membership.person.display_name},
    )
    return _after_management(viewer, community)


# --- The audit trail ------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    label: Any
    before: Any
    after: Any


@dataclass(frozen=True)
class AuditRow:
    entry: AuditEntry
    action: Any
    changes: list[Change]


def _shown(name: str, value: Any) -> Any:
    if value is None:
        return ""
    return VALUE_LABELS.get(name, {}).get(value, value)


def _audit_row(entry: AuditEntry) -> AuditRow:
    names = list(dict.fromkeys([*entry.before, *entry.after]))
    changes = [
        Change(
            label=FIELD_LABELS.get(name, name),
            before=_shown(name, entry.before.get(name)),
            after=_shown(name, entry.after.get(name)),
        )
        for name in names
    ]
    return AuditRow(
        entry=entry,
        action=ACTION_LABELS.get(entry.action, entry.action),
        changes=changes,
    )


@require_safe
@login_required
def audit(request: HttpRequest, slug: str) -> HttpResponse:
    """Who changed what in the community: for its owners and administrators."""
    viewer = _signed_in(request)
    community = selectors.access_community(viewer, slug)
    page = selectors.community_audit(viewer, community, cursor=_cursor(request))
    context = {
        "community": community,
        "page": page,
        "rows": [_audit_row(entry) for entry in page.items],
    }
    return render(request, "communities/audit.html", context)


# --- Invitations ---------------------------------------------------------------------


@require_POST
@login_required
def accept(request: HttpRequest, invitation_id: int) -> HttpResponse:
    """Accept one of one's own invitations, from the directory."""
    viewer = _signed_in(request)
    invitation = selectors.access_my_invitation(viewer, invitation_id)
    services.accept_invitation(invitation=invitation, person=viewer)
    messages.success(request, _("Welcome! You are a member now."))
    return redirect("communities:detail", slug=invitation.community.slug)


@require_http_methods(["GET", "HEAD", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """Where a mailed invitation link lands; open to anonymous visitors,
    since the link itself proves the address."""
    invitation = selectors.invitation_for_token(token)
    context: dict[str, Any] = {
        "invitation": invitation,
        "community": invitation.community,
    }
    viewer = request.user
    if permissions.is_signed_in(viewer):
        if request.method == "POST":
            services.accept_invitation(invitation=invitation, person=viewer)
            messages.success(request, _("Welcome! You are a member now."))
            return redirect("communities:detail", slug=invitation.community.slug)
        context["for_viewer"] = (viewer.email or "").lower() == invitation.email
        return render(request, "communities/invitation.html", context)
    if selectors.invited_address_has_account(invitation):
        query = urlencode({"next": request.path, "email": invitation.email})
        context["sign_in_url"] = f"{reverse('accounts:login')}?{query}"
        return render(request, "communities/invitation.html", context)
    form = NewAccountForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                person = services.join_with_new_account(
                    invitation=invitation,
                    display_name=form.cleaned_data["display_name"],
                    password=form.cleaned_data["password"],
                )
            except (InvalidInput, Conflict) as error:
                _add_errors(form, error)
                status = error.status_code
            else:
                login(request, person)
                messages.success(request, _("Welcome! Your account is ready."))
                return redirect("communities:detail", slug=invitation.community.slug)
    context["form"] = form
    return render(request, "communities/invitation.html", context, status=status)
