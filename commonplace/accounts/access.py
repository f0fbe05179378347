from commonplace.core.access import ADMINISTRATOR, ANONYMOUS, EXTERNAL, MEMBER, Route

# Signed-in people are sent on from the sign-in page.
SIGNED_OUT_ONLY = {ANONYMOUS: 200, MEMBER: 302, EXTERNAL: 302, ADMINISTRATOR: 302}
EVERYONE_REDIRECTED = {ANONYMOUS: 302, MEMBER: 302, EXTERNAL: 302, ADMINISTRATOR: 302}

ROUTES = [
    Route("accounts:login", expect=SIGNED_OUT_ONLY),
    Route("accounts:logout", method="POST", expect=EVERYONE_REDIRECTED),
]
