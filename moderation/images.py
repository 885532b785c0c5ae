"""Post images are checked by content, not by name, and re-encoded before they are stored.

A file named .png may be HTML or a script; the image a social page owner or a visitor fetches must
be an image Pillow can decode. Re-encoding drops whatever rode along (EXIF with GPS positions,
comments, trailing data) and anything the decoder tolerated but a browser might interpret.
"""

from __future__ import annotations

import io
from pathlib import PurePath

from django.core.files.base import ContentFile
from PIL import Image, ImageOps, UnidentifiedImageError

# What we store each accepted format as (animated GIFs keep only their first frame).
FORMATS = {"JPEG": ("JPEG", "jpg"), "PNG": ("PNG", "png"), "GIF": ("PNG", "png"), "WEBP": ("WEBP", "webp")}
MAX_PIXELS = 40_000_000  # well above a phone photo; a decompression bomb is far beyond


class ImageRejected(ValueError):
    pass


def post_image_reencode(upload) -> ContentFile:
    """The uploaded file re-encoded as a clean image, or ImageRejected with a message for the author."""
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            kind = probe.format
            if kind not in FORMATS:
                raise ImageRejected("The image must be a JPEG, PNG, GIF or WebP picture.")
            if probe.width * probe.height > MAX_PIXELS:
                raise ImageRejected("The image is too large: at most 40 megapixels.")
            probe.verify()
        upload.seek(0)
        with Image.open(upload) as image:
            image.load()
            image = ImageOps.exif_transpose(image)  # keep the orientation the EXIF asked for, then drop EXIF
            out_format, suffix = FORMATS[kind]
            if out_format == "JPEG" and image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
            elif out_format == "PNG" and image.mode not in ("RGB", "RGBA", "L", "LA", "P"):
                image = image.convert("RGBA")
            buffer = io.BytesIO()
            image.save(buffer, format=out_format, **({"quality": 88} if out_format in ("JPEG", "WEBP") else {}))
    except ImageRejected:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ImageRejected("That file is not a picture we can read: upload a JPEG, PNG, GIF or WebP image.") from None
    stem = PurePath(getattr(upload, "name", "") or "image").stem[:80] or "image"
    return ContentFile(buffer.getvalue(), name=f"{stem}.{suffix}")
