"""Part 06 — the social graph: follows, follow requests, friends, blocks, lists, suggestions."""
import threading
from concurrent.futures import ThreadPoolExecutor

from checker.http import CheckFailed
from checker.registry import NEEDS_DATABASE_SERVER, NEEDS_MAIL, Part
from checker.steps import Person

PART = Part(6, "social-graph", "Social graph: follows, friends, blocks")

MAIL = (NEEDS_MAIL,)  # every check signs people up, with the code from their e-mail


def names(response) -> list[str]:
    body = response.json()
    if not isinstance(body, dict) or "results" not in body:
        raise CheckFailed("the answer is not a page", expected='{"next", "previous", "results"}', response=response)
    return [item.get("username") for item in body["results"]]


def expect_names(response, wanted: list[str], what: str) -> None:
    found = names(response)
    if sorted(found) != sorted(wanted):
        raise CheckFailed(f"{what} lists {found}", expected=f"{what} listing exactly {wanted}", response=response)


def requests_of(response) -> list[dict]:
    response.expect_status(200)
    return response.json().get("results", []) if isinstance(response.json(), dict) else []


def request_from(results: list[dict], username: str, key: str) -> dict:
    for item in results:
        if isinstance(item.get(key), dict) and item[key].get("username") == username:
            return item
    raise CheckFailed(f"no request involving {username} in the list",
                      expected=f"an item whose {key}.username is {username}")


# -- follows ------------------------------------------------------------------------------------
@PART.check("follow.public", "POST /api/users/{username}/follow/ on a public account: following at once",
            hint="Create a Follow row (accepted for public accounts) in a service and answer "
                 "{\"status\": \"following\"}.",
            anchor="following", needs=MAIL)
def follow_public(ctx):
    ann, bob = Person(ctx), Person(ctx)
    ann.post(f"/api/users/{bob.username}/follow/").expect_status(200, 201).expect_json({"status": "following"})
    ann.post(f"/api/users/{bob.username}/follow/").expect_status(200, 201).expect_json(
        {"status": "following"}, hint="Following twice must change nothing.")
    expect_names(bob.get(f"/api/users/{bob.username}/followers/").expect_status(200), [ann.username], "followers")


BURST = 8  # identical requests sent at the same moment, as a double (or eightfold) click does


@PART.check("follow.burst-one-row", f"{BURST} identical follow requests at once: all answered, one follow stored",
            hint="Make following safe under concurrency: a UniqueConstraint(follower, followee) in the database, "
                 "and in one transaction a lock on the pair (select_for_update) or get_or_create that treats "
                 "the constraint's IntegrityError as \"already following\", never a second row or a 500.",
            anchor="double-clicks-and-races", needs=(NEEDS_MAIL, NEEDS_DATABASE_SERVER), time_limit=120)
def follow_burst(ctx):
    for _ in range(3):  # a race shows up often, not always: three rounds
        ann, bob = Person(ctx), Person(ctx)
        start = threading.Barrier(BURST)

        def follow_once(_):
            start.wait()
            return ann.post(f"/api/users/{bob.username}/follow/")

        with ThreadPoolExecutor(max_workers=BURST) as pool:
            answers = list(pool.map(follow_once, range(BURST)))
        failed = [answer for answer in answers if answer.status not in (200, 201)]
        if failed:
            raise CheckFailed(f"{len(failed)} of {BURST} identical follow requests sent at once failed "
                              f"(status {failed[0].status})", expected=f"{BURST} answers 200 \"following\"",
                              response=failed[0])
        expect_names(bob.get(f"/api/users/{bob.username}/followers/").expect_status(200), [ann.username],
                     f"Bob's followers after {BURST} identical follow requests at once")
        profile = bob.get(f"/api/users/{bob.username}/").expect_status(200)
        if profile.json().get("followers_count") != 1:
            raise CheckFailed(f"after {BURST} identical follow requests at once, followers_count is "
                              f"{profile.json().get('followers_count')}: the follow was stored more than once",
                              expected="followers_count 1", response=profile)


@PART.check("follow.self", "Following yourself is 400", hint="Refuse it in the service (and a CheckConstraint).",
            anchor="following", needs=MAIL)
def follow_self(ctx):
    ann = Person(ctx)
    ann.post(f"/api/users/{ann.username}/follow/").expect_status(400)


