"""Community mails, sent by the task worker."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import override
from django_tasks import task

from commonplace.communities.models import CommunityInvitation


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
