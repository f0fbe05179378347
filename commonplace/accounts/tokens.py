"""The secrets inside account links: sign-up claims and invitation tokens."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from django.core import signing
from django.utils.translation import gettext as _

from commonplace.accounts.models import Invitation
from commonplace.core.errors import InvalidInput

SIGNUP_SALT = "commonplace.accounts.signup"
SIGNUP_LINK_DAYS = 3


@dataclass(frozen=True)
class SignupClaim:
    """What a sign-up link proves: this address, maybe via this invitation."""

    email: str
    invitation_id: int | None = None


def signup_token(claim: SignupClaim) -> str:
    """A signed, timestamped link token; nothing is stored until it is used."""
    return signing.dumps(
        {"email": claim.email, "invitation": claim.invitation_id}, salt=SIGNUP_SALT
    )


def read_signup_token(token: str) -> SignupClaim:
    """The claim in a sign-up link, or InvalidInput when expired or forged."""
    try:
        data = signing.loads(
            token, salt=SIGNUP_SALT, max_age=SIGNUP_LINK_DAYS * 24 * 60 * 60
        )
    except signing.BadSignature:
        raise InvalidInput(
            _("This sign-up link has expired or is not valid. Please sign up again.")
        ) from None
    return SignupClaim(email=data["email"], invitation_id=data.get("invitation"))


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_invitation_token(invitation: Invitation) -> str:
    """A fresh token for the invitation; an earlier link stops working.

    Only its hash is stored, so the working link exists only in the mail.
    """
    token = secrets.token_urlsafe(32)
    invitation.token_hash = hash_token(token)
    invitation.save(update_fields=["token_hash"])
    return token
