"""
Shared steps: what many checks do before they test their own rule.

A person who signs up, verifies the address, logs in, follows, befriends or blocks
someone; "the same answer for a known and an unknown e-mail"; "the 400 names the field".
Checks of every part use these, so a new part adds checks, not plumbing.

When a shared step fails, the check that used it is *blocked by* that step: the runner
reports it in one line and counts it under the step's root cause, instead of repeating
the same failure for every check that needs a signed-up user.
"""
from __future__ import annotations

import contextlib
import secrets
from typing import TYPE_CHECKING, Iterator

from checker.http import CheckFailed, Matcher, Response

if TYPE_CHECKING:
    from checker.context import Context

PASSWORD = "Checker-Pass-2024!"
NEVER_IN_A_BODY = ("pbkdf2_", "argon2", "bcrypt", "md5$", PASSWORD)

# The shared steps, by name: "blocked by <name>" in the results.
SIGN_UP = "sign up (POST /api/auth/register/)"
VERIFY = "verify the e-mail (the code from the e-mail, POST /api/auth/verify-email/)"
LOG_IN = "log in (POST /api/auth/login/)"
EDIT_PROFILE = "edit your profile (PATCH /api/users/me/)"
FOLLOW = "follow someone (POST /api/users/{username}/follow/)"
FRIEND_REQUEST = "send a friend request (POST /api/users/{username}/friend-request/)"
BLOCK = "block someone (POST /api/users/{username}/block/)"
APPROVE_FOLLOWER = "accept a follow request (POST /api/follow-requests/{id}/accept/)"
WRITE_POST = "write a post (POST /api/posts/)"
COMMENT = "comment on a post (POST /api/posts/{id}/comments/)"
REACT = "react to a post (PUT /api/posts/{id}/reaction/)"
SHARE = "share a post (POST /api/posts/{id}/share/)"

AN_ID = Matcher(lambda value: isinstance(value, str) and value != "", "a string (ids are strings)")


@contextlib.contextmanager
def step(name: str) -> Iterator[None]:
    """Mark failures inside the block as failures of the shared step `name` (innermost wins)."""
    try:
        yield
    except CheckFailed as failure:
        if not failure.step:
            failure.step = name
        raise


# -- people --------------------------------------------------------------------------------------
def new_person() -> dict:
    tag = secrets.token_hex(4)
    return {"email": f"learner.{tag}@example.com", "username": f"learner_{tag}", "password": PASSWORD}


def unknown_email() -> str:
    """An address nobody has signed up with."""
    return f"nobody.{secrets.token_hex(4)}@example.com"


def register(ctx: "Context", person: dict | None = None) -> dict:
    """Sign a new person up; their details (email, username, password)."""
    person = person or new_person()
    with step(SIGN_UP):
        ctx.post("/api/auth/register/", json=person).expect_status(
            201, hint="POST /api/auth/register/ with a valid e-mail, username and password should create the user.")
    return person


def verified(ctx: "Context") -> dict:
    """A person who signed up and verified the address with the e-mailed code."""
    person = register(ctx)
    with step(VERIFY):
        code = ctx.code_sent_to(person["email"])
        ctx.post("/api/auth/verify-email/", json={"email": person["email"], "code": code}).expect_status(
            200, hint="The code from the e-mail should verify the address.")
    return person


def log_in(ctx: "Context", email: str, password: str = PASSWORD) -> dict:
    """POST /api/auth/login/; the tokens, after checking they have the course's JWT shape."""
    with step(LOG_IN):
        response = ctx.post("/api/auth/login/", json={"email": email, "password": password})
        tokens = response.expect_status(200).expect_json({}).json()
        expect_jwt_pair(response, tokens)
    return tokens


def expect_jwt_pair(response: Response, tokens: dict) -> None:
    """The login answer carries `access` and `refresh`; another auth scheme is named, not a crash."""
    if isinstance(tokens.get("access"), str) and isinstance(tokens.get("refresh"), str):
        return
    other = [key for key in ("token", "key", "auth_token", "access_token", "jwt") if key in tokens]
    if other:
        raise CheckFailed(
            f'login returned "{other[0]}"; this course uses JWT "access"/"refresh" tokens sent as '
            f'"Authorization: Bearer <access>"',
            expected='{"access": "...", "refresh": "...", "user": {...}}', response=response,
            hint="Use djangorestframework-simplejwt (RefreshToken.for_user(user)) instead of DRF's "
                 "TokenAuthentication, and JWTAuthentication in DEFAULT_AUTHENTICATION_CLASSES.")
    raise CheckFailed('the login answer has no "access" and "refresh" tokens',
                      expected='{"access": "...", "refresh": "...", "user": {...}}', response=response,
                      hint="Answer RefreshToken.for_user(user): str(refresh) and str(refresh.access_token).")


def logged_in(ctx: "Context") -> tuple[dict, dict]:
    """A verified person who logged in: (person, tokens)."""
    person = verified(ctx)
    return person, log_in(ctx, person["email"], person["password"])


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def someone(ctx: "Context") -> tuple[dict, dict]:
    """A verified, logged-in user: (person, Authorization headers)."""
    person, tokens = logged_in(ctx)
    return person, bearer(tokens["access"])


