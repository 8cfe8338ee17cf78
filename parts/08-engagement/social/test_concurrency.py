"""
Double clicks and races: many requests about the same pair at once still leave exactly
one row. This needs a database that runs transactions side by side, so it runs on
PostgreSQL (DATABASE_URL=postgres://...) and says why it skips on SQLite.
"""
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections

from social import services
from social.models import Follow, Friendship

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 8
ROUNDS = 5  # a race does not show every time: run it several times, with fresh people


@pytest.fixture(autouse=True)
def needs_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("concurrency needs PostgreSQL: run with DATABASE_URL=postgres://...")


# --8<-- [start:at-once]
def at_once(action):
    def run(_):
        try:
            return action()
        finally:
            connections.close_all()  # each thread has its own connection: close it

    with ThreadPoolExecutor(THREADS) as pool:
        return list(pool.map(run, range(THREADS)))


@pytest.fixture
def pairs(make_user):
    return [(make_user(email=f"a{n}@example.com", username=f"a{n}"), make_user(email=f"b{n}@example.com",
                                                                             username=f"b{n}"))
            for n in range(ROUNDS)]


def test_many_follows_at_once_make_one_follow(pairs):
    for ann, bob in pairs:
        at_once(lambda: services.follow_create(follower=ann, target=bob))

    assert Follow.objects.count() == ROUNDS
# --8<-- [end:at-once]


def test_crossing_friend_requests_at_once_make_one_friendship(pairs):
    for ann, bob in pairs:
        def ask(index, ann=ann, bob=bob):
            a, b = (ann, bob) if index % 2 else (bob, ann)
            return services.friend_request_send(sender=a, target=b)

        outcomes = at_once_indexed(ask)
        assert "friends" in outcomes

    assert Friendship.objects.count() == ROUNDS


def at_once_indexed(action):
    def run(index):
        try:
            return action(index)
        except Exception as error:  # "already friends" is a fine answer for a late request
            return type(error).__name__
        finally:
            connections.close_all()

    with ThreadPoolExecutor(THREADS) as pool:
        return list(pool.map(run, range(THREADS)))


def test_a_burst_of_follow_requests_over_http_makes_one_follow(live_server, people):
    """The same click sent eight times at once, through the real server: eight 200s, one row."""
    import json
    import urllib.request

    from rest_framework_simplejwt.tokens import AccessToken

    token = str(AccessToken.for_user(people.ann))

    def click():
        request = urllib.request.Request(f"{live_server.url}/api/users/bob/follow/", method="POST",
                                         headers={"Authorization": f"Bearer {token}"})
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, json.loads(answer.read())

    answers = at_once(click)

    assert answers == [(200, {"status": "following"})] * THREADS
    assert Follow.objects.filter(follower=people.ann, followee=people.bob).count() == 1
