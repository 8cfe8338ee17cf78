"""
Avatar uploads: prove the file is an image, then store our own re-encoded copy.

Re-encoding is the safe way to accept images from strangers: whatever the upload
carried (EXIF location data, a script disguised as a picture, a huge canvas) is gone,
and every avatar ends up a square JPEG of known size.
"""
import io
import uuid

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_SIDE_PIXELS = 6000          # refuse giant canvases before decoding them
MIN_SIDE_PIXELS = 32
AVATAR_SIDE = 512               # stored avatars are at most 512 x 512
ALLOWED_FORMATS = {"JPEG", "PNG", "GIF", "WEBP"}


class InvalidImage(ValueError):
    """The upload is not an image we accept; the message says why, for the user."""


def _open_checked(upload: UploadedFile) -> Image.Image:
    if upload.size > MAX_UPLOAD_BYTES:
        raise InvalidImage(f"The file is too large: the limit is {MAX_UPLOAD_BYTES // (1024 * 1024)} MB.")
    try:
        Image.open(upload).verify()     # checks the file's structure without decoding it
        upload.seek(0)
        image = Image.open(upload)      # verify() leaves the image unusable: open again
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
        raise InvalidImage("Upload a valid image (JPEG, PNG, GIF or WebP).") from None
    if image.format not in ALLOWED_FORMATS:
        raise InvalidImage("Upload a JPEG, PNG, GIF or WebP image.")
    width, height = image.size
    if max(width, height) > MAX_SIDE_PIXELS:
        raise InvalidImage(f"The image is too big: at most {MAX_SIDE_PIXELS} pixels a side.")
    if min(width, height) < MIN_SIDE_PIXELS:
        raise InvalidImage(f"The image is too small: at least {MIN_SIDE_PIXELS} pixels a side.")
    return image


def avatar_from_upload(upload: UploadedFile) -> ContentFile:
    """A square JPEG of at most AVATAR_SIDE pixels, cropped from the centre of the upload."""
    image = _open_checked(upload)
    try:
        image = ImageOps.exif_transpose(image).convert("RGB")
        side = min(min(image.size), AVATAR_SIDE)
        image = ImageOps.fit(image, (side, side), method=Image.Resampling.LANCZOS)
        output = io.BytesIO()
        image.save(output, format="JPEG", quality=85, optimize=True)
    except (OSError, ValueError, Image.DecompressionBombError):
        raise InvalidImage("The image could not be read; try saving it again as JPEG or PNG.") from None
    return ContentFile(output.getvalue(), name=f"{uuid.uuid4().hex}.jpg")
