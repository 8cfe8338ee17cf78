"""Friendship: a request, an answer, and a pair that is always mutual."""
import pytest

from social.models import FriendRequest, Friendship

pytestmark = pytest.mark.django_db


def test_send_and_accept_a_friend_request(client_for, people):
    assert client_for(people.ann).post("/api/users/bob/friend-request/").json() == {"status": "requested"}
    bob = client_for(people.bob)
    incoming = bob.get("/api/friend-requests/", {"direction": "incoming"}).json()["results"]
    assert [request["from_user"]["username"] for request in incoming] == ["ann"]

    response = bob.post(f"/api/friend-requests/{incoming[0]['id']}/accept/")

    assert response.json() == {"status": "friends"}
    assert Friendship.objects.count() == 1 and not FriendRequest.objects.exists()


def test_outgoing_requests_are_listed_for_the_sender(client_for, people):
    ann = client_for(people.ann)
    ann.post("/api/users/bob/friend-request/")

    outgoing = ann.get("/api/friend-requests/", {"direction": "outgoing"}).json()["results"]

    assert [request["to_user"]["username"] for request in outgoing] == ["bob"]
    assert ann.get("/api/friend-requests/").json()["results"] == []  # incoming is the default


def test_a_wrong_direction_is_400(client_for, people):
    response = client_for(people.ann).get("/api/friend-requests/", {"direction": "sideways"})

    assert response.status_code == 400
    assert "direction" in response.json()


def test_crossing_requests_make_friends(client_for, people):
    client_for(people.ann).post("/api/users/bob/friend-request/")

    # Bob asks Ann too, not knowing she already asked him
    response = client_for(people.bob).post("/api/users/ann/friend-request/")

    assert response.json() == {"status": "friends"}
    assert Friendship.objects.count() == 1 and not FriendRequest.objects.exists()


def test_decline_and_cancel(client_for, people):
    client_for(people.ann).post("/api/users/bob/friend-request/")
    request_id = FriendRequest.objects.get().pk
    assert client_for(people.bob).post(f"/api/friend-requests/{request_id}/decline/").json() == {"status": "declined"}

    client_for(people.ann).post("/api/users/bob/friend-request/")
    request_id = FriendRequest.objects.get().pk
    assert client_for(people.ann).delete(f"/api/friend-requests/{request_id}/").status_code == 204
    assert not FriendRequest.objects.exists()


def test_only_the_right_side_can_answer_or_cancel(client_for, people):
    client_for(people.ann).post("/api/users/bob/friend-request/")
    request_id = FriendRequest.objects.get().pk

    assert client_for(people.ann).post(f"/api/friend-requests/{request_id}/accept/").status_code == 404
    assert client_for(people.cat).post(f"/api/friend-requests/{request_id}/decline/").status_code == 404
    assert client_for(people.bob).delete(f"/api/friend-requests/{request_id}/").status_code == 404
    assert FriendRequest.objects.exists()


def test_no_request_to_yourself_or_to_a_friend(client_for, people):
    ann = client_for(people.ann)
    assert ann.post("/api/users/ann/friend-request/").status_code == 400

    ann.post("/api/users/bob/friend-request/")
    client_for(people.bob).post("/api/users/ann/friend-request/")

    response = ann.post("/api/users/bob/friend-request/")
    assert response.status_code == 400
    assert response.json()["code"] == "already_friends"


def test_unfriend(client_for, people):
    client_for(people.ann).post("/api/users/bob/friend-request/")
    client_for(people.bob).post("/api/users/ann/friend-request/")

    response = client_for(people.bob).delete("/api/users/ann/friend/")

    assert response.status_code == 204
    assert not Friendship.objects.exists()


def test_a_friendship_is_stored_once_whoever_asked(client_for, people):
    client_for(people.bob).post("/api/users/ann/friend-request/")
    client_for(people.ann).post("/api/users/bob/friend-request/")

    friendship = Friendship.objects.get()
    assert friendship.user_low.pk < friendship.user_high.pk
