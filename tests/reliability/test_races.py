"""
Races on PostgreSQL, over HTTP, as real clients cause them: double clicks, two people
acting at once, and a stolen refresh token used in parallel with its owner's.
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.reliability.conftest import Bed

pytestmark = [pytest.mark.slow, pytest.mark.services]

ITEM_4 = "issue 9 item 4: single-use refresh tokens and reuse detection (fixed on branch issue9-auth)"


def at_once(count: int, call) -> list:
    """Run `call(i)` `count` times in parallel threads, each with its own connection."""
    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(call, range(count)))


def test_a_burst_of_identical_follows_leaves_one_row(bed: Bed):
    world = bed.worlds["race"]
    follower, owner = world["other"], world["owner"]

    answers = at_once(20, lambda _: bed.fresh_api().request(
        "POST", f"/api/users/{owner.username}/follow/", person=follower))

    assert {answer.status_code for answer in answers} == {200}
    assert bed.count("SELECT count(*) FROM social_follow WHERE follower_id = %s AND followee_id = %s",
                     follower.id, owner.id) == 1


def test_two_people_asking_each_other_at_once_become_friends_once(bed: Bed):
    world = bed.worlds["race"]
    a, b = world["outsider"], world["follower"]

    answers = at_once(10, lambda i: bed.fresh_api().request(
        "POST", f"/api/users/{(b if i % 2 else a).username}/friend-request/", person=a if i % 2 else b))

    assert all(answer.status_code in (200, 400) for answer in answers), [a.text for a in answers]
    low, high = sorted((a.id, b.id))
    assert bed.count("SELECT count(*) FROM social_friendship WHERE user_low_id = %s AND user_high_id = %s",
                     low, high) == 1
    assert bed.count("SELECT count(*) FROM social_friendrequest WHERE from_user_id IN (%s, %s) "
                     "AND to_user_id IN (%s, %s)", a.id, b.id, a.id, b.id) == 0


def test_thirty_parallel_refreshes_of_one_token_give_one_new_token(bed: Bed):
    """
    Exactly one of thirty parallel refreshes gets new tokens. The other 29 present a token
    that was just used: to the server that is reuse (a thief and an owner look alike, see
    lesson 04), so they also revoke every refresh token of the user, the winner's new one
    included. That is right for users: a stolen token never turns into a live chain, and
    the owner's cost is one more login. A client avoids it by refreshing from one place.
    """
    refresh = bed.login(bed.worlds["race"]["owner"])["refresh"]

    answers = at_once(30, lambda _: bed.fresh_api().request("POST", "/api/auth/token/refresh/",
                                                            json={"refresh": refresh}))

    winners = [answer for answer in answers if answer.status_code == 200]
    assert len(winners) == 1, f"{len(winners)} of 30 parallel refreshes of one token succeeded"
    assert {answer.status_code for answer in answers if answer not in winners} == {401}
    # The losers reused a rotated token, so the winner's successor was revoked with the rest.
    successor = winners[0].json()["refresh"]
    assert bed.fresh_api().request("POST", "/api/auth/token/refresh/", json={"refresh": successor}).status_code == 401


def test_reusing_a_rotated_refresh_token_revokes_every_refresh_token_of_the_user(bed: Bed):
    person = bed.worlds["reuse"]["owner"]
    laptop, phone = bed.login(person)["refresh"], bed.login(person)["refresh"]
    api = bed.fresh_api()
    rotated = api.ok("POST", "/api/auth/token/refresh/", json={"refresh": laptop})["refresh"]

    # Someone replays the laptop's old token: that is theft, so every session ends.
    assert api.request("POST", "/api/auth/token/refresh/", json={"refresh": laptop}).status_code == 401

    assert api.request("POST", "/api/auth/token/refresh/", json={"refresh": rotated}).status_code == 401
    assert api.request("POST", "/api/auth/token/refresh/", json={"refresh": phone}).status_code == 401


def test_a_deleted_users_refresh_token_is_refused(bed: Bed):
    answer = bed.fresh_api().request("POST", "/api/auth/token/refresh/", json={"refresh": bed.deleted_refresh})

    assert answer.status_code == 401, answer.text
