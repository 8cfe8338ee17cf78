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

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 0))
            + chunk(b"IEND", b""))


def size_of(content: bytes) -> tuple[str, tuple[int, int]] | None:
    """(format, (width, height)) of an image, or None if it is not one."""
    try:
        image = Image.open(io.BytesIO(content))
        image.load()
    except Exception:  # anything Pillow cannot read is "not an image" here
        return None
    return image.format, image.size
