"""Login hands out JWTs to verified users; everyone else gets a clear, coded refusal."""
import pytest

from conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_login_returns_tokens_and_the_user(post, make_user):
    make_user()

    response = post("/api/auth/login/", {"email": "ann@example.com", "password": PASSWORD})

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"access", "refresh", "user"}
    assert body["user"]["username"] == "ann"


def test_login_accepts_the_email_in_any_case(post, make_user):
    make_user()

    response = post("/api/auth/login/", {"email": "ANN@Example.COM", "password": PASSWORD})

    assert response.status_code == 200


@pytest.mark.parametrize("email,password", [
    ("ann@example.com", "wrong-password"),
    ("nobody@example.com", PASSWORD),
])
def test_bad_credentials_are_401(post, make_user, email, password):
    make_user()

    response = post("/api/auth/login/", {"email": email, "password": password})

    assert response.status_code == 401
    assert response.json()["code"] == "invalid_credentials"


def test_an_unverified_account_cannot_log_in(post, make_user):
    make_user(verified=False)

    response = post("/api/auth/login/", {"email": "ann@example.com", "password": PASSWORD})

    assert response.status_code == 403
    assert response.json()["code"] == "email_not_verified"
    assert "access" not in response.json()


def test_an_inactive_account_cannot_log_in(post, make_user):
    user = make_user()
    user.is_active = False
    user.save()

    response = post("/api/auth/login/", {"email": "ann@example.com", "password": PASSWORD})

    assert response.status_code == 401


def test_the_whole_sign_up_flow(post, code_sent_to):
    """Register, read the code from the e-mail, verify, log in, ask who I am."""
    post("/api/auth/register/", {"email": "bob@example.com", "username": "bob", "password": PASSWORD})
    post("/api/auth/verify-email/", {"email": "bob@example.com", "code": code_sent_to("bob@example.com")})
    tokens = post("/api/auth/login/", {"email": "bob@example.com", "password": PASSWORD}).json()

    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens['access']}")
    me = client.get("/api/auth/me/")

    assert me.status_code == 200
    assert me.json()["email"] == "bob@example.com"
