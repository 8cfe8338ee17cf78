"""
Creates the reliability suite's people in final/'s database, in one process, and prints
them as JSON. Run by conftest.py with final's settings (tools/pgstack.py):

    python tests/reliability/populate.py SPEC.json   →   {"worlds": {...}, "routes": [...]}

SPEC lists the worlds to make: {"worlds": [{"name": "w3", "private": true}, ...]}. A world
is one account (the owner) and one person per actor, each with a 60-minute access token,
tied to the owner as the actor's name says (see matrix.py).
The accounts are made through the user manager (as sign-up does), then verified. The
ties between them (follows, friendships, blocks, requests) are made by calling the API's
own URLs in this process (Django's test client: the same views, serializers and services
a real client goes through, without a network round trip each), so they stay right
whatever the code behind the URLs becomes. Only the deactivated person's follow, from
before they left, is written directly: no client could make it any more.

The owner writes one post of each visibility, all tagged #reliable (the public one edited
once, so its history has a row), and the deactivated person wrote one before leaving:
their ids are {post_public}, {post_followers}, {post_friends}, {post_only_me} and
{post_deactivated} in the matrix's paths. Two more public posts limit who may quote them:
{post_quotes_nobody} and {post_quotes_followers}. Under the posts, a conversation
(write_engagement): {comment_public}, {comment_followers}, {comment_by_follower} and
{reply_public}, with reactions (and, on a public account, {comment_deactivated}).

It also prints every URL pattern of the project with the methods its view answers, so
the suite can tell when an endpoint has no row in the authorization matrix.
"""
import json
import sys
from datetime import timedelta

import django

django.setup()

from django.db import transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import URLPattern, URLResolver, get_resolver  # noqa: E402
from django.utils import timezone  # noqa: E402
from rest_framework_simplejwt.tokens import AccessToken, RefreshToken  # noqa: E402

from accounts.models import User  # noqa: E402
from profiles.models import Profile  # noqa: E402
from social.models import Follow  # noqa: E402

PASSWORD = "Reliable-Horse-42"
# Everyone the matrix has a column for, except "anonymous" (nobody).
PEOPLE = ("owner", "other", "follower", "friend", "blocked", "blocker", "outsider", "deactivated", "unverified")
VISIBILITIES = ("public", "followers", "friends", "only_me")  # the owner writes one post of each


def person(world: str, role: str) -> dict:
    username = f"{role}_{world}"
    user = User.objects.create_user(email=f"{username}@reliability.example", username=username, password=PASSWORD)
    if role != "unverified":
        user.email_verified_at = timezone.now()
        user.save(update_fields=["email_verified_at"])
    token = AccessToken.for_user(user)
    token.set_exp(lifetime=timedelta(minutes=60))
    person = {"id": user.pk, "username": username, "email": user.email, "password": PASSWORD,
              "access": str(token) if role != "unverified" else None}
    if role == "deactivated":  # it logged in before being deactivated: both tokens must stop working
        person["refresh"] = str(RefreshToken.for_user(user))
    return person


def deleted_user_refresh_token() -> str:
    """A refresh token whose user has since been deleted."""
    user = User.objects.create_user(email="gone@reliability.example", username="gone", password=PASSWORD)
    token = str(RefreshToken.for_user(user))
    user.delete()
    return token


class Api:
    """Calls to the project's URLs in this process, as one person."""

    def __init__(self, person: dict):
        self.client = Client(SERVER_NAME="127.0.0.1", HTTP_AUTHORIZATION=f"Bearer {person['access']}")

    def call(self, method: str, path: str, body: dict | None = None) -> dict:
        send = getattr(self.client, method.lower())
        response = send(path, content_type="application/json", **({"data": body} if body is not None else {}))
        assert response.status_code < 300, f"{method} {path}: {response.status_code} {response.content[:300]}"
        return response.json() if response.content else {}


def _id_of(results: list, username: str) -> str:
    """The id of the row in a list of requests that mentions `username` anywhere."""
    for row in results:
        if username in json.dumps(row):
            return str(row["id"])
    raise AssertionError(f"no request from {username} in {results}")


def tie(people: dict, private: bool) -> dict:
    """Make the world's relationships, as the actors' names say; returns the pending requests' ids."""
    owner, ids = Api(people["owner"]), {}
    path = f"/api/users/{people['owner']['username']}"
    Api(people["follower"]).call("POST", f"{path}/follow/")
    if private:
        follow_id = _id_of(owner.call("GET", "/api/follow-requests/")["results"], people["follower"]["username"])
        owner.call("POST", f"/api/follow-requests/{follow_id}/accept/")
        Api(people["outsider"]).call("POST", f"{path}/follow/")  # waits for approval
        ids["follow_request"] = _id_of(owner.call("GET", "/api/follow-requests/")["results"],
                                       people["outsider"]["username"])
    Api(people["friend"]).call("POST", f"{path}/friend-request/")
    owner.call("POST", f"/api/users/{people['friend']['username']}/friend-request/")  # they cross: friends
    owner.call("POST", f"/api/users/{people['blocked']['username']}/block/")
    Api(people["blocker"]).call("POST", f"{path}/block/")
    Api(people["outsider"]).call("POST", f"{path}/friend-request/")  # left pending
    incoming = owner.call("GET", "/api/friend-requests/?direction=incoming")["results"]
    ids["friend_request"] = _id_of(incoming, people["outsider"]["username"])
    return ids


