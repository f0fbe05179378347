"""Accounts: sign-up, invitations, the policy, personal access tokens.

An account exists only once its address is proven: sign-up sends a link
(or, for an address that already has an account, a note saying so), and
the person chooses their name and password after following it. Nobody can
reserve someone else's address with a password they know.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from commonplace import permissions
from commonplace.accounts import tasks
from commonplace.accounts.models import (
    ACCESS_TOKEN_EXPIRY_DAYS,
    ACCESS_TOKEN_NAME_LENGTH,
    ACCESS_TOKEN_PREFIX_LENGTH,
    INVITATION_LIFETIME,
    AccessToken,
    Invitation,
    SignupPolicy,
)
from commonplace.accounts.tokens import SignupClaim, hash_token
from commonplace.core.audit import record_change
from commonplace.core.errors import Conflict, InvalidInput, NotAllowed, NotFound
from commonplace.core.ratelimit import check_rate
from commonplace.people.models import MAX_NAME_LENGTH, User, UserManager
from commonplace.search.services import schedule_indexing


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


def _create_account(
    email: str, display_name: str, password: str, organisation: str | None = None
) -> User:
    name = _clean_new_account(email, display_name, password)
    if User.objects.filter(email=email).exists():
        raise Conflict(_("This address already has an account. Sign in instead."))
    person = User(email=email, display_name=name)
    if organisation:
        person.is_external, person.organisation = True, organisation
    person.set_password(password)
    person.save()
    schedule_indexing(kind="person", ids=[person.pk])
    return person


@transaction.atomic
def create_invited_account(
    *, email: str, display_name: str, password: str, organisation: str | None = None
) -> User:
    """An account for an address another capability's invitation proved.

    The invitation link was mailed to the address, so following it proves
    the address and the organisation's sign-up mode does not apply. With an
    `organisation`, the account is an external member's.
    """
    return _create_account(email, display_name, password, organisation)


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
    person = _create_account(claim.email, display_name, password)
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


# --- Personal access tokens --------------------------------------------------

# Every secret starts so: secret scanners and people recognise it.
ACCESS_TOKEN_SCHEME = "cp_"  # noqa: S105 (a public marker, not a secret)
MAX_LIVE_ACCESS_TOKENS = 20
# last_used_at is a hint for people, not a log: one write a minute at most,
# so a busy script does not turn every read into a write.
LAST_USED_RESOLUTION = timedelta(minutes=1)
# Longer than any secret made here; longer strings are refused unhashed.
MAX_SECRET_LENGTH = 200


def _live_tokens(now: datetime) -> Q:
    return Q(revoked_at__isnull=True) & (
        Q(expires_at__isnull=True) | Q(expires_at__gt=now)
    )


def _clean_token_request(name: str, expires_in_days: int | None) -> str:
    errors: dict[str, list[str]] = {}
    clean_name = " ".join(name.split())
    if not clean_name:
        errors["name"] = [_("Say what the token is for, e.g. the script using it.")]
    elif len(clean_name) > ACCESS_TOKEN_NAME_LENGTH:
        errors["name"] = [
            _("A token's name has at most %(max)d characters.")
            % {"max": ACCESS_TOKEN_NAME_LENGTH}
        ]
    # bool is an int: True must not pass for "1 day".
    if isinstance(expires_in_days, bool) or (
        expires_in_days is not None and expires_in_days not in ACCESS_TOKEN_EXPIRY_DAYS
    ):
        errors["expires_in_days"] = [_("Choose 7, 30, 90 or 365 days, or no expiry.")]
    if errors:
        raise InvalidInput(_("Some of the values are not valid."), fields=errors)
    return clean_name


@transaction.atomic
def create_access_token(
    *, person: User, created_by: User, name: str, expires_in_days: int | None
) -> tuple[AccessToken, str]:
    """Make a token for a person's scripts; return it with its secret.

    Only the person makes their own tokens. The secret is returned here and
    nowhere else: only its hash is stored, so neither a leaked database nor
    an administrator can hand it out. At most MAX_LIVE_ACCESS_TOKENS live
    tokens per person keep forgotten tokens from piling up unnoticed.
    """
    if not permissions.is_signed_in(created_by) or created_by.pk != person.pk:
        raise NotAllowed(_("Only the person themselves can create their tokens."))
    clean_name = _clean_token_request(name, expires_in_days)
    # Locking the person serialises concurrent requests, so two at once
    # cannot both slip under the limit.
    User.objects.select_for_update().only("pk").get(pk=person.pk)
    now = timezone.now()
    live = AccessToken.objects.filter(_live_tokens(now), person=person).count()
    if live >= MAX_LIVE_ACCESS_TOKENS:
        message = _(
            "You already have %(max)d active tokens. Revoke one you no longer "
            "use before creating another."
        ) % {"max": MAX_LIVE_ACCESS_TOKENS}
        raise InvalidInput(message, fields={"__all__": [message]})
    secret = ACCESS_TOKEN_SCHEME + secrets.token_urlsafe(32)
    token = AccessToken.objects.create(
        person=person,
        name=clean_name,
        prefix=secret[:ACCESS_TOKEN_PREFIX_LENGTH],
        token_hash=hash_token(secret),
        expires_at=(
            None if expires_in_days is None else now + timedelta(days=expires_in_days)
        ),
    )
    return token, secret


def revoke_access_token(*, token: AccessToken, revoked_by: User) -> AccessToken:
    """End one token at once; revoking it again changes nothing.

    Only its owner may revoke it; to anyone else it does not exist.
    """
    if not permissions.is_signed_in(revoked_by) or revoked_by.pk != token.person_id:
        raise NotFound
    if token.revoked_at is None:
        now = timezone.now()
        # Conditional, so a concurrent revocation keeps the first moment.
        AccessToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=now
        )
        token.refresh_from_db(fields=["revoked_at"])
    return token


def revoke_all_access_tokens(*, person: User) -> int:
    """End every token of the person; return how many were still unrevoked.

    Called when the password changes (a new password must lock out whoever
    knew the old one, scripts included) and on deactivation.
    """
    return AccessToken.objects.filter(person=person, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def person_for_token(secret: str) -> User | None:
    """The active person a live token's secret belongs to, else None.

    The lookup is by the secret's SHA-256, never by the secret itself: what
    the database compares (and what its timing could reveal) is a hash,
    which tells nothing about any other secret. Revoked and expired tokens,
    and the tokens of deactivated people, answer None. last_used_at moves
    at most once per LAST_USED_RESOLUTION.
    """
    if not secret.startswith(ACCESS_TOKEN_SCHEME) or len(secret) > MAX_SECRET_LENGTH:
        return None
    token = (
        AccessToken.objects.select_related("person")
        .filter(token_hash=hash_token(secret))
        .first()
    )
    if token is None or not token.is_live or not token.person.is_active:
        return None
    now = timezone.now()
    stale = now - LAST_USED_RESOLUTION
    if token.last_used_at is None or token.last_used_at <= stale:
        AccessToken.objects.filter(
            Q(last_used_at__isnull=True) | Q(last_used_at__lte=stale), pk=token.pk
        ).update(last_used_at=now)
    return token.person
