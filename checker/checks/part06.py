"""Part 06 — the social graph: follows, follow requests, friends, blocks, lists, suggestions."""
from checker.checks.part05 import someone
from checker.http import CheckFailed
from checker.registry import NEEDS_MAIL, Part

PART = Part(6, "social-graph", "Social graph: follows, friends, blocks")

MAIL = (NEEDS_MAIL,)  # every check signs people up, with the code from their e-mail


class Person:
    """A signed-up user the checks can act as: person.get(...), person.post(...)."""

    def __init__(self, ctx):
        self.ctx = ctx
        details, self.auth = someone(ctx)
        self.username = details["username"]

    def get(self, path, **kwargs):
        return self.ctx.get(path, headers=self.auth, **kwargs)

    def post(self, path, **kwargs):
        return self.ctx.post(path, headers=self.auth, **kwargs)

    def delete(self, path, **kwargs):
        return self.ctx.delete(path, headers=self.auth, **kwargs)

    def go_private(self):
        self.ctx.patch("/api/users/me/", headers=self.auth, json={"is_private": True}).expect_status(200)


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
    ann.post(f"/api/users/{bob.username}/follow/").expect_status(200, 201)
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
    ann.post(f"/api/users/{bob.username}/follow/").expect_status(200, 201)
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
    ann.post(f"/api/users/{bob.username}/friend-request/").expect_status(200, 201)
    bob.post(f"/api/users/{ann.username}/friend-request/").expect_status(200, 201).expect_json({"status": "friends"})
    expect_names(ann.get(f"/api/users/{ann.username}/friends/").expect_status(200), [bob.username], "Ann's friends")


@PART.check("friends.decline-cancel-unfriend", "Declining, cancelling (DELETE) and unfriending all work, for the right side only",
            hint="Only the receiver may accept or decline, only the sender may cancel; "
                 "DELETE /api/users/{username}/friend/ ends a friendship.",
            anchor="friends", needs=MAIL)
def friends_decline_cancel(ctx):
    ann, bob = Person(ctx), Person(ctx)
    ann.post(f"/api/users/{bob.username}/friend-request/").expect_status(200, 201)
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
    ann.post(f"/api/users/{bob.username}/friend-request/").expect_status(200, 201)
    bob.post(f"/api/users/{ann.username}/friend-request/").expect_status(200, 201)
    ann.delete(f"/api/users/{bob.username}/friend/").expect_status(204, 200)
    expect_names(ann.get(f"/api/users/{ann.username}/friends/").expect_status(200), [], "Ann's friends")


# -- blocks ---------------------------------------------------------------------------------------
@PART.check("block.removes-every-tie", "Blocking removes follows, friendships and pending requests both ways",
            hint="In one transaction: create the Block, delete Follow rows both ways, the Friendship "
                 "and any FriendRequest between the two.",
            anchor="blocking", needs=MAIL)
def block_removes_ties(ctx):
    ann, bob = Person(ctx), Person(ctx)
    ann.post(f"/api/users/{bob.username}/follow/").expect_status(200, 201)
    bob.post(f"/api/users/{ann.username}/follow/").expect_status(200, 201)
    ann.post(f"/api/users/{bob.username}/friend-request/").expect_status(200, 201)
    bob.post(f"/api/users/{ann.username}/friend-request/").expect_status(200, 201)
    ann.post(f"/api/users/{bob.username}/block/").expect_status(200, 201)
    for name in ("followers", "following", "friends"):
        expect_names(ann.get(f"/api/users/{ann.username}/{name}/").expect_status(200), [], f"Ann's {name}")
    expect_names(ann.get("/api/blocks/").expect_status(200), [bob.username], "Ann's blocks")


@PART.check("block.blocker-vanishes", "To a blocked user the blocker is 404 everywhere; no follow, friend or search",
            hint="Every lookup of a user goes through one selector that excludes users who blocked "
                 "the viewer: then every view answers 404 by construction.",
            anchor="blocking", needs=MAIL)
def block_blocker_vanishes(ctx):
    ann, bob = Person(ctx), Person(ctx)
    ann.post(f"/api/users/{bob.username}/block/").expect_status(200, 201)
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
    ann.post(f"/api/users/{bob.username}/block/").expect_status(200, 201)
    ann.post(f"/api/users/{bob.username}/follow/").expect_status(403)
    ann.delete(f"/api/users/{bob.username}/block/").expect_status(200, 204)
    bob.get(f"/api/users/{ann.username}/").expect_status(200)
    ann.post(f"/api/users/{bob.username}/follow/").expect_status(200, 201)


# -- lists and profiles -------------------------------------------------------------------------------
@PART.check("lists.private-for-followers", "A private account's lists are 404 except to approved followers and itself",
            hint="One rule (can_see_connections) used by the followers, following and friends views.",
            anchor="lists-of-people", needs=MAIL)
def lists_private(ctx):
    ann, bob, cat = Person(ctx), Person(ctx), Person(ctx)
    bob.go_private()
    ann.post(f"/api/users/{bob.username}/follow/").expect_status(200, 201)
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
        fan.post(f"/api/users/{bob.username}/follow/").expect_status(200, 201)
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
    ann.post(f"/api/users/{bob.username}/follow/").expect_status(200, 201)
    cat.post(f"/api/users/{bob.username}/follow/").expect_status(200, 201)
    bob.post(f"/api/users/{ann.username}/follow/").expect_status(200, 201)
    ann.post(f"/api/users/{bob.username}/friend-request/").expect_status(200, 201)
    response = ann.get(f"/api/users/{bob.username}/").expect_status(200)
    response.expect_json({"followers_count": 2, "following_count": 1, "friends_count": 0})
    flags = response.json().get("relationship")
    wanted = {"following": True, "follows_you": True, "friend": False, "blocked": False}
    if not isinstance(flags, dict) or any(flags.get(key) != value for key, value in wanted.items()):
        raise CheckFailed(f"relationship is {flags}", expected=f"relationship including {wanted}", response=response)


@PART.check("suggestions", "GET /api/users/suggestions/ suggests people two steps away, never followed or blocked ones",
            hint="Candidates: followed by people you follow, friends of your friends; exclude yourself, "
                 "people you follow or asked to, friends, and blocks either way.",
            anchor="suggestions", needs=MAIL)
def suggestions(ctx):
    ann, bob, dan, eve = Person(ctx), Person(ctx), Person(ctx), Person(ctx)
    ann.post(f"/api/users/{bob.username}/follow/").expect_status(200, 201)
    bob.post(f"/api/users/{dan.username}/follow/").expect_status(200, 201)
    bob.post(f"/api/users/{eve.username}/follow/").expect_status(200, 201)
    eve.post(f"/api/users/{ann.username}/block/").expect_status(200, 201)
    found = names(ann.get("/api/users/suggestions/").expect_status(200))
    if dan.username not in found:
        raise CheckFailed(f"{dan.username} (followed by someone Ann follows) is not suggested",
                          expected=f"{dan.username} in the suggestions", response=ctx.last_response)
    for wrong, why in ((bob.username, "already followed"), (ann.username, "yourself"), (eve.username, "blocked Ann")):
        if wrong in found:
            raise CheckFailed(f"{wrong} is suggested ({why})", expected=f"{wrong} not suggested",
                              response=ctx.last_response)