@PART.check("follow.private-approval", "A private account gets a request: \"requested\", listed, then accepted",
            hint="Follow.status = requested for private accounts; GET /api/follow-requests/ lists requests to "
                 "you, POST /api/follow-requests/{id}/accept/ accepts.",
            anchor="private-accounts-approve-followers", needs=MAIL)
def follow_private(ctx):
    ann, bob = Person(ctx), Person(ctx)
    bob.go_private()
    ann.post(f"/api/users/{bob.username}/follow/").expect_status(200, 201).expect_json({"status": "requested"})
    expect_names(bob.get(f"/api/users/{bob.username}/followers/").expect_status(200), [], "followers before approval")
    request = request_from(requests_of(bob.get("/api/follow-requests/")), ann.username, "user")
    bob.post(f"/api/follow-requests/{request['id']}/accept/").expect_status(200)
    expect_names(bob.get(f"/api/users/{bob.username}/followers/").expect_status(200), [ann.username], "followers")


@PART.check("follow.reject-and-privacy", "Rejecting removes the request; nobody else can answer or see it",
            hint="Look requests up among those addressed to the viewer only: anyone else's is a 404.",
            anchor="private-accounts-approve-followers", needs=MAIL)
def follow_reject(ctx):
    ann, bob, cat = Person(ctx), Person(ctx), Person(ctx)
    bob.go_private()
    ann.follow(bob)
    request = request_from(requests_of(bob.get("/api/follow-requests/")), ann.username, "user")
    if requests_of(cat.get("/api/follow-requests/")):
        raise CheckFailed("another user sees requests that are not theirs", expected="an empty list",
                          response=ctx.last_response)
    cat.post(f"/api/follow-requests/{request['id']}/accept/").expect_status(404)
    bob.post(f"/api/follow-requests/{request['id']}/reject/").expect_status(200)
    if requests_of(bob.get("/api/follow-requests/")):
        raise CheckFailed("the rejected request is still listed", expected="an empty list",
                          response=ctx.last_response)


@PART.check("follow.unfollow", "DELETE /api/users/{username}/follow/ unfollows",
            hint="Delete the Follow row; answer {\"status\": \"not_following\"}.", anchor="following", needs=MAIL)
def follow_unfollow(ctx):
    ann, bob = Person(ctx), Person(ctx)
    ann.follow(bob)
    ann.delete(f"/api/users/{bob.username}/follow/").expect_status(200, 204)
    expect_names(bob.get(f"/api/users/{bob.username}/followers/").expect_status(200), [], "followers")


# -- friends --------------------------------------------------------------------------------------
@PART.check("friends.request-accept", "Friend request, listed incoming and outgoing, accepted: friends both ways",
            hint="POST /api/users/{username}/friend-request/, GET /api/friend-requests/?direction=, "
                 "POST /api/friend-requests/{id}/accept/ creating one Friendship row.",
            anchor="friends", needs=MAIL)
def friends_request_accept(ctx):
    ann, bob = Person(ctx), Person(ctx)
    ann.post(f"/api/users/{bob.username}/friend-request/").expect_status(200, 201).expect_json({"status": "requested"})
    request_from(requests_of(ann.get("/api/friend-requests/?direction=outgoing")), bob.username, "to_user")
    request = request_from(requests_of(bob.get("/api/friend-requests/?direction=incoming")), ann.username, "from_user")
    bob.post(f"/api/friend-requests/{request['id']}/accept/").expect_status(200)
    expect_names(ann.get(f"/api/users/{ann.username}/friends/").expect_status(200), [bob.username], "Ann's friends")
    expect_names(ann.get(f"/api/users/{bob.username}/friends/").expect_status(200), [ann.username], "Bob's friends")
    bob.get("/api/friend-requests/?direction=sideways").expect_status(400)


@PART.check("friends.crossing-requests", "A request to someone who already asked you makes you friends",
            hint="Before creating a request, look for one in the other direction: if it is there, "
                 "turn both into a friendship.",
            anchor="friends", needs=MAIL)
def friends_crossing(ctx):
    ann, bob = Person(ctx), Person(ctx)
    ann.ask_friend(bob)
    bob.post(f"/api/users/{ann.username}/friend-request/").expect_status(200, 201).expect_json({"status": "friends"})
    expect_names(ann.get(f"/api/users/{ann.username}/friends/").expect_status(200), [bob.username], "Ann's friends")


