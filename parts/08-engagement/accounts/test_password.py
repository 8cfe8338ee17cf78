"""Changing a password, and resetting a forgotten one with a code."""
import pytest

from conftest import PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Brand-New-Secret-42"


@pytest.fixture
def ann(make_user):
    return make_user()


def authorised(api_client, login):
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {login()['access']}")
    return api_client


def test_change_password(api_client, ann, login, post):
    tokens = login()
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens['access']}")

    response = api_client.post("/api/auth/password/change/",
                               {"old_password": PASSWORD, "new_password": NEW_PASSWORD}, format="json")

    assert response.status_code == 200
    assert login(password=NEW_PASSWORD)["access"]
    # Refresh tokens issued before the change no longer work
    assert post("/api/auth/token/refresh/", {"refresh": tokens["refresh"]}).status_code == 401


def test_change_password_needs_the_current_one(api_client, ann, login):
    client = authorised(api_client, login)

    response = client.post("/api/auth/password/change/",
                           {"old_password": "not-it", "new_password": NEW_PASSWORD}, format="json")

    assert response.status_code == 400
    assert "old_password" in response.json()


def test_change_password_refuses_a_weak_one(api_client, ann, login):
    client = authorised(api_client, login)

    response = client.post("/api/auth/password/change/",
                           {"old_password": PASSWORD, "new_password": "123"}, format="json")

    assert response.status_code == 400
    assert "new_password" in response.json()


def test_change_password_needs_a_login(api_client):
    response = api_client.post("/api/auth/password/change/", {}, format="json")

    assert response.status_code == 401


def test_reset_answers_the_same_whether_or_not_the_account_exists(post, ann, mailoutbox):
    known = post("/api/auth/password/reset/", {"email": "ann@example.com"})
    unknown = post("/api/auth/password/reset/", {"email": "nobody@example.com"})

    assert known.status_code == unknown.status_code == 200
    assert known.json() == unknown.json()
    assert [message.to for message in mailoutbox] == [["ann@example.com"]]


def test_reset_with_the_code_sets_the_new_password(post, ann, code_sent_to, login):
    post("/api/auth/password/reset/", {"email": "ann@example.com"})

    response = post("/api/auth/password/reset/confirm/", {
        "email": "ann@example.com", "code": code_sent_to("ann@example.com"), "new_password": NEW_PASSWORD})

    assert response.status_code == 200
    assert login(password=NEW_PASSWORD)["access"]
    assert post("/api/auth/login/", {"email": "ann@example.com", "password": PASSWORD}).status_code == 401


def test_reset_with_a_wrong_code_changes_nothing(post, ann, code_sent_to, login):
    post("/api/auth/password/reset/", {"email": "ann@example.com"})
    wrong = "000000" if code_sent_to("ann@example.com") != "000000" else "111111"

    response = post("/api/auth/password/reset/confirm/",
                    {"email": "ann@example.com", "code": wrong, "new_password": NEW_PASSWORD})

    assert response.status_code == 400
    assert login(password=PASSWORD)["access"]


def test_reset_code_dies_after_five_wrong_tries(post, ann, code_sent_to):
    post("/api/auth/password/reset/", {"email": "ann@example.com"})
    right = code_sent_to("ann@example.com")
    wrong = "000000" if right != "000000" else "111111"
    for _ in range(5):
        post("/api/auth/password/reset/confirm/",
             {"email": "ann@example.com", "code": wrong, "new_password": NEW_PASSWORD})

    response = post("/api/auth/password/reset/confirm/",
                    {"email": "ann@example.com", "code": right, "new_password": NEW_PASSWORD})

    assert response.status_code == 400
    assert response.json()["code"] == "too_many_attempts"


def test_reset_refuses_a_weak_password_and_keeps_the_code(post, ann, code_sent_to):
    post("/api/auth/password/reset/", {"email": "ann@example.com"})
    code = code_sent_to("ann@example.com")

    weak = post("/api/auth/password/reset/confirm/",
                {"email": "ann@example.com", "code": code, "new_password": "123"})
    strong = post("/api/auth/password/reset/confirm/",
                  {"email": "ann@example.com", "code": code, "new_password": NEW_PASSWORD})

    assert weak.status_code == 400 and "new_password" in weak.json()
    assert strong.status_code == 200


def test_reset_is_rate_limited_per_address(post, ann):
    answers = [post("/api/auth/password/reset/", {"email": "ann@example.com"}).status_code for _ in range(6)]

    assert answers == [200] * 5 + [429]
