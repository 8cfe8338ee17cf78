"""
A post's files: images are re-encoded with nothing of the upload's metadata left, videos
are recognised from their bytes, and every refused file is named in the 400.
"""
import struct
import zlib
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image, PngImagePlugin

from conftest import image_upload, stored_file
from posts import media, services

pytestmark = pytest.mark.django_db


def create(client, files, **fields):
    return client.post("/api/posts/", {"media": files, **fields}, format="multipart")


@pytest.fixture
def ann(people, client_for):
    return client_for(people.ann)


# -- files made in the tests: a phone photo, a forged PNG header, minimal video headers --------------
def phone_photo(size=(300, 100)) -> SimpleUploadedFile:
    """A JPEG as a phone takes it: EXIF with the camera, where it was (GPS), and "turn me 90°"."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Orientation] = 6  # stored sideways: rotate 90° clockwise to view
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef], gps[ExifTags.GPS.GPSLatitude] = "N", (48.0, 51.0, 30.0)
    gps[ExifTags.GPS.GPSLongitudeRef], gps[ExifTags.GPS.GPSLongitude] = "E", (2.0, 17.0, 40.0)
    return image_upload("holiday.jpg", size=size, format="JPEG", exif=exif)


def png_claiming(width: int, height: int, name="huge.png") -> SimpleUploadedFile:
    """A tiny PNG whose header claims a canvas of width x height: no pixels behind it."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b"")
    return SimpleUploadedFile(name, data, content_type="image/png")


# --8<-- [start:video-headers]
def mp4_bytes(brand=b"isom") -> bytes:
    """An `ftyp` box (size, "ftyp", major brand, version, compatible brands), then some media data."""
    ftyp = b"ftyp" + brand + b"\x00\x00\x02\x00" + brand
    return struct.pack(">I", 4 + len(ftyp)) + ftyp + b"\x00\x00\x00\x10mdat" + b"\x00" * 8


def webm_bytes(doctype=b"webm") -> bytes:
    """The EBML magic, the header's size, then EBMLVersion = 1 and DocType = `doctype`."""
    header = b"\x42\x86\x81\x01" + b"\x42\x82" + bytes([0x80 | len(doctype)]) + doctype
    return b"\x1a\x45\xdf\xa3" + bytes([0x80 | len(header)]) + header + b"\x18\x53\x80\x67" + b"\x00" * 16
# --8<-- [end:video-headers]


# -- images ------------------------------------------------------------------------------------
# --8<-- [start:no-gps]
def test_a_photo_is_stored_upright_without_its_exif_and_gps(ann, settings):
    response = create(ann, [phone_photo()])

    assert response.status_code == 201, response.content
    [medium] = response.json()["media"]
    stored = stored_file(medium["url"], settings)
    image = Image.open(stored)
    # Turned as the EXIF said, then saved with no EXIF at all: no GPS, no camera
    assert (image.width, image.height) == (medium["width"], medium["height"]) == (100, 300)
    assert dict(image.getexif()) == {}
    assert b"PhoneMaker" not in stored.read_bytes() and b"Exif" not in stored.read_bytes()
    assert medium["kind"] == "image" and medium["content_type"] == "image/jpeg"
    assert medium["url"].startswith("http://testserver/media/posts/") and medium["url"].endswith(".jpg")
# --8<-- [end:no-gps]


def test_a_png_keeps_none_of_its_metadata_blocks(ann, settings):
    comment = PngImagePlugin.PngInfo()
    comment.add_text("Comment", "taken at 12 Rue de la Paix")
    upload = image_upload("scan.png", icc_profile=b"a colour profile", pnginfo=comment)

    [medium] = create(ann, [upload]).json()["media"]

    assert Image.open(stored_file(medium["url"], settings)).info == {}


def test_a_large_image_is_scaled_down_to_2048_pixels_on_its_longest_side(ann):
    [medium] = create(ann, [image_upload(size=(4096, 1024))]).json()["media"]

    assert (medium["width"], medium["height"]) == (2048, 512)


@pytest.mark.parametrize("format,stored_as,extension", [
    ("PNG", "PNG", "png"), ("GIF", "PNG", "png"), ("WEBP", "WEBP", "webp"), ("JPEG", "JPEG", "jpg")])
