"""Photos too heavy for the limit, made lighter on the server (Pillow) instead of refused.

The photo is turned upright (EXIF orientation), re-encoded as JPEG without its metadata (the
camera's GPS position included) and scaled down until it fits.
"""
import io

from PIL import Image, ImageOps, UnidentifiedImageError

# Above this many pixels Pillow refuses to decode (a decompression bomb): 100 megapixels is
# more than any phone camera takes.
Image.MAX_IMAGE_PIXELS = 100_000_000
_LONGEST_SIDES = (3000, 2400, 1920, 1600, 1280, 1024)
_QUALITY = 85


def shrink_image(data: bytes, max_bytes: int) -> bytes | None:
    """A JPEG of the picture in ``data`` no larger than ``max_bytes``; None when ``data`` is
    not a picture Pillow can read (or nothing small enough comes out)."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            image = ImageOps.exif_transpose(image).convert("RGB")
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return None
    for side in _LONGEST_SIDES:
        copy = image.copy()
        copy.thumbnail((side, side))
        out = io.BytesIO()
        copy.save(out, "JPEG", quality=_QUALITY, optimize=True)
        if out.tell() <= max_bytes:
            return out.getvalue()
    return None
