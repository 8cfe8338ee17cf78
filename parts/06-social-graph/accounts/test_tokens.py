"""Access and refresh tokens: who am I, rotation, logout, and what a bad token gets."""
from datetime import timedelta

import pytest
from rest_framework_simplejwt.tokens import AccessToken

pytestmark = pytest.mark.django_db


@pytest.fixture
def tokens(make_user, login):
    make_user()
    return login()


def bearer(token):
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_me_with_an_access_token(api_client, tokens):
    response = api_client.get("/api/auth/me/", **bearer(tokens["access"]))

    assert response.status_code == 200
    assert response.json()["username"] == "ann"
    assert "password" not in response.json()


def test_me_without_a_token_is_401(api_client):
    response = api_client.get("/api/auth/me/")

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


@pytest.mark.parametrize("header", ["Bearer nonsense", "Bearer ", "Token abc", "Bearer a.b.c"])
def test_me_with_a_bad_token_is_401(api_client, header):
    response = api_client.get("/api/auth/me/", HTTP_AUTHORIZATION=header)

    assert response.status_code == 401


def test_me_with_an_expired_token_is_401(api_client, make_user):
    token = AccessToken.for_user(make_user())
    token.set_exp(lifetime=-timedelta(seconds=1))

    response = api_client.get("/api/auth/me/", **bearer(str(token)))

    assert response.status_code == 401


def test_a_refresh_token_is_not_an_access_token(api_client, tokens):
    response = api_client.get("/api/auth/me/", **bearer(tokens["refresh"]))

    assert response.status_code == 401


def test_refresh_rotates_and_the_old_refresh_token_dies(post, tokens):
    first = post("/api/auth/token/refresh/", {"refresh": tokens["refresh"]})

    assert first.status_code == 200
    assert set(first.json()) == {"access", "refresh"}
    assert first.json()["refresh"] != tokens["refresh"]
    # Used once, the old refresh token is blacklisted
    again = post("/api/auth/token/refresh/", {"refresh": tokens["refresh"]})
    assert again.status_code == 401


def test_logout_kills_the_refresh_token(post, tokens):
    response = post("/api/auth/logout/", {"refresh": tokens["refresh"]})

    assert response.status_code == 205
    assert post("/api/auth/token/refresh/", {"refresh": tokens["refresh"]}).status_code == 401


@pytest.mark.parametrize("payload", [{}, {"refresh": "garbage"}, {"refresh": 12}])
def test_logout_with_a_bad_refresh_token_is_400(post, payload):
    response = post("/api/auth/logout/", payload)

    assert response.status_code == 400