@PART.check("friends.decline-cancel-unfriend", "Declining, cancelling (DELETE) and unfriending all work, for the right side only",
            hint="Only the receiver may accept or decline, only the sender may cancel; "
                 "DELETE /api/users/{username}/friend/ ends a friendship.",
            anchor="friends", needs=MAIL)
def friends_decline_cancel(ctx):
    ann, bob = Person(ctx), Person(ctx)
    ann.ask_friend(bob)
    request = request_from(requests_of(bob.get("/api/friend-requests/")), ann.username, "from_user")
    ann.post(f"/api/friend-requests/{request['id']}/accept/").expect_status(404)
    bob.post(f"/api/friend-requests/{request['id']}/decline/").expect_status(200)
    ann.post(f"/api/users/{bob.username}/friend-request/").expect_status(200, 201)
    request = request_from(requests_of(ann.get("/api/friend-requests/?direction=outgoing")), bob.username, "to_user")
    bob.delete(f"/api/friend-requests/{request['id']}/").expect_status(404)
    ann.delete(f"/api/friend-requests/{request['id']}/").expect_status(204, 200)
    if requests_of(bob.get("/api/friend-requests/")):
        raise CheckFailed("the cancelled request is still listed", expected="no incoming requests",
                          response=ctx.last_response)
    ann.ask_friend(bob)
    bob.ask_friend(ann)
    ann.delete(f"/api/users/{bob.username}/friend/").expect_status(204, 200)
    expect_names(ann.get(f"/api/users/{ann.username}/friends/").expect_status(200), [], "Ann's friends")


@PART.check("requests.others-cannot-answer", "Nobody but the people a request is between can accept, reject, decline or cancel it",
            hint="Look a request up among the viewer's own (followee=request.user for follow requests, "
                 "to_user or from_user for friend requests): anyone else's is a 404, and stays untouched.",
            anchor="friends", needs=MAIL)
def requests_others_cannot_answer(ctx):
    ann, bob, cat = Person(ctx), Person(ctx), Person(ctx)
    bob.go_private()
    ann.follow(bob)
    ann.ask_friend(bob)
    follow = request_from(requests_of(bob.get("/api/follow-requests/")), ann.username, "user")
    friend = request_from(requests_of(bob.get("/api/friend-requests/?direction=incoming")), ann.username, "from_user")
    attempts = (("POST", f"/api/follow-requests/{follow['id']}/reject/"),
                ("POST", f"/api/friend-requests/{friend['id']}/decline/"),
                ("POST", f"/api/friend-requests/{friend['id']}/accept/"),
                ("DELETE", f"/api/friend-requests/{friend['id']}/"))
    for method, path in attempts:
        response = ctx.request(method, path, headers=cat.auth)
        if response.status != 404:
            raise CheckFailed(f"{method} {path} by someone the request is not about answered {response.status}",
                              expected="404: to anyone else, the request does not exist", response=response)
    request_from(requests_of(bob.get("/api/follow-requests/")), ann.username, "user")
    request_from(requests_of(bob.get("/api/friend-requests/?direction=incoming")), ann.username, "from_user")


# -- blocks ---------------------------------------------------------------------------------------
@PART.check("block.removes-every-tie", "Blocking removes follows, friendships and pending requests both ways",
            hint="In one transaction: create the Block, delete Follow rows both ways, the Friendship "
                 "and any FriendRequest between the two.",
            anchor="blocking", needs=MAIL)
def block_removes_ties(ctx):
    ann, bob = Person(ctx), Person(ctx)
    ann.follow(bob)
    bob.follow(ann)
    ann.ask_friend(bob)
    bob.ask_friend(ann)
    ann.block(bob)
    for name in ("followers", "following", "friends"):
        expect_names(ann.get(f"/api/users/{ann.username}/{name}/").expect_status(200), [], f"Ann's {name}")
    expect_names(ann.get("/api/blocks/").expect_status(200), [bob.username], "Ann's blocks")


@PART.check("block.removes-pending-requests", "Blocking also removes pending follow and friend requests, both ways",
            hint="The block deletes every Follow row between the two (requested ones too) and every "
                 "FriendRequest in either direction, not only accepted follows and friendships.",
            anchor="blocking", needs=MAIL)
