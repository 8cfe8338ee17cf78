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


def test_reusing_a_used_refresh_token_logs_the_user_out_everywhere(post, tokens, login):
    """A used token coming back means someone has a copy: every refresh token of the user dies."""
    other_device = login()
    successor = post("/api/auth/token/refresh/", {"refresh": tokens["refresh"]}).json()

    # The old token comes back (a thief replaying it, or the owner after the thief)
    reused = post("/api/auth/token/refresh/", {"refresh": tokens["refresh"]})

    assert reused.status_code == 401
    assert reused.json()["code"] == "token_not_valid"
    assert reused.headers["WWW-Authenticate"].startswith("Bearer")  # what a 401 must say
    for refresh in (successor["refresh"], other_device["refresh"]):
        assert post("/api/auth/token/refresh/", {"refresh": refresh}).status_code == 401


@pytest.mark.parametrize("gone", ["deleted", "deactivated"])
def test_the_refresh_token_of_a_user_who_is_gone_is_401(post, make_user, login, gone):
    user = make_user()
    refresh = login()["refresh"]
    if gone == "deleted":
        user.delete()
    else:
        user.is_active = False
        user.save()

    response = post("/api/auth/token/refresh/", {"refresh": refresh})

    assert response.status_code == 401
    assert response.json()["code"] == "token_not_valid"


@pytest.mark.parametrize("payload", [{}, {"refresh": ""}, {"refresh": "x" * 5000}])
def test_refresh_with_a_missing_or_malformed_field_is_400(post, payload):
    assert post("/api/auth/token/refresh/", payload).status_code == 400


@pytest.mark.parametrize("which", ["garbage", "access"])
def test_refresh_with_something_else_than_a_refresh_token_is_401(post, tokens, which):
    token = "not.a.token" if which == "garbage" else tokens["access"]

    assert post("/api/auth/token/refresh/", {"refresh": token}).status_code == 401
