"""Blocking: every tie goes, and to the blocked user the blocker no longer exists."""
import pytest

from social import services
from social.models import Block, Follow, FriendRequest, Friendship

pytestmark = pytest.mark.django_db


@pytest.fixture
def entangled(client_for, people):
    """Ann and Bob follow each other and are friends; Cat has asked Ann to be friends."""
    ann, bob = client_for(people.ann), client_for(people.bob)
    ann.post("/api/users/bob/follow/")
    bob.post("/api/users/ann/follow/")
    ann.post("/api/users/bob/friend-request/")
    bob.post("/api/users/ann/friend-request/")
    client_for(people.cat).post("/api/users/ann/friend-request/")
    return ann, bob


def test_blocking_removes_every_tie_both_ways(entangled, people):
    ann, _ = entangled

    response = ann.post("/api/users/bob/block/")

    assert response.json() == {"status": "blocked"}
    assert not Follow.objects.exists()
    assert not Friendship.objects.exists()
    assert FriendRequest.objects.filter(from_user=people.cat).exists()  # others are untouched


def test_blocking_removes_pending_requests_both_ways(client_for, people):
    client_for(people.bob).post("/api/users/ann/friend-request/")

    client_for(people.ann).post("/api/users/bob/block/")

    assert not FriendRequest.objects.exists()


def test_the_blocked_user_no_longer_finds_the_blocker(client_for, people):
    client_for(people.ann).post("/api/users/bob/block/")
    bob = client_for(people.bob)

    assert bob.get("/api/users/ann/").status_code == 404
    assert bob.get("/api/users/ann/followers/").status_code == 404
    assert bob.post("/api/users/ann/follow/").status_code == 404
    assert bob.post("/api/users/ann/friend-request/").status_code == 404
    assert "ann" not in [p["username"] for p in bob.get("/api/users/", {"search": "ann"}).json()["results"]]


def test_the_blocker_still_sees_the_blocked_but_cannot_follow_them(client_for, people):
    ann = client_for(people.ann)
    ann.post("/api/users/bob/block/")

    profile = ann.get("/api/users/bob/")
    assert profile.status_code == 200
    assert profile.json()["relationship"]["blocked"] is True
    response = ann.post("/api/users/bob/follow/")
    assert response.status_code == 403
    assert response.json()["code"] == "you_blocked_them"


def test_unblock(client_for, people):
    ann = client_for(people.ann)
    ann.post("/api/users/bob/block/")

    assert ann.delete("/api/users/bob/block/").json() == {"status": "not_blocked"}
    assert client_for(people.bob).get("/api/users/ann/").status_code == 200


def test_blocking_twice_and_blocking_yourself(client_for, people):
    ann = client_for(people.ann)
    ann.post("/api/users/bob/block/")
    ann.post("/api/users/bob/block/")

    assert Block.objects.count() == 1
    assert ann.post("/api/users/ann/block/").status_code == 400


def test_the_block_list_is_yours_alone(client_for, people):
    client_for(people.ann).post("/api/users/bob/block/")

    assert [p["username"] for p in client_for(people.ann).get("/api/blocks/").json()["results"]] == ["bob"]
    assert client_for(people.cat).get("/api/blocks/").json()["results"] == []


def test_a_mutual_block_can_still_be_undone(client_for, people):
    # Each blocked the other (Bob first, so he could still see Ann then)
    services.user_block(blocker=people.bob, blocked=people.ann)
    services.user_block(blocker=people.ann, blocked=people.bob)
    ann = client_for(people.ann)

    assert ann.get("/api/users/bob/").status_code == 404
    assert [p["username"] for p in ann.get("/api/blocks/").json()["results"]] == ["bob"]
    assert ann.delete("/api/users/bob/block/").json() == {"status": "not_blocked"}


@pytest.mark.parametrize("method,action", [("post", "follow"), ("post", "block"), ("delete", "block"),
                                           ("get", "followers"), ("post", "friend-request"), ("delete", "friend")])
def test_a_path_that_cannot_hold_a_username_is_404_without_a_query(client_for, people, method, action,
                                                                   django_assert_num_queries):
    # A NUL byte would reach PostgreSQL, which refuses it: a 500 without the URL converter.
    client = client_for(people.ann)
    with django_assert_num_queries(0):
        response = getattr(client, method)(f"/api/users/%00/{action}/")

    assert response.status_code == 404
