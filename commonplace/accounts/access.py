from commonplace.accounts.services import create_access_token
from commonplace.accounts.tokens import SignupClaim, signup_token
from commonplace.core.access import (
    ADMINISTRATOR,
    ANONYMOUS,
    API_SIGNED_IN,
    EXTERNAL,
    MEMBER,
    OPEN_TO_ALL,
    SIGNED_IN,
    Route,
)

# Signed-in people are sent on from the sign-in page.
SIGNED_OUT_ONLY = {ANONYMOUS: 200, MEMBER: 302, EXTERNAL: 302, ADMINISTRATOR: 302}
EVERYONE_REDIRECTED = {ANONYMOUS: 302, MEMBER: 302, EXTERNAL: 302, ADMINISTRATOR: 302}
EVERYONE_REFUSED = {ANONYMOUS: 400, MEMBER: 400, EXTERNAL: 400, ADMINISTRATOR: 400}
# Tokens are their owner's alone: another person's answers as a missing one.
OWNER_ONLY_PAGE = {ANONYMOUS: 302, MEMBER: 404, EXTERNAL: 404, ADMINISTRATOR: 404}
API_OWNER_ONLY = {ANONYMOUS: 401, MEMBER: 404, EXTERNAL: 404, ADMINISTRATOR: 404}
API_CREATED = {ANONYMOUS: 401, MEMBER: 201, EXTERNAL: 201, ADMINISTRATOR: 201}
JSON = "application/json"


def _colleagues_token(world):
    """A token of someone who is none of the viewers."""
    token, _secret = create_access_token(
        person=world.colleague,
        created_by=world.colleague,
        name="Colleague's script",
        expires_in_days=30,
    )
    return {"pk": token.pk}


def _colleagues_token_id(world):
    return {"token_id": _colleagues_token(world)["pk"]}


def _new_token(world):
    return {"name": "Weekly report", "expires_in_days": "30"}


ROUTES = [
    Route("accounts:login", expect=SIGNED_OUT_ONLY),
    Route("accounts:logout", method="POST", expect=EVERYONE_REDIRECTED),
    Route("accounts:signup", expect=OPEN_TO_ALL),
    Route("accounts:signup-sent", expect=OPEN_TO_ALL),
    Route(
        "accounts:signup-finish",
        label="with a valid link",
        kwargs=lambda w: {
            "token": signup_token(SignupClaim(email="newcomer@example.org"))
        },
        expect=OPEN_TO_ALL,
    ),
    Route(
        "accounts:signup-finish",
        label="with a forged link",
        kwargs=lambda w: {"token": "forged"},
        expect=EVERYONE_REFUSED,
    ),
    Route(
        "accounts:invitation",
        label="with a forged link",
        kwargs=lambda w: {"token": "forged"},
        expect=EVERYONE_REFUSED,
    ),
    Route("accounts:password-reset", expect=OPEN_TO_ALL),
    Route("accounts:password-reset-sent", expect=OPEN_TO_ALL),
    Route(
        "accounts:password-reset-confirm",
        label="with a forged link",
        kwargs=lambda w: {"uidb64": "MQ", "token": "forged-token"},
        expect=OPEN_TO_ALL,
    ),
    Route("accounts:password-reset-complete", expect=EVERYONE_REDIRECTED),
    Route("accounts:password-change", expect=SIGNED_IN),
    # --- Personal access tokens ---
    Route("accounts:tokens", expect=SIGNED_IN),
    # The secret is shown in the answer itself, never after a redirect.
    Route(
        "accounts:tokens",
        method="POST",
        expect=SIGNED_IN,
        data=_new_token,
        label="create",
    ),
    Route(
        "accounts:token-revoke",
        method="POST",
        expect=OWNER_ONLY_PAGE,
        kwargs=_colleagues_token,
        label="another person's token",
    ),
    Route("api:access-tokens", expect=API_SIGNED_IN),
    Route(
        "api:access-tokens",
        method="POST",
        expect=API_CREATED,
        data=lambda w: {"name": "Weekly report", "expires_in_days": 30},
        content_type=JSON,
    ),
    Route(
        "api:access-token",
        method="DELETE",
        expect=API_OWNER_ONLY,
        kwargs=_colleagues_token_id,
        label="another person's token",
    ),
]
