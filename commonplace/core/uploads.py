"""Checking and re-encoding uploaded images.

An upload is trusted for nothing: its type is read from its content, not
its name or declared type, and the image is decoded and encoded again, so
no byte of the original file (metadata, polyglot payloads) is ever served.
"""

from __future__ import annotations

import io

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from commonplace.core.errors import CommonplaceError, InvalidInput

MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000
ACCEPTED_FORMATS = frozenset({"JPEG", "PNG", "GIF", "WEBP"})


class PayloadTooLarge(CommonplaceError):
    status_code = 413


def square_image(upload: UploadedFile, *, field: str, size: int) -> ContentFile[bytes]:
    """The upload as a `size`-pixel square WebP, or a clear error."""
    return fitted_image(upload, field=field, width=size, height=size)


def fitted_image(
    upload: UploadedFile, *, field: str, width: int, height: int
) -> ContentFile[bytes]:
    """The upload cropped to fill `width` x `height`, as WebP, or an error.

    Raises PayloadTooLarge over 5 MB and InvalidInput for anything that is
    not a JPEG, PNG, GIF or WebP image.
    """
    image = _checked_image(upload, field=field, max_bytes=MAX_IMAGE_BYTES)
    fitted = ImageOps.fit(image, (width, height), Image.Resampling.LANCZOS)
    return _as_webp(fitted)


def bounded_image(
    upload: UploadedFile, *, field: str, longest_side: int, max_bytes: int
) -> tuple[ContentFile[bytes], int, int]:
    """The upload scaled down to fit `longest_side`, as WebP, with its size."""
    image = _checked_image(upload, field=field, max_bytes=max_bytes)
    image.thumbnail((longest_side, longest_side), Image.Resampling.LANCZOS)
    return _as_webp(image), image.width, image.height


def _checked_image(upload: UploadedFile, *, field: str, max_bytes: int) -> Image.Image:
    if (upload.size or 0) > max_bytes:
        message = _("The image is larger than %(size)d MB. Choose a smaller one.") % {
            "size": max_bytes // (1024 * 1024)
        }
        raise PayloadTooLarge(message, fields={field: [message]})
    not_an_image = InvalidInput(
        _("That file is not an image we can use. Choose a JPEG, PNG, GIF or WebP."),
        fields={field: [_("Choose a JPEG, PNG, GIF or WebP image.")]},
    )
    try:
        image = _decode(upload)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise not_an_image from None
    if image.format not in ACCEPTED_FORMATS:
        raise not_an_image
    return ImageOps.exif_transpose(image).convert("RGB")


def _as_webp(image: Image.Image) -> ContentFile[bytes]:
    output = io.BytesIO()
    image.save(output, format="WEBP", quality=85)
    return ContentFile(output.getvalue(), name=f"{get_random_string(24)}.webp")


def _decode(upload: UploadedFile) -> Image.Image:
    upload.seek(0)
    probe = Image.open(upload)
    probe.verify()  # structure check; the image must be reopened after it
    if probe.width * probe.height > MAX_IMAGE_PIXELS:
        raise ValueError("too many pixels")
    upload.seek(0)
    image = Image.open(upload)
    image.load()
    return image
