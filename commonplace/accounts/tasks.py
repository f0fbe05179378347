"""Account mails, sent by the task worker so every answer takes alike."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import override
from django_tasks import task

from commonplace.accounts.models import Invitation
from commonplace.accounts.tokens import (
    SignupClaim,
    issue_invitation_token,
    signup_token,
)
from commonplace.people.models import User


def _link(name: str, **kwargs: str) -> str:
    return settings.SITE_URL + reverse(name, kwargs=kwargs)


def _send(template: str, to: str, context: dict[str, object]) -> None:
    with override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"accounts/mail/{template}_subject.txt", context)
        body = render_to_string(f"accounts/mail/{template}.txt", context)
    send_mail(" ".join(subject.split()), body, None, [to])


@task()
def send_signup_mail(email: str) -> None:
    """A link to finish signing up, or a note that the address has an account.

    A deactivated person gets nothing: they cannot sign in, and a reset
    would not change that.
    """
    person = User.objects.filter(email=email).first()
    if person is None:
        token = signup_token(SignupClaim(email=email))
        _send(
            "signup_link", email, {"link": _link("accounts:signup-finish", token=token)}
        )
    elif person.is_active:
        _send(
            "existing_account",
            email,
            {"person": person, "reset_link": _link("accounts:password-reset")},
        )


@task()
def send_password_reset(email: str) -> None:
    """A single-use reset link, for an active account with a password."""
    person = User.objects.filter(email=email, is_active=True).first()
    if person is None or not person.has_usable_password():
        return
    link = _link(
        "accounts:password-reset-confirm",
        uidb64=urlsafe_base64_encode(force_bytes(person.pk)),
        token=default_token_generator.make_token(person),
    )
    _send("password_reset", email, {"person": person, "link": link})


@task()
def send_invitation(invitation_id: int) -> None:
    invitation = (
        Invitation.objects.select_related("invited_by").filter(pk=invitation_id).first()
    )
    if invitation is None or not invitation.is_usable:
        return
    token = issue_invitation_token(invitation)
    _send(
        "invitation",
        invitation.email,
        {
            "invitation": invitation,
            "link": _link("accounts:invitation", token=token),
        },
    )
