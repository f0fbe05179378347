"""Community mails and notifications, sent by the task worker."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import override
from django_tasks import task

from commonplace.communities.models import CommunityInvitation, JoinRequest
from commonplace.notifications.services import notify
from commonplace.people.models import User


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@task()
def send_community_invitation(invitation_id: int) -> None:
    """Mail the invitation's link; a fresh token replaces any earlier link.

    Only the token's hash is stored, so the working link exists only in the
    mail. Running twice sends a second mail whose link replaces the first.
    """
    invitation = (
        CommunityInvitation.objects.select_related("community", "invited_by")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None or not invitation.is_usable:
        return
    token = secrets.token_urlsafe(32)
    invitation.token_hash = hash_token(token)
    invitation.save(update_fields=["token_hash"])
    link = settings.SITE_URL + reverse(
        "communities:invitation", kwargs={"token": token}
    )
    context = {
        "invitation": invitation,
        "community": invitation.community,
        "link": link,
    }
    with override(settings.LANGUAGE_CODE):
        subject = render_to_string("communities/mail/invitation_subject.txt", context)
        body = render_to_string("communities/mail/invitation.txt", context)
    send_mail(" ".join(subject.split()), body, None, [invitation.email])


@task()
def notify_invitation(invitation_id: int) -> None:
    """Tell the person an invitation is for, when they have an account.

    An address without an account hears of it only by mail; once they
    create the account from the link, the invitation is used already.
    """
    invitation = (
        CommunityInvitation.objects.select_related("invited_by")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None or not invitation.is_usable:
        return
    person = User.objects.filter(email=invitation.email).first()
    if person is not None:
        notify(
            recipient=person,
            kind="invited",
            target=invitation,
            key=f"invited:{invitation.pk}",
            actor=invitation.invited_by,
        )


@task()
def notify_join_request(join_request_id: int) -> None:
    """Tell the community's owners and leaders someone asks to join."""
    from commonplace.communities.selectors import managers_of

    join_request = (
        JoinRequest.objects.select_related("community", "person")
        .filter(pk=join_request_id, status=JoinRequest.Status.PENDING)
        .first()
    )
    if join_request is None:
        return
    for manager in managers_of(join_request.community):
        notify(
            recipient=manager,
            kind="join_request",
            target=join_request,
            key=f"join_request:{join_request.pk}",
            actor=join_request.person,
        )
