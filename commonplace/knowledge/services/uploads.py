"""Images uploaded for use in posts."""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from commonplace import permissions
from commonplace.communities.models import Community
from commonplace.core.uploads import bounded_image
from commonplace.knowledge.models import Upload
from commonplace.people.models import User

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_UPLOAD_SIDE = 2000


@transaction.atomic
def upload_image(
    *, community: Community, uploaded_by: User, upload: UploadedFile
) -> Upload:
    """Store an image for use in a post: checked, re-encoded, at most 10 MB.

    Its address is served by a view that applies the community's policy,
    so a private community's images stay private.
    """
    permissions.require(uploaded_by, "community.read", community, hide=True)
    permissions.require(uploaded_by, "community.reply", community)
    image, width, height = bounded_image(
        upload, field="file", longest_side=MAX_UPLOAD_SIDE, max_bytes=MAX_UPLOAD_BYTES
    )
    stored = Upload(
        community=community, uploaded_by=uploaded_by, width=width, height=height
    )
    stored.file.save(image.name or "image.webp", image, save=False)
    stored.save()
    return stored
