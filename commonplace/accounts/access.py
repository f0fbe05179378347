from commonplace.accounts.tokens import SignupClaim, signup_token
from commonplace.core.access import (
    ADMINISTRATOR,
    ANONYMOUS,
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
]
