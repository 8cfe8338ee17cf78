"""Finding people: search by username or display name, a page at a time."""
import pytest

from core.pagination import StandardPagination

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(make_user):
    ann = make_user()
    for index in range(25):
        user = make_user(email=f"user{index}@example.com", username=f"user{index:02d}")
        user.profile.display_name = "Annie" if index == 7 else f"User {index}"
        user.profile.save()
    return ann


def usernames(response):
    return [profile["username"] for profile in response.json()["results"]]


def test_search_matches_usernames_and_display_names(client_for, people):
    response = client_for(people).get("/api/users/", {"search": "ann"})

    assert response.status_code == 200
    assert usernames(response) == ["ann", "user07"]


def test_results_are_paginated(client_for, people):
    first = client_for(people).get("/api/users/", {"page_size": 10})

    assert set(first.json()) >= {"next", "previous", "results"}
    assert len(first.json()["results"]) == 10
    assert first.json()["next"] and first.json()["previous"] is None


def test_page_size_is_capped(client_for, people, monkeypatch):
    # The real cap is 100; a cap of 10 shows the same rule without 100 users.
    monkeypatch.setattr(StandardPagination, "max_page_size", 10)

    response = client_for(people).get("/api/users/", {"page_size": 1000})

    assert len(response.json()["results"]) == 10


def test_the_cap_is_100():
    assert StandardPagination.max_page_size == 100


@pytest.mark.parametrize("page_size", [5, 20])
def test_the_list_runs_the_same_queries_whatever_the_page_size(client_for, people, page_size,
                                                              django_assert_num_queries):
    client = client_for(people)
    # count for the paginator, the page of profiles with their users, and the
    # viewer's relations to the whole page (social.relations: eight, whatever the size)
    with django_assert_num_queries(2 + 8):
        response = client.get("/api/users/", {"page_size": page_size})

    assert len(response.json()["results"]) == page_size
