"""Suggestions: people two steps away, best connected first, never the wrong ones."""
import pytest

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
