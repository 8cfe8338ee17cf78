"""Whatever JSON body arrives, the answer is a 4xx in DRF's error shape, never a 500."""
import json

import pytest

pytestmark = pytest.mark.django_db

# Every endpoint that reads a JSON body (password change needs a user, so it gets one).
JSON_ENDPOINTS = [
    "/api/auth/register/", "/api/auth/verify-email/", "/api/auth/resend-verification/",
    "/api/auth/login/", "/api/auth/token/refresh/", "/api/auth/logout/",
    "/api/auth/password/change/", "/api/auth/password/reset/", "/api/auth/password/reset/confirm/",
]


@pytest.fixture
def send(api_client, make_user):
    """POST a raw body, as a logged-in user (the anonymous endpoints do not mind)."""
    api_client.force_authenticate(make_user())

    def send(path, body: bytes, content_type="application/json"):
        return api_client.generic("POST", path, body, content_type=content_type)

    return send


@pytest.mark.parametrize("path", JSON_ENDPOINTS)
def test_json_nested_100000_levels_deep_is_a_400(send, path):
    # Python's json module recurses once per level and runs out of stack long before.
    response = send(path, b"[" * 100_000 + b"]" * 100_000)

    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


@pytest.mark.parametrize("body", [b'{"email": "\xff\xfe"}', b'{"email": NaN}', b'{"email": "a"', b""])
def test_bodies_that_are_not_json_are_a_400(send, body):
    response = send("/api/auth/login/", body)

    assert response.status_code == 400


def test_a_json_body_over_the_size_limit_is_a_413(send, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000
    body = json.dumps({"email": "ann@example.com", "password": "x" * 2_000}).encode()

    response = send("/api/auth/login/", body)

    assert response.status_code == 413
    assert response.json()["code"] == "request_too_large"


def test_a_json_body_under_the_size_limit_is_read(send, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000

    response = send("/api/auth/login/", json.dumps({"email": "nobody@example.com", "password": "x"}).encode())

    assert response.status_code == 401
