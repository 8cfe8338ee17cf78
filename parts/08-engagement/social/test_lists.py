"""Followers, following and friends: private accounts show them to approved followers only,
and every list costs the same number of queries whatever its length."""
import pytest
from django.core.cache import cache
from django.db import connection

from conftest import forged_cursor, make_private
from profiles.test_indexes import plan_steps
from social import selectors, services

pytestmark = pytest.mark.django_db


def usernames(response):
    return [profile["username"] for profile in response.json()["results"]]


def test_lists_of_a_public_account(client_for, people):
    services.follow_create(follower=people.ann, target=people.bob)
    services.follow_create(follower=people.bob, target=people.cat)
    services.friend_request_send(sender=people.bob, target=people.cat)
    services.friend_request_send(sender=people.cat, target=people.bob)
    viewer = client_for(people.ann)

    assert usernames(viewer.get("/api/users/bob/followers/")) == ["ann"]
    assert usernames(viewer.get("/api/users/bob/following/")) == ["cat"]
    assert usernames(viewer.get("/api/users/bob/friends/")) == ["cat"]


def test_lists_are_newest_first_with_cursors(client_for, people, make_user):
    for index in range(5):
        fan = make_user(email=f"fan{index}@example.com", username=f"fan{index}")
        services.follow_create(follower=fan, target=people.bob)
    client = client_for(people.ann)

    first = client.get("/api/users/bob/followers/", {"page_size": 3}).json()
    second = client.get(first["next"]).json()

    assert [p["username"] for p in first["results"]] == ["fan4", "fan3", "fan2"]
    assert [p["username"] for p in second["results"]] == ["fan1", "fan0"]
    assert "cursor=" in first["next"]


def test_a_private_accounts_lists_are_for_approved_followers(client_for, people):
    make_private(people.bob)
    follow = services.follow_create(follower=people.ann, target=people.bob)

    # Ann has only asked: she sees nothing yet, as if the lists did not exist
    for name in ("followers", "following", "friends"):
        assert client_for(people.ann).get(f"/api/users/bob/{name}/").status_code == 404
    services.follow_request_accept(owner=people.bob, follow_id=follow.pk)

    assert client_for(people.ann).get("/api/users/bob/followers/").status_code == 200
    assert client_for(people.cat).get("/api/users/bob/followers/").status_code == 404
    assert client_for(people.bob).get("/api/users/bob/followers/").status_code == 200  # the owner


def test_profiles_carry_counts_and_the_viewers_relationship(client_for, people):
    services.follow_create(follower=people.ann, target=people.bob)
    services.follow_create(follower=people.bob, target=people.ann)
    services.follow_create(follower=people.cat, target=people.bob)
    services.friend_request_send(sender=people.ann, target=people.bob)

    bob = client_for(people.ann).get("/api/users/bob/").json()

    assert (bob["followers_count"], bob["following_count"], bob["friends_count"]) == (2, 1, 0)
    assert bob["relationship"] == {"following": True, "requested": False, "follows_you": True,
                                   "friend": False, "friend_requested": True, "blocked": False}


# Each list and the exact number of queries a page of it costs, whatever its size:
# the person whose list it is (lists of someone), the page with its profiles, the
# viewer's flags for the whole page; suggestions rank first (when not cached).
LISTS = {
    "/api/users/bob/followers/": 3,
    "/api/users/bob/following/": 3,
    "/api/users/bob/friends/": 3,
    "/api/blocks/": 2,
    "/api/users/?search=user": 2,
    "/api/users/suggestions/": 3,
    "/api/follow-requests/": 2,
    "/api/friend-requests/": 2,
}


@pytest.fixture
def crowd(people, make_user):
    """Bob (private) with many of every relationship, so every list has more than a page."""
    make_private(people.bob)
    services.follow_create(follower=people.ann, target=people.bob)
    services.follow_request_accept(owner=people.bob, follow_id=people.ann.following_links.get().pk)
    for index in range(12):
        user = make_user(email=f"user{index}@example.com", username=f"user{index:02d}")
        services.follow_create(follower=user, target=people.bob)          # followers (requests)
        services.follow_create(follower=people.bob, target=user)          # following
        services.friend_request_send(sender=user, target=people.bob)      # friend requests
        other = make_user(email=f"other{index}@example.com", username=f"other{index:02d}")
        services.follow_create(follower=user, target=other)               # suggested to Bob
        pest = make_user(email=f"pest{index}@example.com", username=f"pest{index:02d}")
        services.user_block(blocker=people.bob, blocked=pest)             # blocks
    for request in people.bob.follower_links.filter(status="requested")[:6]:
        services.follow_request_accept(owner=people.bob, follow_id=request.pk)
    for request in people.bob.friend_requests_received.all()[:6]:
        services.friend_request_accept(user=people.bob, request_id=request.pk)
    return people


# --8<-- [start:exact-queries]
@pytest.mark.parametrize("url,queries", LISTS.items())
@pytest.mark.parametrize("page_size", [2, 5])
def test_every_list_runs_an_exact_number_of_queries(client_for, crowd, assert_queries, url, queries, page_size):
    client = client_for(crowd.bob)
    cache.clear()  # suggestions are cached: count the ranking too

    with assert_queries(queries):
        response = client.get(url, {"page_size": page_size})

    assert response.status_code == 200, response.content
    assert len(response.json()["results"]) == page_size, url
# --8<-- [end:exact-queries]


def test_cached_suggestions_cost_no_ranking_query(client_for, crowd, assert_queries):
    client = client_for(crowd.bob)
    first = client.get("/api/users/suggestions/")

    with assert_queries(2):  # the page's profiles and their flags
        again = client.get("/api/users/suggestions/")

    assert again.json() == first.json()


@pytest.mark.parametrize("viewer,url,queries", [
    ("ann", "/api/users/bob/", 2),  # the profile, the flags
    ("bob", "/api/users/bob/", 1),  # yourself: flags about yourself mean nothing, no query
    ("bob", "/api/users/me/", 0),   # the test's user object already holds its profile
])
def test_a_profile_costs_its_lookup_and_flags_but_yourself_no_flags(client_for, crowd, assert_queries,
                                                                     viewer, url, queries):
    client = client_for(getattr(crowd, viewer))

    with assert_queries(queries):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("cursor", ["garbage", forged_cursor(o="0", p="not-a-date"), forged_cursor(o="0", r="1", p="")])
def test_a_forged_cursor_on_a_time_ordered_list_is_400_naming_the_cursor(client_for, people, cursor):
    # "not-a-date" used to reach the query and come back as a 400 with a bare list.
    response = client_for(people.ann).get("/api/users/ann/followers/", {"cursor": cursor})

    assert response.status_code == 400
    assert list(response.json()) == ["cursor"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plan: run with DATABASE_URL=postgres://...")
def test_a_friends_list_checks_each_friend_instead_of_listing_every_visible_user(people):
    # A subquery under OR is run on its own, in full: every user the viewer may see,
    # 100,000 of them on a real network, for a list of two friends.
    services.friend_request_send(sender=people.bob, target=people.cat)
    services.friend_request_send(sender=people.cat, target=people.bob)

    steps = plan_steps(selectors.friendships_of(people.bob, viewer=people.ann))

    assert not [step for step in steps
                if step.get("Parent Relationship") == "SubPlan" and step.get("Relation Name") == "accounts_user"]
