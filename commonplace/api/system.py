"""The API's own operations: whether the service is up."""

from django.db import DatabaseError, connection
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.responses import Status

from commonplace import __version__
from commonplace.api.errors import ErrorOut

router = Router(tags=["system"])


class HealthOut(Schema):
    status: str
    version: str


@router.get(
    "/health", response={200: HealthOut, 503: ErrorOut}, auth=None, url_name="health"
)
def health(request: HttpRequest) -> Status[HealthOut | ErrorOut]:
    """Up and able to reach its database: for load balancers and monitors."""
    try:
        connection.ensure_connection()
    except DatabaseError:
        return Status(503, ErrorOut(detail=_("The database cannot be reached.")))
    return Status(200, HealthOut(status="ok", version=__version__))