def block_removes_pending_requests(ctx):
    ann, bob = Person(ctx), Person(ctx)
    ann.go_private()
    bob.follow(ann).expect_json({"status": "requested"})
    ann.ask_friend(bob)
    ann.block(bob)
    if requests_of(ann.get("/api/follow-requests/")):
        raise CheckFailed("the blocked user's pending follow request is still waiting for approval",
                          expected="no follow requests left after the block", response=ctx.last_response)
    if requests_of(ann.get("/api/friend-requests/?direction=outgoing")):
        raise CheckFailed("the friend request to the blocked user is still pending",
                          expected="no friend requests left after the block", response=ctx.last_response)


@PART.check("block.blocker-vanishes", "To a blocked user the blocker is 404 everywhere; no follow, friend or search",
            hint="Every lookup of a user goes through one selector that excludes users who blocked "
                 "the viewer: then every view answers 404 by construction.",
            anchor="blocking", needs=MAIL)
def block_blocker_vanishes(ctx):
    ann, bob = Person(ctx), Person(ctx)
    ann.block(bob)
    bob.get(f"/api/users/{ann.username}/").expect_status(404)
    bob.get(f"/api/users/{ann.username}/followers/").expect_status(404)
    bob.post(f"/api/users/{ann.username}/follow/").expect_status(404)
    bob.post(f"/api/users/{ann.username}/friend-request/").expect_status(404)
    found = names(bob.get(f"/api/users/?search={ann.username}").expect_status(200))
    if ann.username in found:
        raise CheckFailed("the blocker shows up in the blocked user's search", expected="not listed",
                          response=ctx.last_response)


@PART.check("block.unblock", "The blocker cannot follow until unblocking (403); unblocking restores visibility",
            hint="A blocker can still see the blocked user (flag blocked: true) but following them is a 403 "
                 "until DELETE /api/users/{username}/block/.",
            anchor="blocking", needs=MAIL)
def block_unblock(ctx):
    ann, bob = Person(ctx), Person(ctx)
    ann.block(bob)
    ann.post(f"/api/users/{bob.username}/follow/").expect_status(403)
    ann.delete(f"/api/users/{bob.username}/block/").expect_status(200, 204)
    bob.get(f"/api/users/{ann.username}/").expect_status(200)
    ann.post(f"/api/users/{bob.username}/follow/").expect_status(200, 201)


# -- lists and profiles -------------------------------------------------------------------------------
@PART.check("lists.private-for-followers", "A private account's lists are 404 except to approved followers and itself",
            hint="One rule (connections_visible_to) used by the followers, following and friends views.",
            anchor="lists-of-people", needs=MAIL)
def lists_private(ctx):
    ann, bob, cat = Person(ctx), Person(ctx), Person(ctx)
    bob.go_private()
    ann.follow(bob)
    for name in ("followers", "following", "friends"):
        ann.get(f"/api/users/{bob.username}/{name}/").expect_status(404, hint="A pending request is not approval.")
        cat.get(f"/api/users/{bob.username}/{name}/").expect_status(404)
    request = request_from(requests_of(bob.get("/api/follow-requests/")), ann.username, "user")
    bob.post(f"/api/follow-requests/{request['id']}/accept/").expect_status(200)
    ann.get(f"/api/users/{bob.username}/followers/").expect_status(200)
    bob.get(f"/api/users/{bob.username}/followers/").expect_status(200)


@PART.check("lists.paginated", "Lists are pages: ?page_size=1 gives one person and a next link",
            hint="Use a pagination class (cursor pagination for time-ordered lists) with page_size_query_param.",
            anchor="lists-of-people", needs=MAIL)
def lists_paginated(ctx):
    bob = Person(ctx)
    fans = [Person(ctx) for _ in range(2)]
    for fan in fans:
        fan.follow(bob)
    page = bob.get(f"/api/users/{bob.username}/followers/?page_size=1").expect_status(200)
    if len(names(page)) != 1 or not page.json().get("next"):
        raise CheckFailed("page_size=1 did not give one follower and a next link", expected="1 result, next URL",
                          response=page)
    rest = ctx.get(page.json()["next"], headers=bob.auth).expect_status(200)
    if sorted(names(page) + names(rest)) != sorted(fan.username for fan in fans):
        raise CheckFailed("the two pages do not hold both followers", expected="each follower once", response=rest)


@PART.check("profiles.counts-and-flags", "Profiles carry counts and the viewer's relationship flags",
            hint="followers_count, following_count, friends_count and relationship {following, requested, "
                 "follows_you, friend, friend_requested, blocked}, computed for a page at once.",
            anchor="counts-and-relationship-flags", needs=MAIL)
