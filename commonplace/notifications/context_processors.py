from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from commonplace.notifications import selectors


def unread(request: HttpRequest) -> dict[str, object]:
    """The header's unread count, counted only if a page shows it."""
    return {
        "unread_notifications": SimpleLazyObject(
            lambda: selectors.unread_count(request.user)
        )
    }
