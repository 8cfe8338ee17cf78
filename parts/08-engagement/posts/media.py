"""
The images and videos of a post: what we accept, proven from the bytes themselves.

Images are decoded and re-encoded with Pillow, so what we store is our own copy:
whatever the upload carried besides the picture (EXIF with the GPS position of the
phone, a script disguised as an image) is gone. Videos cannot be re-encoded without a
transcoder, so part 07 stores them as they are, after checking that their first bytes
really are an MP4 or WebM file; a name ending in .mp4, or a declared content type, is
only what the client says.
"""
import io
import uuid
from dataclasses import dataclass

from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from PIL import Image, ImageOps, UnidentifiedImageError

from profiles.images import ALLOWED_FORMATS  # JPEG, PNG, GIF and WebP, as for avatars

MAX_MEDIA = 10
MAX_IMAGE_BYTES = 10 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000
MAX_IMAGE_SIDE = 2048               # the longest side of a stored image
MAX_VIDEO_BYTES = 50 * 1024 * 1024
HEADER_BYTES = 4096                 # how much of a file the video sniffers read

# The avatars' formats, plus MPO: the JPEG (with more pictures after the first) that
# many phones save. What each is stored as: a GIF keeps its first frame, as a PNG.
IMAGE_FORMATS = ALLOWED_FORMATS | {"MPO"}
STORED_AS = {"JPEG": ("JPEG", "jpg", "image/jpeg"), "MPO": ("JPEG", "jpg", "image/jpeg"),
             "PNG": ("PNG", "png", "image/png"), "GIF": ("PNG", "png", "image/png"),
             "WEBP": ("WEBP", "webp", "image/webp")}
NOT_MEDIA = "upload a valid image or an MP4/WebM video."


class InvalidMedia(ValueError):
    """A file we do not accept; the message says why, for the person uploading it."""


@dataclass
class Medium:
    """A checked file, ready to store: `content` is our re-encoded image, or the video as uploaded."""

    kind: str                # "image" or "video"
    content: File
    content_type: str
    size: int
    width: int | None = None
    height: int | None = None


def _megabytes(limit: int) -> int:
    return limit // (1024 * 1024)


# --8<-- [start:images]
def _opened_image(upload: UploadedFile) -> Image.Image:
    """The upload opened as an image, once its size and canvas are known to be acceptable."""
    if upload.size > MAX_IMAGE_BYTES:
        raise InvalidMedia(f"the file is too large: images up to {_megabytes(MAX_IMAGE_BYTES)} MB.")
    too_many_pixels = InvalidMedia(f"the image has too many pixels: at most {MAX_IMAGE_PIXELS // 1_000_000} million.")
    try:
        image = Image.open(upload)  # reads the header only: the canvas size, not the pixels
    except Image.DecompressionBombError:  # a canvas so large that Pillow itself refuses it
        raise too_many_pixels from None
    except (UnidentifiedImageError, OSError):
        raise InvalidMedia(NOT_MEDIA) from None
    if image.width * image.height > MAX_IMAGE_PIXELS:  # refused before a single pixel is decoded
        raise too_many_pixels
    try:
        image.verify()              # checks the file's structure
        upload.seek(0)
        image = Image.open(upload)  # verify() leaves the image unusable: open again
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise InvalidMedia(NOT_MEDIA) from None
    if image.format not in IMAGE_FORMATS:
        raise InvalidMedia(NOT_MEDIA)
    return image


def reencoded_image(upload: UploadedFile) -> Medium:
    """
    Our own copy of an uploaded image: turned upright as its EXIF orientation says,
    scaled down to MAX_IMAGE_SIDE, and saved with no metadata at all (EXIF, GPS, comments,
    colour profiles), as JPEG, PNG or WebP.
    """
    image = _opened_image(upload)
    save_as, extension, content_type = STORED_AS[image.format]
    try:
        image = ImageOps.exif_transpose(image)  # a copy, upright, from the first frame of a GIF
        has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
        image = image.convert("RGBA" if has_alpha and save_as != "JPEG" else "RGB")
        image.thumbnail((MAX_IMAGE_SIDE, MAX_IMAGE_SIDE), Image.Resampling.LANCZOS)
        image.info.clear()  # nothing of the upload's metadata may reach the saved file
        output = io.BytesIO()
        image.save(output, format=save_as, quality=85)
    except (OSError, ValueError, Image.DecompressionBombError):
        raise InvalidMedia(NOT_MEDIA) from None
    content = ContentFile(output.getvalue(), name=f"{uuid.uuid4().hex}.{extension}")
    return Medium(kind="image", content=content, content_type=content_type, size=content.size,
                  width=image.width, height=image.height)
# --8<-- [end:images]


# --8<-- [start:videos]
# Brands of ISO base media files that are MP4 video (the "ftyp" box names them).
MP4_BRANDS = {b"isom", b"iso2", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1", b"M4V ", b"dash", b"mmp4"}
EBML_MAGIC = b"\x1a\x45\xdf\xa3"
EBML_DOCTYPE = 0x4282


def is_mp4(header: bytes) -> bool:
    """An ISO BMFF file starts with an `ftyp` box: its size, "ftyp", a brand, a version, more brands."""
    if header[4:8] != b"ftyp":
        return False
    box_size = int.from_bytes(header[0:4], "big")
    if box_size < 16 or box_size > len(header) or box_size % 4:
        return False
    brands = [header[8:12]] + [header[at:at + 4] for at in range(16, box_size, 4)]
    return any(brand in MP4_BRANDS for brand in brands)


def _ebml_number(data: bytes, at: int, keep_marker: bool = False) -> tuple[int, int]:
    """
    An EBML variable-length number at `at`, and where the next field starts. The count
    of leading zero bits in its first byte says how many bytes follow; element ids keep
    that marker bit, sizes do not.
    """
    first = data[at]
    length = 9 - first.bit_length()  # 1xxxxxxx: 1 byte, 01xxxxxx: 2 bytes, ...
    if length > 8:
        raise ValueError("not an EBML number")
    value = first if keep_marker else first & (0xFF >> length)
    for byte in data[at + 1:at + length]:
        value = value << 8 | byte
    return value, at + length


def is_webm(header: bytes) -> bool:
    """A WebM file is an EBML document whose header says DocType "webm"."""
    if not header.startswith(EBML_MAGIC):
        return False
    try:
        size, at = _ebml_number(header, len(EBML_MAGIC))
        end = min(at + size, len(header))
        while at < end:
            element, at = _ebml_number(header, at, keep_marker=True)
            length, at = _ebml_number(header, at)
            if element == EBML_DOCTYPE:
                return header[at:at + length] == b"webm"
            at += length
    except (IndexError, ValueError):
        return False
    return False


def checked_video(upload: UploadedFile) -> Medium | None:
    """The upload as a video if its bytes say MP4 or WebM; None if they do not."""
    header = upload.read(HEADER_BYTES)
    upload.seek(0)
    extension = "mp4" if is_mp4(header) else "webm" if is_webm(header) else None
    if extension is None:
        return None
    if upload.size > MAX_VIDEO_BYTES:
        raise InvalidMedia(f"the file is too large: videos up to {_megabytes(MAX_VIDEO_BYTES)} MB.")
    content = File(upload, name=f"{uuid.uuid4().hex}.{extension}")  # stored as it is
    return Medium(kind="video", content=content, content_type=f"video/{extension}", size=upload.size)
# --8<-- [end:videos]


def checked_medium(upload: UploadedFile) -> Medium:
    """A video if the bytes say so, otherwise an image, re-encoded; InvalidMedia if neither."""
    return checked_video(upload) or reencoded_image(upload)
