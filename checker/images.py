"""Images the checker uploads, made on the spot."""
import io
import os
import struct
import zlib

from PIL import Image


def png(width: int, height: int, colour=(30, 120, 160)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, format="PNG")
    return buffer.getvalue()


def noisy_png(width: int, height: int) -> bytes:
    """A valid PNG of random pixels (does not compress): a quick way to a large file."""
    raw = b"".join(b"\x00" + os.urandom(width * 3) for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header) + _png_chunk(b"IDAT", zlib.compress(raw, 0))
            + _png_chunk(b"IEND", b""))


def size_of(content: bytes) -> tuple[str, tuple[int, int]] | None:
    """(format, (width, height)) of an image, or None if it is not one."""
    try:
        image = Image.open(io.BytesIO(content))
        image.load()
    except Exception:  # anything Pillow cannot read is "not an image" here
        return None
    return image.format, image.size


def jpeg(width: int, height: int, colour=(200, 60, 40), exif: Image.Exif | None = None) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, format="JPEG", exif=exif or Image.Exif())
    return buffer.getvalue()


ORIENTATION = 0x0112  # EXIF tag: how a camera was held (6: turn 90° clockwise to view)
GPS_INFO = 0x8825     # EXIF tag: the block of GPS coordinates


def photo_with_location(width: int, height: int) -> bytes:
    """A JPEG as a phone takes it: EXIF says where it was taken (GPS) and to turn it 90° (orientation 6),
    so it is `height` wide and `width` high once shown the right way up."""
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    gps = exif.get_ifd(GPS_INFO)
    gps.update({1: "N", 2: (52.0, 22.0, 7.5), 3: "E", 4: (4.0, 53.0, 2.5)})
    return jpeg(width, height, exif=exif)


def location_in(content: bytes) -> dict:
    """The GPS block of an image's EXIF ({} when there is none, or no image)."""
    try:
        return dict(Image.open(io.BytesIO(content)).getexif().get_ifd(GPS_INFO))
    except Exception:  # not an image: it carries no location the checker can read
        return {}


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def blank_png(width: int, height: int, *, rows: int | None = None) -> bytes:
    """A black-and-white PNG (1 bit a pixel) of `width` x `height`: a few kilobytes whatever its size,
    since blank rows compress to almost nothing. With `rows`, only that many rows of pixel data follow
    the header: enough for anything that reads the size first, as a decompression-bomb check does."""
    row = b"\x00" * (1 + (width + 7) // 8)
    pixels = zlib.compress(row * (height if rows is None else rows), 9)
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header) + _png_chunk(b"IDAT", pixels)
            + _png_chunk(b"IEND", b""))


def mp4() -> bytes:
    """The smallest file MP4 readers recognise by its bytes: an `ftyp` box at offset 4 naming known
    brands (isom, iso2, avc1, mp41), then an `mdat` box of (random, so each one is unique) data."""
    brands = b"isom" + struct.pack(">I", 0x200) + b"isom" + b"iso2" + b"avc1" + b"mp41"
    data = os.urandom(64)
    return (struct.pack(">I", 8 + len(brands)) + b"ftyp" + brands
            + struct.pack(">I", 8 + len(data)) + b"mdat" + data)
