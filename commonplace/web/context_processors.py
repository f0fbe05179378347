from django.http import HttpRequest

from commonplace import __version__


def site(request: HttpRequest) -> dict[str, object]:
    """What every page's layout needs to know about the site itself."""
    return {"commonplace_version": __version__}