def test_each_image_format_is_stored_as_a_web_format(ann, settings, format, stored_as, extension):
    [medium] = create(ann, [image_upload(f"picture.{format.lower()}", format=format)]).json()["media"]

    assert Image.open(stored_file(medium["url"], settings)).format == stored_as
    assert medium["url"].endswith(f".{extension}")
    assert medium["size"] == stored_file(medium["url"], settings).stat().st_size


def test_a_phones_multi_picture_jpeg_is_stored_as_a_plain_jpeg(ann, settings):
    # MPO: a JPEG with more pictures after the first (depth maps, previews), as phones save them
    second = Image.new("RGB", (64, 48), "navy")
    photo = image_upload("portrait.jpg", size=(64, 48), format="MPO", save_all=True, append_images=[second])

    [medium] = create(ann, [photo]).json()["media"]

    stored = Image.open(stored_file(medium["url"], settings))
    assert (stored.format, getattr(stored, "n_frames", 1), medium["content_type"]) == ("JPEG", 1, "image/jpeg")


def test_a_truncated_image_is_refused(ann):
    whole = image_upload(size=(200, 200), format="JPEG").read()
    cut = SimpleUploadedFile("cut.jpg", whole[: len(whole) // 2], content_type="image/jpeg")

    response = create(ann, [cut])

    assert response.status_code == 400
    assert response.json() == {"media": ["File 1 (cut.jpg): upload a valid image or an MP4/WebM video."]}


def test_a_text_file_named_png_is_refused_naming_the_file(ann):
    notes = SimpleUploadedFile("notes.png", b"shopping: milk, eggs", content_type="image/png")

    response = create(ann, [image_upload(), notes])

    assert response.status_code == 400
    assert response.json() == {"media": ["File 2 (notes.png): upload a valid image or an MP4/WebM video."]}


def test_an_image_with_too_many_pixels_is_refused_before_it_is_decoded(ann):
    # 8,000 x 6,000 = 48 million pixels: the header says so, and that is enough
    response = create(ann, [png_claiming(8000, 6000)])

    assert response.status_code == 400
    assert response.json()["media"] == ["File 1 (huge.png): the image has too many pixels: at most 40 million."]


def test_a_decompression_bomb_is_refused(ann):
    # 100,000 x 100,000 pixels claimed by a file of a few dozen bytes: Pillow refuses to open it
    bomb = png_claiming(100_000, 100_000, name="bomb.png")
    assert bomb.size < 100

    response = create(ann, [bomb])

    assert response.status_code == 400
    assert response.json()["media"][0].startswith("File 1 (bomb.png): the image has too many pixels")


def test_an_image_over_the_size_limit_is_refused(ann, monkeypatch):
    monkeypatch.setattr(media, "MAX_IMAGE_BYTES", 100)

    response = create(ann, [image_upload("big.png")])

    assert response.status_code == 400
    assert response.json()["media"][0].startswith("File 1 (big.png): the file is too large: images up to")


def test_the_limits_are_the_contracts():
    assert (media.MAX_MEDIA, media.MAX_IMAGE_PIXELS, media.MAX_IMAGE_SIDE) == (10, 40_000_000, 2048)
    assert (media.MAX_IMAGE_BYTES, media.MAX_VIDEO_BYTES) == (10 * 1024 * 1024, 50 * 1024 * 1024)


# -- videos ------------------------------------------------------------------------------------
@pytest.mark.parametrize("data,content_type,extension", [
    (mp4_bytes(), "video/mp4", "mp4"), (mp4_bytes(b"mp42"), "video/mp4", "mp4"), (webm_bytes(), "video/webm", "webm")])
def test_videos_are_recognised_by_their_bytes_not_their_name(ann, settings, data, content_type, extension):
    # Named .bin and declared as anything: only the bytes count
    upload = SimpleUploadedFile("clip.bin", data, content_type="application/octet-stream")

    response = create(ann, [upload], alt_text=["The cat jumps"])

    assert response.status_code == 201, response.content
    [medium] = response.json()["media"]
    assert (medium["kind"], medium["content_type"], medium["alt_text"]) == ("video", content_type, "The cat jumps")
    assert (medium["width"], medium["height"], medium["size"]) == (None, None, len(data))
    assert medium["url"].endswith(f".{extension}")
    assert stored_file(medium["url"], settings).read_bytes() == data  # stored as it came


@pytest.mark.parametrize("data", [
    b"not a video at all, just text",
    mp4_bytes(brand=b"qt  "),              # a QuickTime movie: an ftyp box, but no MP4 brand
    b"\x00\x00\x00\x08ftyp",               # an ftyp box too short to hold a brand
    b"\x00\x00\x00\x18ftypisom",           # a box that claims more bytes than the file has
    webm_bytes(doctype=b"matroska"),       # EBML, but Matroska (.mkv), not WebM
    b"\x1a\x45\xdf\xa3\x00",               # the EBML magic and nothing valid after it
], ids=["text", "quicktime", "short-box", "truncated-box", "matroska", "bare-magic"])
def test_a_fake_video_is_refused(ann, data):
    fake = SimpleUploadedFile("clip.mp4", data, content_type="video/mp4")

    response = create(ann, [fake])

    assert response.status_code == 400
    assert response.json() == {"media": ["File 1 (clip.mp4): upload a valid image or an MP4/WebM video."]}


def test_a_video_over_the_size_limit_is_refused(ann, monkeypatch):
    monkeypatch.setattr(media, "MAX_VIDEO_BYTES", 10)

    response = create(ann, [SimpleUploadedFile("long.mp4", mp4_bytes())])

    assert response.status_code == 400
    assert response.json()["media"][0].startswith("File 1 (long.mp4): the file is too large: videos up to")


# -- how many, and in which order --------------------------------------------------------------
def test_eleven_files_are_one_too_many(ann):
    files = [image_upload(f"photo{number}.png", size=(40, 40)) for number in range(11)]

    response = create(ann, files)

    assert response.status_code == 400
    assert list(response.json()) == ["media"]


def test_a_flood_of_files_is_refused_before_they_are_read(ann, settings):
    # Past DATA_UPLOAD_MAX_NUMBER_FILES, Django stops reading the form: no field to name
    files = [image_upload(f"photo{number}.png", size=(4, 4)) for number in range(settings.DATA_UPLOAD_MAX_NUMBER_FILES + 1)]

    response = create(ann, files)

    assert response.status_code == 400
    assert response.json()["code"] == "too_many_files"


def test_ten_files_keep_their_order_and_their_alt_texts(ann):
    files = [image_upload(f"photo{number}.png", size=(40 + number, 40)) for number in range(10)]

    response = create(ann, files, alt_text=["first", "second"])

    assert response.status_code == 201, response.content
    media_out = response.json()["media"]
    assert [medium["width"] for medium in media_out] == list(range(40, 50))
    assert [medium["alt_text"] for medium in media_out] == ["first", "second"] + [""] * 8


def test_more_alt_texts_than_files_is_400_naming_alt_text(ann):
    response = create(ann, [image_upload()], alt_text=["one", "two"])

    assert response.status_code == 400
    assert list(response.json()) == ["alt_text"]


def test_an_alt_text_over_1000_characters_is_refused(ann):
    response = create(ann, [image_upload()], alt_text=["x" * 1001])

    assert response.status_code == 400
    assert response.json()["alt_text"][0].startswith("Alt text 1: ")


def stored_files(settings) -> list:
    return [path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()]


def test_a_refused_file_stores_nothing_not_even_the_good_ones(ann, settings):
    notes = SimpleUploadedFile("notes.png", b"not an image", content_type="image/png")

    assert create(ann, [image_upload(), notes]).status_code == 400

    assert stored_files(settings) == []


def test_a_post_that_fails_after_storing_its_files_leaves_none_behind(people, settings, monkeypatch):
    photos = [media.checked_medium(image_upload()), media.checked_medium(image_upload())]

    def fail(post):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(services, "_link_hashtags_and_mentions", fail)

    with pytest.raises(RuntimeError):
        services.post_create(author=people.ann, text="Two photos", media=photos)
    assert stored_files(settings) == []


def test_the_pixel_check_happens_before_any_decoding(monkeypatch):
    # If the check came after decoding, load() would run: make it fail loudly instead
    monkeypatch.setattr(Image.Image, "load", lambda self: pytest.fail("decoded a refused image"))

    with pytest.raises(media.InvalidMedia, match="too many pixels"):
        media.checked_medium(png_claiming(8000, 6000))


def test_video_sniffers_read_only_the_header():
    assert media.is_mp4(mp4_bytes()) and not media.is_webm(mp4_bytes())
    assert media.is_webm(webm_bytes()) and not media.is_mp4(webm_bytes())
    assert not media.is_mp4(b"") and not media.is_webm(b"")