def profile_counts_flags(ctx):
    ann, bob, cat = Person(ctx), Person(ctx), Person(ctx)
    ann.follow(bob)
    cat.follow(bob)
    bob.follow(ann)
    ann.ask_friend(bob)
    response = ann.get(f"/api/users/{bob.username}/").expect_status(200)
    response.expect_json({"followers_count": 2, "following_count": 1, "friends_count": 0})
    flags = response.json().get("relationship")
    wanted = {"following": True, "follows_you": True, "friend": False, "blocked": False}
    if not isinstance(flags, dict) or any(flags.get(key) != value for key, value in wanted.items()):
        raise CheckFailed(f"relationship is {flags}", expected=f"relationship including {wanted}", response=response)


@PART.check("profiles.counts-are-totals", "Counts are totals even when the viewer cannot see everyone counted",
            hint="Count every accepted follow and friendship; hide people from lists, never from counts.",
            anchor="counts-and-relationship-flags", needs=MAIL)
def profile_counts_are_totals(ctx):
    bob, ann, cat, dan = Person(ctx), Person(ctx), Person(ctx), Person(ctx)
    ann.follow(bob)
    cat.follow(bob)
    cat.block(dan)
    expect_names(dan.get(f"/api/users/{bob.username}/followers/").expect_status(200), [ann.username],
                 "Bob's followers as Dan sees them (Cat blocked Dan)")
    response = dan.get(f"/api/users/{bob.username}/").expect_status(200)
    if response.json().get("followers_count") != 2:
        raise CheckFailed(f"followers_count is {response.json().get('followers_count')} for a viewer who cannot "
                          "see one of the two followers", expected="followers_count 2: counts are totals",
                          response=response)


@PART.check("suggestions", "GET /api/users/suggestions/ suggests people two steps away, never followed or blocked ones",
            hint="Candidates: followed by people you follow, friends of your friends; exclude yourself, "
                 "people you follow or asked to, friends, and blocks either way.",
            anchor="suggestions", needs=MAIL)
def suggestions(ctx):
    ann, bob, dan, eve = Person(ctx), Person(ctx), Person(ctx), Person(ctx)
    ann.follow(bob)
    bob.follow(dan)
    bob.follow(eve)
    eve.block(ann)
    found = names(ann.get("/api/users/suggestions/").expect_status(200))
    if dan.username not in found:
        raise CheckFailed(f"{dan.username} (followed by someone Ann follows) is not suggested",
                          expected=f"{dan.username} in the suggestions", response=ctx.last_response)
    for wrong, why in ((bob.username, "already followed"), (ann.username, "yourself"), (eve.username, "blocked Ann")):
        if wrong in found:
            raise CheckFailed(f"{wrong} is suggested ({why})", expected=f"{wrong} not suggested",
                              response=ctx.last_response)


@PART.check("suggestions.private-friends", "Suggestions never reveal a private account's friends to someone who may not see its list",
            hint="Take friends of friends only through friends whose friends list the viewer may see (public, "
                 "or private and followed by the viewer): the same rule as the lists.",
            anchor="suggestions-reveal-nothing-the-lists-hide", needs=MAIL)
def suggestions_private_friends(ctx):
    ann, cat, eve = Person(ctx), Person(ctx), Person(ctx)
    cat.go_private()
    for one, other in ((ann, cat), (cat, eve)):
        one.post(f"/api/users/{other.username}/friend-request/").expect_status(200, 201)
        other.post(f"/api/users/{one.username}/friend-request/").expect_status(200, 201)
    ann.get(f"/api/users/{cat.username}/friends/").expect_status(404, hint="A friend is not an approved follower.")
    if eve.username in names(ann.get("/api/users/suggestions/").expect_status(200)):
        raise CheckFailed(f"{eve.username}, a friend of private {cat.username}, is suggested to someone who may "
                          "not see their friends list", expected=f"{eve.username} not suggested",
                          response=ctx.last_response)
    ann.post(f"/api/users/{cat.username}/follow/").expect_status(200, 201)
    request = request_from(requests_of(cat.get("/api/follow-requests/")), ann.username, "user")
    cat.post(f"/api/follow-requests/{request['id']}/accept/").expect_status(200)
    if eve.username not in names(ann.get("/api/users/suggestions/").expect_status(200)):
        raise CheckFailed(f"once {cat.username} accepted the follow, her friend {eve.username} is not suggested",
                          expected=f"{eve.username} in the suggestions", response=ctx.last_response)
