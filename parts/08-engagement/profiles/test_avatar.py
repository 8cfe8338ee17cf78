"""Avatars: only real images, re-encoded to a square JPEG; removable."""
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

pytestmark = pytest.mark.django_db


def image_file(size=(800, 600), format="PNG", name="me.png"):
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, format=format)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{format.lower()}")


@pytest.fixture
def ann_client(make_user, client_for):
    return client_for(make_user())


def upload(client, file):
    return client.put("/api/users/me/avatar/", {"avatar": file}, format="multipart")


def test_upload_an_avatar(ann_client, settings):
    response = upload(ann_client, image_file())

    assert response.status_code == 200
    url = response.json()["avatar"]
    assert url.startswith("http://testserver/media/avatars/") and url.endswith(".jpg")
    # The stored file is our own re-encoded square JPEG, at most 512 pixels a side
    stored = Image.open(settings.MEDIA_ROOT / url.split("/media/", 1)[1])
    assert stored.format == "JPEG"
    assert stored.size == (512, 512)


def test_a_small_image_is_kept_at_its_size_but_made_square(ann_client, settings):
    url = upload(ann_client, image_file(size=(100, 60))).json()["avatar"]

    assert Image.open(settings.MEDIA_ROOT / url.split("/media/", 1)[1]).size == (60, 60)


def test_a_new_avatar_replaces_and_deletes_the_old_file(ann_client, settings):
    first = upload(ann_client, image_file()).json()["avatar"].split("/media/", 1)[1]
    upload(ann_client, image_file(format="JPEG", name="new.jpg"))

    assert not (settings.MEDIA_ROOT / first).exists()


def test_remove_the_avatar(ann_client, settings):
    path = upload(ann_client, image_file()).json()["avatar"].split("/media/", 1)[1]

    response = ann_client.delete("/api/users/me/avatar/")

    assert response.status_code == 204
    assert ann_client.get("/api/users/me/").json()["avatar"] is None
    assert not (settings.MEDIA_ROOT / path).exists()


@pytest.mark.parametrize("file", [
    SimpleUploadedFile("notes.png", b"this is not an image", content_type="image/png"),
    SimpleUploadedFile("empty.png", b"", content_type="image/png"),
    SimpleUploadedFile("page.html", b"<html><script>alert(1)</script></html>", content_type="text/html"),
], ids=["text-named-png", "empty", "html"])
def test_non_images_are_refused_with_a_clear_400(ann_client, file):
    response = upload(ann_client, file)

    assert response.status_code == 400
    assert "avatar" in response.json()


def test_a_truncated_image_is_refused(ann_client):
    whole = image_file().read()
    broken = SimpleUploadedFile("cut.png", whole[: len(whole) // 2], content_type="image/png")

    assert upload(ann_client, broken).status_code == 400


def test_images_too_big_or_too_small_are_refused(ann_client):
    assert upload(ann_client, image_file(size=(6001, 10))).status_code == 400
    assert upload(ann_client, image_file(size=(10, 10))).status_code == 400


def test_files_over_the_size_limit_are_refused(ann_client, monkeypatch):
    monkeypatch.setattr("profiles.images.MAX_UPLOAD_BYTES", 100)

    response = upload(ann_client, image_file())

    assert response.status_code == 400
    assert "too large" in response.json()["avatar"][0]


def test_an_upload_without_a_file_is_400(ann_client):
    assert ann_client.put("/api/users/me/avatar/", {}, format="multipart").status_code == 400
