"""Registration: a new account, a code by e-mail, and nothing secret in the answer."""
import pytest

from conftest import PASSWORD

pytestmark = pytest.mark.django_db

ANN = {"email": "Ann@Example.com", "username": "ann", "password": PASSWORD}


def test_register_creates_an_unverified_account_and_emails_a_code(post, mailoutbox, django_user_model):
    response = post("/api/auth/register/", ANN)

    assert response.status_code == 201
    body = response.json()
    assert body["email"] == "ann@example.com"
    assert body["username"] == "ann"
    assert body["email_verified"] is False
    assert "password" not in response.content.decode()
    assert django_user_model.objects.get(username="ann").password not in response.content.decode()
    # One e-mail, with a 6-digit code in it
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["ann@example.com"]
    assert any(word.strip(".").isdigit() and len(word.strip(".")) == 6 for word in mailoutbox[0].body.split())


@pytest.mark.parametrize("email", ["ann@example.com", "ANN@EXAMPLE.COM"])
def test_register_refuses_an_email_already_used_in_any_case(post, make_user, email):
    make_user()

    response = post("/api/auth/register/", {**ANN, "email": email, "username": "other"})

    assert response.status_code == 400
    assert "email" in response.json()


def test_register_refuses_a_taken_username_in_any_case(post, make_user):
    make_user()

    response = post("/api/auth/register/", {**ANN, "email": "new@example.com", "username": "ANN"})

    assert response.status_code == 400
    assert "username" in response.json()


@pytest.mark.parametrize("password", ["short", "password123", "12345678901", "annexample"])
def test_register_refuses_weak_passwords(post, password):
    response = post("/api/auth/register/", {**ANN, "password": password})

    assert response.status_code == 400
    assert "password" in response.json()


@pytest.mark.parametrize("payload", [
    {},
    {"email": "not-an-email", "username": "ann", "password": PASSWORD},
    {"email": 42, "username": ["ann"], "password": {"a": 1}},
    {"email": "ann@example.com", "username": "ann smith", "password": PASSWORD},
    {"email": "a" * 10_000 + "@example.com", "username": "u" * 10_000, "password": "p" * 10_000},
])
def test_register_answers_bad_input_with_field_errors(post, payload):
    response = post("/api/auth/register/", payload)

    assert response.status_code == 400
    assert isinstance(response.json(), dict) and response.json()


def test_register_answers_a_body_that_is_not_json_with_400(api_client):
    response = api_client.post("/api/auth/register/", "{not json", content_type="application/json")

    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


def test_register_answers_a_json_list_with_400(post):
    response = post("/api/auth/register/", [ANN])

    assert response.status_code == 400


def test_two_sign_ups_at_the_same_moment_give_one_account_and_a_400(post, monkeypatch, django_user_model):
    # Both requests pass the serializer's check, as when they arrive together...
    monkeypatch.setattr("accounts.serializers.RegisterSerializer.validate_email", lambda self, email: email.lower())
    first = post("/api/auth/register/", ANN)

    # ...and the database's constraint refuses the second one: a 400, not a 500
    second = post("/api/auth/register/", {**ANN, "username": "ann2"})

    assert (first.status_code, second.status_code) == (201, 400)
    assert "email" in second.json()
    assert django_user_model.objects.count() == 1
