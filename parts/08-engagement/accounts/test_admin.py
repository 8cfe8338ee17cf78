"""The admin: log in with e-mail and password, and manage users."""
import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

User = get_user_model()
pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user():
    return User.objects.create_superuser(email="admin@example.com", username="admin", password="Adm1n-pass!")


def test_createsuperuser_without_prompts_uses_the_email(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_EMAIL", "Boss@Example.com")
    monkeypatch.setenv("DJANGO_SUPERUSER_USERNAME", "boss")
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "B0ss-pass!")

    call_command("createsuperuser", interactive=False, verbosity=0)

    boss = User.objects.get(username="boss")
    assert boss.email == "boss@example.com"
    assert boss.is_superuser and boss.check_password("B0ss-pass!")


def test_admin_login_with_email_and_password(client, admin_user):
    response = client.post("/admin/login/?next=/admin/",
                           {"username": "ADMIN@example.com", "password": "Adm1n-pass!"})

    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_admin_login_with_a_wrong_password_fails(client, admin_user):
    response = client.post("/admin/login/?next=/admin/", {"username": "admin@example.com", "password": "nope"})

    assert response.status_code == 200  # the form again, with an error
    assert client.get("/admin/").status_code == 302


def test_admin_lists_and_searches_users(client, admin_user):
    User.objects.create_user(email="ann@example.com", username="ann", password="s3cret-Passw0rd")
    client.force_login(admin_user)

    listing = client.get("/admin/accounts/user/", {"q": "ann"})

    assert listing.status_code == 200
    found = [user.email for user in listing.context["cl"].result_list]
    assert found == ["ann@example.com"]


def test_admin_add_user_form_asks_for_email_and_username(client, admin_user):
    client.force_login(admin_user)

    response = client.post("/admin/accounts/user/add/", {
        "email": "New@Example.com", "username": "newbie",
        "password1": "N3w-user-pass!", "password2": "N3w-user-pass!",
    })

    assert response.status_code == 302
    assert User.objects.filter(email="new@example.com", username="newbie").exists()