class Person:
    """A signed-up user the checks can act as: person.get(...), person.follow(other)..."""

    def __init__(self, ctx: "Context"):
        self.ctx = ctx
        self.details, self.tokens = logged_in(ctx)  # details: email, username, password
        self.auth = bearer(self.tokens["access"])
        self.username = self.details["username"]
        self.email = self.details["email"]

    def get(self, path, **kwargs) -> Response:
        return self.ctx.get(path, headers=self.auth, **kwargs)

    def post(self, path, **kwargs) -> Response:
        return self.ctx.post(path, headers=self.auth, **kwargs)

    def put(self, path, **kwargs) -> Response:
        return self.ctx.put(path, headers=self.auth, **kwargs)

    def patch(self, path, **kwargs) -> Response:
        return self.ctx.patch(path, headers=self.auth, **kwargs)

    def delete(self, path, **kwargs) -> Response:
        return self.ctx.delete(path, headers=self.auth, **kwargs)

    def go_private(self) -> None:
        with step(EDIT_PROFILE):
            self.patch("/api/users/me/", json={"is_private": True}).expect_status(200)

    def follow(self, other: "Person") -> Response:
        with step(FOLLOW):
            return self.post(f"/api/users/{other.username}/follow/").expect_status(200, 201)

    def ask_friend(self, other: "Person") -> Response:
        with step(FRIEND_REQUEST):
            return self.post(f"/api/users/{other.username}/friend-request/").expect_status(200, 201)

    def befriend(self, other: "Person") -> None:
        """Become friends: a request each way (the second one turns both into a friendship)."""
        self.ask_friend(other)
        other.ask_friend(self)

    def block(self, other: "Person") -> Response:
        with step(BLOCK):
            return self.post(f"/api/users/{other.username}/block/").expect_status(200, 201)

    def approve(self, follower: "Person") -> Response:
        """Accept `follower`'s pending request to follow this (private) account."""
        with step(APPROVE_FOLLOWER):
            page = self.get("/api/follow-requests/").expect_status(200).json()
            results = page.get("results") if isinstance(page, dict) else None
            for request in results if isinstance(results, list) else []:
                user = request.get("user") if isinstance(request, dict) else None
                if isinstance(user, dict) and user.get("username") == follower.username:
                    return self.post(f"/api/follow-requests/{request.get('id')}/accept/").expect_status(200)
            raise CheckFailed(f"no follow request from {follower.username} in GET /api/follow-requests/",
                              expected=f"an item whose user.username is {follower.username}",
                              response=self.ctx.last_response)

    def write_post(self, text: str, visibility: str = "public", *, files: list | None = None) -> dict:
        """A new post (JSON, or multipart when `files` are given, see `multipart`); its JSON."""
        with step(WRITE_POST):
            if files:
                response = self.post("/api/posts/", **multipart([("text", text), ("visibility", visibility)], files))
            else:
                response = self.post("/api/posts/", json={"text": text, "visibility": visibility})
            return response.expect_status(201).expect_json({"id": AN_ID}).json()

    def comment(self, post_id: str, text: str, parent: str | None = None) -> dict:
        """A new comment on the post (a reply to `parent` when given); its JSON."""
        body = {"text": text} if parent is None else {"text": text, "parent": parent}
        with step(COMMENT):
            response = self.post(f"/api/posts/{post_id}/comments/", json=body)
            return response.expect_status(201).expect_json({"id": AN_ID}).json()

    def react(self, post_id: str, type: str) -> dict:
        """React to the post with `type` (like, love...); the answer's JSON."""
        with step(REACT):
            response = self.put(f"/api/posts/{post_id}/reaction/", json={"type": type})
            return response.expect_status(200).expect_json({"type": type}).json()

    def share(self, post_id: str, text: str = "", visibility: str = "public") -> dict:
        """Share the post: a repost without `text`, a quote with it; the new post's JSON."""
        body = {"visibility": visibility, **({"text": text} if text else {})}
        with step(SHARE):
            response = self.post(f"/api/posts/{post_id}/share/", json=body)
            return response.expect_status(201).expect_json({"id": AN_ID}).json()


# -- uploads ------------------------------------------------------------------------------------
class Parts(list):
    """Multipart fields or files in order, a name as often as needed (media, media, alt_text...).
    The client encodes `form=` and `files=` through `.items()`, as it would a dict's, and a dict
    cannot hold a name twice."""

    def items(self) -> list:
        return list(self)


def multipart(fields: list[tuple[str, str]] = (), files: list[tuple[str, tuple[str, bytes, str]]] = ()) -> dict:
    """The `form=` and `files=` of a multipart request: fields as [(name, value)], files as
    [(name, (filename, content, content type))], each in the order given."""
    return {"form": Parts(fields), "files": Parts(files)}


# -- common expectations ------------------------------------------------------------------------
def expect_no_secrets(response: Response) -> None:
    response.expect_text_absent(*NEVER_IN_A_BODY,
                                hint="Mark password fields write_only=True and never serialise the hash.")


def expect_400_naming(response: Response, field: str, *, what: str = "") -> Response:
    """The answer is a 400 whose JSON names `field` (DRF's {"field": ["message"]})."""
    response.expect_status(400)
    body = response.json()
    if not isinstance(body, dict) or field not in body:
        about = f" for {what}" if what else ""
        raise CheckFailed(f"the 400{about} does not name the {field} field", expected=f'{{"{field}": ["..."]}}',
                          response=response)
    return response


def expect_same_answer_for_known_and_unknown(ctx: "Context", path: str, known_email: str) -> None:
    """POST {email} to `path` answers 200 with one body whether or not the address has an account."""
    known = ctx.post(path, json={"email": known_email}).expect_status(200)
    unknown = ctx.post(path, json={"email": unknown_email()}).expect_status(200)
    if known.json() != unknown.json():
        raise CheckFailed("the answers for a known and an unknown e-mail differ",
                          expected=f"the same body for both; the known one got {known.text}", response=unknown)
