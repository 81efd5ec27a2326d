"""Product photos of public profiles: the upload re-encoded without metadata, in three sizes, in storage.

Re-encoding from the decoded pixels is what strips the metadata: nothing of the upload's EXIF (GPS position,
camera, date), XMP or ICC data is copied over. The orientation an EXIF tag asked for is applied to the pixels first.
"""

from __future__ import annotations

import io
import secrets

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

# name -> longest side in pixels
SIZES: dict[str, int] = {"small": 400, "medium": 900, "large": 1600}
PRODUCT_PHOTO_MAX_BYTES = 8 * 1024 * 1024
FOLDER = "portal/profiles"


def renditions(upload) -> tuple[dict[str, bytes], tuple[int, int]]:
    """The JPEG bytes of each size, and the large size's width and height. The upload must be a checked image."""
    from PIL import Image, ImageOps

    upload.seek(0)
    with Image.open(upload) as opened:
        opened.load()
        image = ImageOps.exif_transpose(opened)
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        image = Image.new("RGB", rgba.size, (255, 255, 255))
        image.paste(rgba, mask=rgba.getchannel("A"))
    else:
        image = image.convert("RGB")
    image.info = {}
    out: dict[str, bytes] = {}
    large_size = image.size
    # Largest first, each smaller size from the one before: the same quality for a fraction of the time.
    for name, side in sorted(SIZES.items(), key=lambda item: -item[1]):
        image = image.copy()
        image.thumbnail((side, side), Image.Resampling.LANCZOS)
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=85)
        out[name] = buffer.getvalue()
        if name == "large":
            large_size = image.size
    return out, large_size


def store(files: dict[str, bytes]) -> dict[str, str]:
    """Save each size under one random stem; returns the storage names."""
    stem = secrets.token_hex(16)
    return {
        name: default_storage.save(f"{FOLDER}/{stem}-{name}.jpg", ContentFile(content))
        for name, content in files.items()
    }


def delete(names) -> None:
    for name in names:
        if name:
            default_storage.delete(name)
