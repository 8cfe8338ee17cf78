"""Profiles: one per user, shown by username, edited by their owner."""
import pytest

from profiles.models import Profile

pytestmark = pytest.mark.django_db


@pytest.fixture
def ann(make_user):
    return make_user()


@pytest.fixture
def bob(make_user):
    return make_user(email="bob@example.com", username="bob")


def test_every_new_user_has_a_profile(make_user):
    user = make_user(email="new@example.com", username="newbie")

    assert Profile.objects.filter(user=user).exists()


def test_registering_through_the_api_creates_the_profile(post):
    post("/api/auth/register/", {"email": "zoe@example.com", "username": "zoe", "password": "Correct-Horse-7"})

    assert Profile.objects.filter(user__username="zoe").exists()


def test_anyone_logged_in_sees_a_profile_by_username_in_any_case(client_for, ann, bob):
    ann.profile.display_name = "Ann A."
    ann.profile.save()

    response = client_for(bob).get("/api/users/ANN/")

    assert response.status_code == 200
    body = response.json()
    assert body["username"] == "ann"
    assert body["display_name"] == "Ann A."
    # Private details stay private
    assert "email" not in body and "birth_date" not in body


def test_an_unknown_user_is_404(client_for, ann):
    assert client_for(ann).get("/api/users/nobody/").status_code == 404


def test_an_unverified_user_is_not_found(client_for, ann, make_user):
    make_user(email="ghost@example.com", username="ghost", verified=False)

    assert client_for(ann).get("/api/users/ghost/").status_code == 404


def test_profiles_need_a_login(api_client, ann):
    assert api_client.get("/api/users/ann/").status_code == 401


def test_my_profile_shows_my_private_fields(client_for, ann):
    response = client_for(ann).get("/api/users/me/")

    assert response.status_code == 200
    assert response.json()["email"] == "ann@example.com"
    assert "birth_date" in response.json()


def test_edit_my_profile(client_for, ann):
    response = client_for(ann).patch("/api/users/me/", {
        "display_name": "Ann", "bio": "Hello!", "location": "Lisbon",
        "website": "https://ann.example.com", "birth_date": "1990-04-01", "is_private": True,
    }, format="json")

    assert response.status_code == 200
    ann.profile.refresh_from_db()
    assert (ann.profile.bio, ann.profile.is_private) == ("Hello!", True)


@pytest.mark.parametrize("changes,field", [
    ({"bio": "x" * 161}, "bio"),
    ({"display_name": "x" * 51}, "display_name"),
    ({"website": "not a url"}, "website"),
    ({"birth_date": "2999-01-01"}, "birth_date"),
    ({"birth_date": "yesterday"}, "birth_date"),
    ({"is_private": "perhaps"}, "is_private"),
])
def test_bad_profile_edits_are_400_with_the_field_named(client_for, ann, changes, field):
    response = client_for(ann).patch("/api/users/me/", changes, format="json")

    assert response.status_code == 400
    assert field in response.json()


def test_read_only_fields_cannot_be_changed(client_for, ann):
    client_for(ann).patch("/api/users/me/", {"username": "hacker", "email": "x@example.com"}, format="json")

    ann.refresh_from_db()
    assert (ann.username, ann.email) == ("ann", "ann@example.com")


def test_me_is_a_reserved_username(post):
    response = post("/api/auth/register/", {"email": "me@example.com", "username": "Me", "password": "Correct-Horse-7"})

    assert response.status_code == 400
    assert "username" in response.json()