def write_posts(people: dict) -> dict:
    """The owner's posts, one per visibility, and the deactivated person's (written while still active)."""
    owner, ids = Api(people["owner"]), {}
    for visibility in VISIBILITIES:
        post = owner.call("POST", "/api/posts/", {"text": f"A {visibility} post #reliable", "visibility": visibility})
        ids[f"post_{visibility}"] = str(post["id"])
    owner.call("PATCH", f"/api/posts/{ids['post_public']}/", {"text": "A public post, edited #reliable"})
    post = Api(people["deactivated"]).call("POST", "/api/posts/", {"text": "Written before leaving #reliable"})
    ids["post_deactivated"] = str(post["id"])
    for policy in ("nobody", "followers"):  # who else may quote: nobody, or the owner's followers (and friends)
        post = owner.call("POST", "/api/posts/", {"text": f"Quotes: {policy}", "quote_policy": policy})
        ids[f"post_quotes_{policy}"] = str(post["id"])
    return ids


def write_engagement(people: dict, ids: dict, private: bool) -> dict:
    """
    The conversation under the owner's posts: the owner's comment on its public post (with
    a reply by the friend) and on its followers-only post, the follower's comment on the
    public post, and reactions to both; on a public account, the deactivated person
    commented and reacted too, before leaving (lists must hide them now).
    """
    owner, follower, friend = Api(people["owner"]), Api(people["follower"]), Api(people["friend"])
    found = {}

    def comment(api: Api, post: str, text: str, parent: str | None = None) -> str:
        return str(api.call("POST", f"/api/posts/{ids[post]}/comments/", {"text": text, "parent": parent})["id"])

    found["comment_public"] = comment(owner, "post_public", "The owner's comment")
    found["comment_followers"] = comment(owner, "post_followers", "The owner's comment, for followers")
    found["comment_by_follower"] = comment(follower, "post_public", "The follower's comment")
    found["reply_public"] = comment(friend, "post_public", "The friend's reply", found["comment_public"])
    follower.call("PUT", f"/api/posts/{ids['post_public']}/reaction/", {"type": "like"})
    friend.call("PUT", f"/api/comments/{found['comment_public']}/reaction/", {"type": "love"})
    if not private:
        deactivated = Api(people["deactivated"])
        found["comment_deactivated"] = comment(deactivated, "post_public", "Said before leaving")
        deactivated.call("PUT", f"/api/posts/{ids['post_public']}/reaction/", {"type": "haha"})
        deactivated.call("PUT", f"/api/comments/{found['comment_public']}/reaction/", {"type": "sad"})
    return found


def routes(patterns=None, prefix: str = "") -> list[dict]:
    """Every URL pattern (as Django writes it, e.g. api/users/<str:username>/) and its methods."""
    found = []
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            found += routes(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            # Class-based views keep their class in view_class; @api_view functions in cls.
            view_class = getattr(entry.callback, "view_class", None) or getattr(entry.callback, "cls", None)
            methods = [name.upper() for name in getattr(view_class, "http_method_names", [])
                       if name not in ("options", "head", "trace") and hasattr(view_class, name)]
            found.append({"pattern": prefix + str(entry.pattern), "methods": methods})
    return found


@transaction.atomic  # one commit for everyone: hundreds of commits would each wait for the disk
def main(spec_path: str) -> None:
    spec = json.loads(open(spec_path).read())
    worlds = {}
    for world in spec["worlds"]:
        people = {role: person(world["name"], role) for role in PEOPLE}
        if world["private"]:
            Profile.objects.filter(user_id=people["owner"]["id"]).update(is_private=True)
        ids = {**tie(people, world["private"]), **write_posts(people)}
        ids.update(write_engagement(people, ids, world["private"]))
        worlds[world["name"]] = {"private": world["private"], "people": people, "ids": ids}
        # While still active, the deactivated person followed the owner (lists must hide them now).
        Follow.objects.create(follower_id=people["deactivated"]["id"], followee_id=people["owner"]["id"],
                              status=Follow.Status.ACCEPTED)
    # The deactivated person got a token while active; it must stop working.
    User.objects.filter(username__startswith="deactivated_").update(is_active=False)
    print(json.dumps({"worlds": worlds, "routes": routes(), "deleted_refresh": deleted_user_refresh_token()}))


if __name__ == "__main__":
    main(sys.argv[1])
