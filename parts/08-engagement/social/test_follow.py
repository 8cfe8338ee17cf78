"""Following: instant for public accounts, a request for private ones, never yourself."""
import pytest

from conftest import make_private
from social.models import Follow

pytestmark = pytest.mark.django_db


def test_following_a_public_account_is_instant(client_for, people):
    response = client_for(people.ann).post("/api/users/bob/follow/")

    assert response.status_code == 200
    assert response.json() == {"status": "following"}
    assert Follow.objects.get().status == "accepted"


def test_following_a_private_account_asks_first(client_for, people):
    make_private(people.bob)

    response = client_for(people.ann).post("/api/users/bob/follow/")

    assert response.json() == {"status": "requested"}


def test_following_twice_changes_nothing(client_for, people):
    client = client_for(people.ann)
    client.post("/api/users/bob/follow/")

    again = client.post("/api/users/bob/follow/")

    assert again.json() == {"status": "following"}
    assert Follow.objects.count() == 1


def test_you_cannot_follow_yourself(client_for, people):
    response = client_for(people.ann).post("/api/users/ann/follow/")

    assert response.status_code == 400
    assert response.json()["code"] == "cannot_target_self"


def test_following_someone_unknown_is_404(client_for, people):
    assert client_for(people.ann).post("/api/users/nobody/follow/").status_code == 404


def test_unfollow(client_for, people):
    client = client_for(people.ann)
    client.post("/api/users/bob/follow/")

    response = client.delete("/api/users/bob/follow/")

    assert response.json() == {"status": "not_following"}
    assert not Follow.objects.exists()


def test_the_owner_sees_and_accepts_follow_requests(client_for, people):
    make_private(people.bob)
    client_for(people.ann).post("/api/users/bob/follow/")
    bob = client_for(people.bob)

    requests = bob.get("/api/follow-requests/").json()["results"]
    assert [request["user"]["username"] for request in requests] == ["ann"]

    response = bob.post(f"/api/follow-requests/{requests[0]['id']}/accept/")

    assert response.json() == {"status": "accepted"}
    assert Follow.objects.get().status == "accepted"
    assert bob.get("/api/follow-requests/").json()["results"] == []


def test_the_owner_rejects_a_follow_request(client_for, people):
    make_private(people.bob)
    client_for(people.ann).post("/api/users/bob/follow/")
    request_id = Follow.objects.get().pk

    response = client_for(people.bob).post(f"/api/follow-requests/{request_id}/reject/")

    assert response.json() == {"status": "rejected"}
    assert not Follow.objects.exists()


def test_nobody_else_can_answer_a_follow_request(client_for, people):
    make_private(people.bob)
    client_for(people.ann).post("/api/users/bob/follow/")
    request_id = Follow.objects.get().pk

    # Cat (or Ann herself) cannot see Bob's requests: 404, as if there were none
    assert client_for(people.cat).post(f"/api/follow-requests/{request_id}/accept/").status_code == 404
    assert client_for(people.ann).post(f"/api/follow-requests/{request_id}/accept/").status_code == 404
    assert client_for(people.cat).get("/api/follow-requests/").json()["results"] == []


def test_accepting_twice_is_a_conflict(client_for, people):
    make_private(people.bob)
    client_for(people.ann).post("/api/users/bob/follow/")
    bob = client_for(people.bob)
    request_id = Follow.objects.get().pk
    bob.post(f"/api/follow-requests/{request_id}/accept/")

    assert bob.post(f"/api/follow-requests/{request_id}/accept/").status_code == 409
    assert bob.post(f"/api/follow-requests/{request_id}/reject/").status_code == 409
