"""Profiles: one per user, shown by username, edited by their owner."""
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

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
    ({"bio": 0}, "bio"),  # a number is not text (core/serializers.py)
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


def test_no_website_is_null_as_the_schema_says_format_uri(client_for, ann):
    # "" is not a URI; null is how the schema says "none".
    assert client_for(ann).get("/api/users/ann/").json()["website"] is None


def test_null_clears_the_website(client_for, ann):
    client = client_for(ann)
    client.patch("/api/users/me/", {"website": "https://ann.example.com"}, format="json")

    response = client.patch("/api/users/me/", {"website": None}, format="json")

    assert response.status_code == 200
    assert response.json()["website"] is None
    ann.profile.refresh_from_db()
    assert ann.profile.website == ""


def test_an_empty_website_is_refused_as_the_schema_says_uri_or_null(client_for, ann):
    response = client_for(ann).patch("/api/users/me/", {"website": ""}, format="json")

    assert response.status_code == 400
    assert "website" in response.json()


@pytest.mark.parametrize("path", ["/api/users/%00/", "/api/users/ann%00/", "/api/users/a.b/",
                                  "/api/users/" + "a" * 31 + "/"])
def test_what_cannot_be_a_username_is_404_before_any_query(client_for, ann, path, django_assert_num_queries):
    # PostgreSQL refuses NUL bytes in text: asking it would be a 500.
    client = client_for(ann)
    with django_assert_num_queries(0):
        response = client.get(path)

    assert response.status_code == 404


def test_a_profile_is_found_through_the_lower_username_index(client_for, ann, bob):
    # The unique index is on LOWER(username); UPPER(...) = UPPER(...) could not use it.
    with CaptureQueriesContext(connection) as queries:
        assert client_for(bob).get("/api/users/ANN/").status_code == 200

    lookup = queries.captured_queries[0]["sql"]
    assert 'LOWER("accounts_user"."username") = ' in lookup
    assert "UPPER(" not in lookup


def test_my_profile_is_edited_with_json_only(client_for, ann):
    """A form cannot say null: an empty birth_date field would clear it unseen. 415 instead."""
    response = client_for(ann).patch("/api/users/me/", {"birth_date": ""}, format="multipart")

    assert response.status_code == 415


@pytest.mark.parametrize("address", ["https://a.b", "ftp://ann.example.com", "https://ann.example.com/a b",
                                     "https://ann.example.com/?\x03", "https://ann.example.com/<script>",
                                     "https://ann.example.com/?q=%U", "https://ann.example.com/#a#b"])
def test_a_website_the_schema_pattern_refuses_is_a_400(client_for, ann, address):
    response = client_for(ann).patch("/api/users/me/", {"website": address}, format="json")

    assert response.status_code == 400
    assert "website" in response.json()


def test_the_schema_states_the_paging_and_website_rules(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    parameters = {parameter["name"]: parameter["schema"]
                  for parameter in schema["paths"]["/api/users/"]["get"]["parameters"]}
    website = schema["components"]["schemas"]["PatchedMyProfileRequest"]["properties"]["website"]

    assert parameters["page_size"]["minimum"] == 1
    assert parameters["cursor"]["minLength"] == 1
    assert website["maxLength"] == 200 and website["pattern"].startswith("^https?://")
    # null clears the address; "" is no web address.
    assert website["nullable"] is True and not re.fullmatch(website["pattern"], "")


@pytest.mark.parametrize("flag", [0, 1, "true", "yes"])
def test_is_private_is_true_or_false_and_nothing_else(client_for, ann, flag):
    """The schema says boolean: DRF's looser spellings are refused, not read as a yes or a no."""
    response = client_for(ann).patch("/api/users/me/", {"is_private": flag}, format="json")

    assert response.status_code == 400
    assert "is_private" in response.json()
