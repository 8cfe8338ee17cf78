"""Suggestions: people two steps away, best connected first, never the wrong ones."""
import pytest

from conftest import make_private
from social import services

pytestmark = pytest.mark.django_db


def suggested(client):
    return [profile["username"] for profile in client.get("/api/users/suggestions/").json()["results"]]


@pytest.fixture
def town(people, make_user):
    """Ann follows Bob; Bob follows Dan and Eve; Ann's friend Cat is friends with Eve."""
    dan = make_user(email="dan@example.com", username="dan")
    eve = make_user(email="eve@example.com", username="eve")
    services.follow_create(follower=people.ann, target=people.bob)
    services.follow_create(follower=people.bob, target=dan)
    services.follow_create(follower=people.bob, target=eve)
    for a, b in ((people.ann, people.cat), (people.cat, eve)):
        services.friend_request_send(sender=a, target=b)
        services.friend_request_send(sender=b, target=a)
    return people, dan, eve


def test_friends_of_friends_and_followed_by_followed_best_first(client_for, town):
    people, dan, eve = town

    # Eve is reached twice (through Bob and through Cat), Dan once
    assert suggested(client_for(people.ann)) == ["eve", "dan"]


def test_people_you_already_follow_or_asked_are_not_suggested(client_for, town):
    people, dan, eve = town
    services.follow_create(follower=people.ann, target=dan)

    assert suggested(client_for(people.ann)) == ["eve"]


def test_blocked_people_are_never_suggested_either_way(client_for, town):
    people, dan, eve = town
    services.user_block(blocker=eve, blocked=people.ann)
    services.user_block(blocker=people.ann, blocked=dan)

    assert suggested(client_for(people.ann)) == []


def test_nobody_suggests_you_to_yourself_or_your_friends(client_for, town):
    people, dan, eve = town
    names = suggested(client_for(people.ann))

    assert "ann" not in names and "cat" not in names and "bob" not in names


def test_a_private_friends_friends_are_not_suggested_to_someone_who_may_not_see_its_list(client_for, town):
    # Cat's friends list is for her approved followers: Ann is her friend, not a follower.
    people, dan, eve = town
    make_private(people.cat)
    services.user_block(blocker=people.ann, blocked=dan)  # leave Eve reached through Cat only
    services.follow_delete(follower=people.ann, target=people.bob)

    assert suggested(client_for(people.ann)) == []
    assert client_for(people.ann).get("/api/users/cat/friends/").status_code == 404  # the list agrees


def test_following_a_private_friend_opens_their_friends_to_suggestions(client_for, town):
    people, dan, eve = town
    make_private(people.cat)
    services.follow_delete(follower=people.ann, target=people.bob)
    request = services.follow_create(follower=people.ann, target=people.cat)
    services.follow_request_accept(owner=people.cat, follow_id=request.pk)

    assert suggested(client_for(people.ann)) == ["eve"]


def test_suggestions_are_cached_but_forgotten_when_you_change_your_graph(client_for, town,
                                                                         django_capture_on_commit_callbacks):
    people, dan, eve = town
    client = client_for(people.ann)
    assert suggested(client) == ["eve", "dan"]

    with django_capture_on_commit_callbacks(execute=True):  # as if the transaction committed
        services.follow_create(follower=people.ann, target=eve)

    assert suggested(client) == ["dan"]


def test_suggestions_are_pages_without_a_count(client_for, town):
    people, dan, eve = town

    page = client_for(people.ann).get("/api/users/suggestions/", {"page_size": 1}).json()

    assert set(page) == {"next", "previous", "results"}
    assert [profile["username"] for profile in page["results"]] == ["eve"] and page["next"]
