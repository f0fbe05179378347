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
def send_signup_link(email: str) -> None:
    """The link that lets the owner of `email` finish signing up."""
    if User.objects.filter(email=email).exists():
        return  # finished meanwhile (a second run of this task)
    token = signup_token(SignupClaim(email=email))
    _send("signup_link", email, {"link": _link("accounts:signup-finish", token=token)})


@task()
def send_existing_account_note(user_id: int) -> None:
    """Someone tried to sign up with an address that has an account."""
    person = User.objects.filter(pk=user_id, is_active=True).first()
    if person is None or not person.email:
        return
    _send(
        "existing_account",
        person.email,
        {"person": person, "reset_link": _link("accounts:password-reset")},
    )


@task()
def send_password_reset(user_id: int) -> None:
    person = User.objects.filter(pk=user_id, is_active=True).first()
    if person is None or not person.email:
        return
    link = _link(
        "accounts:password-reset-confirm",
        uidb64=urlsafe_base64_encode(force_bytes(person.pk)),
        token=default_token_generator.make_token(person),
    )
    _send("password_reset", person.email, {"person": person, "link": link})


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
