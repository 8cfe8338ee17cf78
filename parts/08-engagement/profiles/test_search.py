"""Finding people: search by username or display name, a page at a time."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import forged_cursor
from core.pagination import StrictPageSize

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

    assert set(first.json()) == {"next", "previous", "results"}  # no count: counting costs a full scan
    assert len(first.json()["results"]) == 10
    assert first.json()["next"] and first.json()["previous"] is None


def test_following_the_next_links_walks_everyone_once_in_username_order(client_for, people):
    client = client_for(people)
    found, url = [], "/api/users/?page_size=7"
    while url:
        page = client.get(url)
        found += usernames(page)
        url = page.json()["next"]

    assert found == ["ann", *(f"user{index:02d}" for index in range(25))]


def test_page_size_is_capped(client_for, people, monkeypatch):
    # The real cap is 100; a cap of 10 shows the same rule without 100 users.
    monkeypatch.setattr(StrictPageSize, "max_page_size", 10)

    response = client_for(people).get("/api/users/", {"page_size": 1000})

    assert len(response.json()["results"]) == 10


def test_the_cap_is_100():
    assert StrictPageSize.max_page_size == 100


@pytest.mark.parametrize("page_size", ["abc", "0", "-1", "1.5", "٣"])
def test_a_page_size_that_is_not_a_positive_whole_number_is_400(client_for, people, page_size):
    response = client_for(people).get("/api/users/", {"page_size": page_size})

    assert response.status_code == 400
    assert list(response.json()) == ["page_size"]


@pytest.mark.parametrize("cursor", ["garbage", "%%%", forged_cursor(o="x", r="1"),
                                    forged_cursor(o="0", p="ann\x00")])
def test_a_cursor_the_api_did_not_hand_out_is_400_in_drf_shape(client_for, people, cursor):
    response = client_for(people).get("/api/users/", {"cursor": cursor})

    assert response.status_code == 400
    assert list(response.json()) == ["cursor"]


def test_a_nul_byte_in_the_search_is_400(client_for, people):
    # SQLite would search for it; PostgreSQL cannot hold a NUL byte in text at all.
    response = client_for(people).get("/api/users/", {"search": "an\x00n"})

    assert response.status_code == 400
    assert list(response.json()) == ["search"]


# --8<-- [start:one-query]
@pytest.mark.parametrize("page_size", [5, 20])
def test_a_page_is_two_queries_whatever_the_page_size(client_for, people, page_size, django_assert_num_queries):
    client = client_for(people)
    # 1: the page of profiles with their users; no COUNT(*) (cursor paging needs none)
    # 2: the viewer's relationship flags for everyone on the page, at once
    with django_assert_num_queries(2):
        response = client.get("/api/users/", {"page_size": page_size, "search": "user"})

    assert len(response.json()["results"]) == page_size
# --8<-- [end:one-query]


def test_a_later_page_seeks_to_its_cursor_instead_of_counting_past_earlier_rows(client_for, people):
    client = client_for(people)
    second_page = client.get("/api/users/", {"page_size": 5}).json()["next"]

    with CaptureQueriesContext(connection) as queries:
        client.get(second_page)

    sql = queries.captured_queries[0]["sql"]  # the page (part 06 adds a query for the flags)
    assert "OFFSET" not in sql.upper() and "COUNT(" not in sql.upper()
    assert '"accounts_user"."username" >' in sql
