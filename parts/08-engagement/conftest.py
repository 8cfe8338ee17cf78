"""Fixtures shared by every test in this project (pytest finds this file by itself)."""
import base64
import io
import re
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from PIL import Image
from rest_framework.test import APIClient

PASSWORD = "Correct-Horse-7"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Real hashers are slow on purpose; tests only need passwords to round-trip.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def fresh_cache():
    # Rate-limit counters live in the cache: every test starts with none.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def post(api_client, django_capture_on_commit_callbacks):
    """POST JSON as a client would, running after-commit work (e-mails) like a real request."""

    def post(path, data=None, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return api_client.post(path, data, format="json", **kwargs)

    return post


@pytest.fixture
def make_user(django_user_model):
    """Create a user; verified by default, since most tests are about what comes after."""

    def make_user(email="ann@example.com", username="ann", password=PASSWORD, verified=True):
        user = django_user_model.objects.create_user(email=email, username=username, password=password)
        if verified:
            user.email_verified_at = timezone.now()
            user.save()
        return user

    return make_user


@pytest.fixture
def code_sent_to(mailoutbox):
    """The 6-digit code in the newest e-mail sent to an address."""

    def code_sent_to(email):
        messages = [message for message in mailoutbox if email in message.to]
        assert messages, f"no e-mail was sent to {email}"
        return re.search(r"\b(\d{6})\b", messages[-1].body).group(1)

    return code_sent_to


@pytest.fixture
def login(post):
    """Log in and return the JSON answer (access, refresh, user)."""

    def login(email="ann@example.com", password=PASSWORD):
        response = post("/api/auth/login/", {"email": email, "password": password})
        assert response.status_code == 200, response.content
        return response.json()

    return login


# --8<-- [start:client-for]
@pytest.fixture
def client_for():
    """An API client acting as `user` (no tokens needed in tests of other features)."""

    def client_for(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    return client_for


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    # Uploaded files go to a temporary folder, never into the project.
    settings.MEDIA_ROOT = tmp_path / "media"


def forged_cursor(**fields) -> str:
    """A cursor the API never handed out: base64 of a query string ("p" is the position)."""
    return base64.b64encode(urlencode(fields).encode()).decode()
# --8<-- [end:client-for]


# --8<-- [start:social-helpers]
@pytest.fixture
def people(make_user):
    """Ann, Bob and Cat: three verified users (a namespace, so tests read people.ann)."""

    class People:
        ann = make_user(email="ann@example.com", username="ann")
        bob = make_user(email="bob@example.com", username="bob")
        cat = make_user(email="cat@example.com", username="cat")

    return People


def make_private(user):
    user.profile.is_private = True
    user.profile.save()
    return user


@pytest.fixture
def assert_queries():
    """
    `with assert_queries(3): ...` pins the exact number of SQL queries the block runs.
    When the number changes, the failure lists every query, numbered, to show which.
    """

    @contextmanager
    def assert_queries(expected: int):
        with CaptureQueriesContext(connection) as queries:
            yield queries
        listing = "\n".join(f"{number}. {query['sql']}" for number, query in enumerate(queries.captured_queries, 1))
        assert len(queries) == expected, f"{len(queries)} queries instead of {expected}:\n{listing}"

    return assert_queries
# --8<-- [end:social-helpers]


# --8<-- [start:uploads]
def image_upload(name="photo.png", size=(640, 480), format="PNG", color="teal", **save_options):
    """An image file as a browser would send it, made with Pillow (save_options: exif=...)."""
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format=format, **save_options)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{format.lower()}")


def stored_file(url: str, settings) -> Path:
    """Where a media URL's file is, under the tests' temporary MEDIA_ROOT."""
    return Path(settings.MEDIA_ROOT) / url.split("/media/", 1)[1]
# --8<-- [end:uploads]
