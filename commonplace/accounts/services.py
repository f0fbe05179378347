"""Accounts: who may sign up, finishing a sign-up, invitations, the policy.

An account exists only once its address is proven: sign-up sends a link
(or, for an address that already has an account, a note saying so), and
the person chooses their name and password after following it. Nobody can
reserve someone else's address with a password they know.
"""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from commonplace import permissions
from commonplace.accounts import tasks
from commonplace.accounts.models import INVITATION_LIFETIME, Invitation, SignupPolicy
from commonplace.accounts.tokens import SignupClaim, hash_token
from commonplace.core.audit import record_change
from commonplace.core.errors import Conflict, InvalidInput
from commonplace.core.ratelimit import check_rate
from commonplace.people.models import MAX_NAME_LENGTH, User, UserManager


def _email_error(message: str) -> InvalidInput:
    return InvalidInput(message, fields={"email": [message]})


def current_policy() -> SignupPolicy:
    """The chosen policy; open sign-up until an administrator chooses."""
    return SignupPolicy.objects.filter(pk=1).first() or SignupPolicy(pk=1)


def clean_email(raw: str) -> str:
    email = UserManager.normalize_email(raw)
    try:
        validate_email(email)
    except ValidationError:
        raise _email_error(
            _("Enter a valid e-mail address, like name@example.com.")
        ) from None
    return email


def _check_policy(email: str, policy: SignupPolicy, *, invited: bool) -> None:
    if invited:
        return
    if policy.mode == SignupPolicy.Mode.INVITE_ONLY:
        raise _email_error(
            _("Sign-up is by invitation only. Ask an administrator to invite you.")
        )
    domain = email.rsplit("@", 1)[-1]
    if policy.mode == SignupPolicy.Mode.DOMAINS and domain not in policy.domains:
        raise _email_error(
            _("Sign-up is open to addresses at %(domains)s.")
            % {"domains": ", ".join(policy.domains) or _("no domain yet")}
        )


@transaction.atomic
def request_signup(*, email: str, requested_from: str) -> None:
    """Mail the address a link to finish signing up, or a note if taken.

    The request only records a task with the address; the task decides
    which mail to send. The answer and the work done before answering are
    the same for every address, so nobody learns who has an account.
    """
    email = clean_email(email)
    check_rate("signup:ip", requested_from)
    check_rate("signup:address", email)
    _check_policy(email, current_policy(), invited=False)
    tasks.send_signup_mail.enqueue(email=email)


def invitation_for_token(token: str) -> Invitation:
    """The usable invitation behind a link, or InvalidInput."""
    invitation = Invitation.objects.filter(token_hash=hash_token(token)).first()
    if invitation is None or not invitation.is_usable:
        raise InvalidInput(
            _(
                "This invitation has expired or was already used. "
                "Ask the person who invited you for a new one."
            )
        )
    return invitation


def _clean_new_account(email: str, display_name: str, password: str) -> str:
    name = " ".join(display_name.split())
    errors: dict[str, list[str]] = {}
    if not name:
        errors["display_name"] = [_("Enter the name people know you by.")]
    elif len(name) > MAX_NAME_LENGTH:
        errors["display_name"] = [
            _("A name has at most %(max)d characters.") % {"max": MAX_NAME_LENGTH}
        ]
    try:
        validate_password(password, user=User(email=email, display_name=name))
    except ValidationError as error:
        errors["password"] = list(error.messages)
    if errors:
        raise InvalidInput(_("Some of the values are not valid."), fields=errors)
    return name


@transaction.atomic
def finish_signup(*, claim: SignupClaim, display_name: str, password: str) -> User:
    """Create the account the claim proves, with the chosen name and password."""
    invitation = None
    if claim.invitation_id is not None:
        invitation = (
            Invitation.objects.select_for_update()
            .filter(pk=claim.invitation_id)
            .first()
        )
        if invitation is None or not invitation.is_usable:
            raise InvalidInput(_("This invitation has expired or was already used."))
    _check_policy(claim.email, current_policy(), invited=invitation is not None)
    name = _clean_new_account(claim.email, display_name, password)
    if User.objects.filter(email=claim.email).exists():
        raise Conflict(_("This address already has an account. Sign in instead."))
    person = User.objects.create_user(claim.email, password, display_name=name)
    if invitation is not None:
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = person
        invitation.save(update_fields=["accepted_at", "accepted_by"])
    return person


@transaction.atomic
def request_password_reset(*, email: str, requested_from: str) -> None:
    """Mail a reset link if the address has an active account.

    As with sign-up, the task decides; the request does the same work for
    known and unknown addresses.
    """
    email = clean_email(email)
    check_rate("password-reset:ip", requested_from)
    check_rate("password-reset:address", email)
    tasks.send_password_reset.enqueue(email=email)


def check_invitable(email: str) -> str:
    """The normalised address, if it can be invited; else InvalidInput."""
    email = clean_email(email)
    if User.objects.filter(email=email).exists():
        raise _email_error(_("Someone with this address already has an account."))
    return email


@transaction.atomic
def invite_person(*, email: str, invited_by: User) -> Invitation:
    """Invite an address to join; the mail carries a single-use link."""
    permissions.require(invited_by, "administer")
    email = check_invitable(email)
    invitation = Invitation.objects.create(
        email=email,
        invited_by=invited_by,
        expires_at=timezone.now() + INVITATION_LIFETIME,
    )
    tasks.send_invitation.enqueue(invitation_id=invitation.pk)
    record_change(actor=invited_by, action="invitation.create", target=invitation)
    return invitation


@transaction.atomic
def revoke_invitation(*, invitation: Invitation, revoked_by: User) -> Invitation:
    permissions.require(revoked_by, "administer")
    if invitation.is_usable:
        invitation.expires_at = timezone.now()
        invitation.save(update_fields=["expires_at"])
        record_change(actor=revoked_by, action="invitation.revoke", target=invitation)
    return invitation


def check_signup_policy(*, mode: str, allowed_domains: str) -> None:
    """InvalidInput unless the mode exists and the domains look like domains."""
    if mode not in SignupPolicy.Mode.values:
        raise InvalidInput(fields={"mode": [_("Choose one of the sign-up modes.")]})
    domains = SignupPolicy(allowed_domains=allowed_domains).domains
    bad = [domain for domain in domains if "." not in domain or "@" in domain]
    if bad or (mode == SignupPolicy.Mode.DOMAINS and not domains):
        message = _("List domains like example.com, one per line.")
        raise InvalidInput(message, fields={"allowed_domains": [message]})


@transaction.atomic
def set_signup_policy(
    *, mode: str, allowed_domains: str, changed_by: User
) -> SignupPolicy:
    """Choose who may sign up; the domain mode needs at least one domain."""
    permissions.require(changed_by, "administer")
    check_signup_policy(mode=mode, allowed_domains=allowed_domains)
    policy = current_policy()
    before = {"mode": policy.mode, "allowed_domains": policy.allowed_domains}
    policy.mode = mode
    policy.allowed_domains = allowed_domains.strip()
    policy.save()
    record_change(
        actor=changed_by,
        action="signup_policy.change",
        target=policy,
        before=before,
        after={"mode": policy.mode, "allowed_domains": policy.allowed_domains},
    )
    return policy
