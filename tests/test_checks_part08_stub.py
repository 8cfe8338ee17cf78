"""
Part 08's checks graded against a stub server: a tiny engagement API in memory that follows
the contract passes every check (the two races included), and each way of breaking it is
named the way the checks teach.
"""
import dataclasses
import itertools
import threading
import urllib.parse
from http.server import ThreadingHTTPServer

import pytest

from checker import steps
from checker.registry import NEEDS_DATABASE_SERVER, all_parts
from checker.results import FAIL, PASS, SKIP
from tests.stub_server import StubServer, check_by_id, learner_api, reply, run_check, run_checks

TYPES = ("like", "love", "haha", "wow", "sad", "angry")
NOT_FOUND = reply(404, {"detail": "Not found.", "code": "not_found"})


@pytest.fixture
def stub(tmp_path, monkeypatch):
    # The race checks open 10 connections at once: more than the 5 a stub queues by default
    # (Django's runserver queues 10, and the kernel holds the rest back a moment without refusing).
    monkeypatch.setattr(ThreadingHTTPServer, "request_queue_size", 64)
    mail = tmp_path / "mail"
    mail.mkdir()
    with StubServer(mail_dir=mail) as server:
        yield server


class EngagementApi:
    """Follows, blocks, posts (public or followers), comments, reactions and shares, in memory.
    `mistakes` switch one rule of the contract off, as a learner's slip would."""

    def __init__(self, stub: StubServer, users: dict, *mistakes: str):
        self.stub, self.users, self.mistakes = stub, users, set(mistakes)
        self.lock = threading.Lock()  # the stub answers from many threads: one request at a time here
        self.numbers = itertools.count(1)
        self.follows: set[tuple[str, str]] = set()
        self.blocks: set[tuple[str, str]] = set()
        self.posts: dict[str, dict] = {}
        self.comments: dict[str, dict] = {}
        self.reactions: list[dict] = []  # {"user", "on": post or comment id, "type", "number"}
        routes = (("POST", r"/api/users/(?P<name>[^/]+)/follow/", self.follow),
                  ("POST", r"/api/users/(?P<name>[^/]+)/block/", self.block),
                  ("GET", r"/api/users/(?P<name>[^/]+)/posts/", self.timeline),
                  ("POST", r"/api/posts/", self.write),
                  ("GET", r"/api/posts/(?P<id>[^/]+)/", self.post_detail),
                  ("PATCH", r"/api/posts/(?P<id>[^/]+)/", self.post_edit),
                  ("DELETE", r"/api/posts/(?P<id>[^/]+)/", self.post_delete),
                  ("POST", r"/api/posts/(?P<id>[^/]+)/share/", self.share),
                  ("GET", r"/api/posts/(?P<id>[^/]+)/comments/", self.comment_list),
                  ("POST", r"/api/posts/(?P<id>[^/]+)/comments/", self.comment_write),
                  ("GET", r"/api/comments/(?P<id>[^/]+)/", self.comment_detail),
                  ("PATCH", r"/api/comments/(?P<id>[^/]+)/", self.comment_edit),
                  ("DELETE", r"/api/comments/(?P<id>[^/]+)/", self.comment_delete),
                  ("GET", r"/api/comments/(?P<id>[^/]+)/replies/", self.replies))
        for method, path, answer in routes:
            stub.route(method, path, self.locked(answer))
        sign_up = next(answer for method, path, answer in stub.routes if path.pattern == "/api/auth/register/")
        stub.route("POST", "/api/auth/register/", self.one_at_a_time(sign_up))
        for kind in ("posts", "comments"):
            stub.route("PUT", rf"/api/{kind}/[^/]+/reaction/", self.locked(self.react))
            stub.route("DELETE", rf"/api/{kind}/[^/]+/reaction/", self.locked(self.unreact))
            stub.route("GET", rf"/api/{kind}/[^/]+/reactions/", self.locked(self.reactions_list))

    def one_at_a_time(self, answer):
        def run(request):
            with self.lock:
                return answer(request)
        return run

    def locked(self, answer):
        """`answer(request, viewer, the id or name in the path, the query)`, one request at a time."""
        def run(request):
            path, _, query = request.path.partition("?")
            parts = path.strip("/").split("/")
            with self.lock:
                viewer = self.viewer(request)
                if viewer is None:
                    return reply(401, {"detail": "Authentication credentials were not provided."})
                query = {"path": path, **urllib.parse.parse_qs(query)}
                return answer(request, viewer, parts[2] if len(parts) > 2 else "", query)
        return run

    def viewer(self, request) -> str | None:
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        return next((user["username"] for user in self.users.values() if token == f"access-{user['id']}"), None)

    # -- the rules ---------------------------------------------------------------------------------
    def blocked(self, one: str, other: str) -> bool:
        return (one, other) in self.blocks or (other, one) in self.blocks

    def sees_post(self, viewer: str, post: dict) -> bool:
        author = post["author"]
        if viewer != author and (self.blocked(viewer, author) or
                                 (post["visibility"] == "followers" and (viewer, author) not in self.follows)):
            return False
        original = self.posts.get(post["shared_post"]) if post["shared_post"] else None
        return original is None or "widen" in self.mistakes or self.sees_post(viewer, original)

    def visible_post(self, viewer: str, post_id: str) -> dict | None:
        post = self.posts.get(post_id)
        return post if post and self.sees_post(viewer, post) else None

    def visible_comment(self, viewer: str, comment_id: str) -> dict | None:
        comment = self.comments.get(comment_id)
        if comment is None or comment["post"] not in self.posts:
            return None
        post = self.posts[comment["post"]]
        if not self.sees_post(viewer, post) or self.blocked(viewer, comment["author"]):
            return None
        if (post["author"], comment["author"]) in self.blocks:  # the post's author blocked the commenter
            return None
        return comment

    # -- answers -------------------------------------------------------------------------------------
    def counts(self, on: str) -> dict:
        counts = dict.fromkeys(TYPES, 0)
        for reaction in self.reactions:
            if reaction["on"] == on:
                counts[reaction["type"]] += 1
        return counts

    def mine(self, viewer: str, on: str) -> str | None:
        return next((row["type"] for row in self.reactions if row["on"] == on and row["user"] == viewer), None)

    def post_json(self, viewer: str, post: dict, *, nested: bool = False) -> dict:
        data = {"id": post["id"], "author": {"username": post["author"], "display_name": "", "avatar": None},
                "text": post["text"], "visibility": post["visibility"], "quote_policy": post["quote_policy"],
                "reaction_counts": self.counts(post["id"]), "my_reaction": self.mine(viewer, post["id"]),
                "comments_count": sum(1 for comment in self.comments.values() if comment["post"] == post["id"]),
                "shares_count": sum(1 for share in self.posts.values() if share["shared_post"] == post["id"]),
                "edited_at": None, "url": f"/api/posts/{post['id']}/"}
        if not nested:
            original = self.posts.get(post["shared_post"]) if post["shared_post"] else None
            data["shared_post"] = self.post_json(viewer, original, nested=True) if original else None
        return data

    def comment_json(self, viewer: str, comment: dict) -> dict:
        return {**comment, "author": {"username": comment["author"], "display_name": "", "avatar": None},
                "replies_count": sum(1 for other in self.comments.values() if other["parent"] == comment["id"]),
                "reaction_counts": self.counts(comment["id"]), "my_reaction": self.mine(viewer, comment["id"]),
                "created_at": "2025-01-01T00:00:00Z"}

    def page(self, rows: list[dict], query: dict) -> object:
        """Cursor pages: the cursor is the offset, as a number; `next` an absolute URL, as DRF's is."""
        size, cursor = query.get("page_size", ["20"])[0], query.get("cursor", ["0"])[0]
        if not size.isdigit() or not 1 <= int(size) <= 100:
            return reply(400, {"page_size": ["A number from 1 to 100."]})
        if not cursor.isdigit():
            return reply(400, {"cursor": ["Invalid cursor."]})
        start, size = int(cursor), int(size)
        following = f"{self.stub.url}{query['path']}?page_size={size}&cursor={start + size}"
        following = following if start + size < len(rows) else None
        return reply(200, {"next": following, "previous": None, "results": rows[start:start + size]})

    # -- the social graph and posts --------------------------------------------------------------------------
    def follow(self, request, viewer, name, query):
        self.follows.add((viewer, name))
        return reply(201, {"status": "following"})

    def block(self, request, viewer, name, query):
        self.blocks.add((viewer, name))
        return reply(201, {"status": "blocked"})

    def new_post(self, author: str, text: str, visibility: str, shared_post: str | None = None) -> dict:
        post_id = str(next(self.numbers))
        self.posts[post_id] = {"id": post_id, "author": author, "text": text, "visibility": visibility,
                               "shared_post": shared_post, "quote_policy": "everyone"}
        return self.posts[post_id]

    def write(self, request, viewer, _, query):
        data = request.json() or {}
        post = self.new_post(viewer, data.get("text", ""), data.get("visibility", "public"))
        return reply(201, self.post_json(viewer, post))

    def timeline(self, request, viewer, name, query):
        posts = [post for post in reversed(self.posts.values())
                 if post["author"] == name and self.sees_post(viewer, post)]
        return self.page([self.post_json(viewer, post) for post in posts], query)

    def post_detail(self, request, viewer, post_id, query):
        post = self.visible_post(viewer, post_id)
        return reply(200, self.post_json(viewer, post)) if post else NOT_FOUND

    def post_edit(self, request, viewer, post_id, query):
        post = self.visible_post(viewer, post_id)
        if post is None:
            return NOT_FOUND
        post.update({key: value for key, value in (request.json() or {}).items() if key in ("text", "quote_policy")})
        return reply(200, self.post_json(viewer, post))

    def post_delete(self, request, viewer, post_id, query):
        post = self.visible_post(viewer, post_id)
        if post is None:
            return NOT_FOUND
        del self.posts[post_id]
        if "keep-shares" not in self.mistakes:
            for share in [share for share in self.posts.values() if share["shared_post"] == post_id]:
                del self.posts[share["id"]]
        return reply(204)

    def share(self, request, viewer, post_id, query):
        post = self.visible_post(viewer, post_id)
        if post is None:
            return NOT_FOUND
        original = self.posts[post["shared_post"]] if post["shared_post"] else post
        data = request.json() or {}
        text = data.get("text", "")
        if not text:
            for existing in self.posts.values():
                if existing["author"] == viewer and existing["shared_post"] == original["id"] and not existing["text"]:
                    return reply(200, self.post_json(viewer, existing))
        elif original["quote_policy"] == "nobody" or (
                original["quote_policy"] == "followers" and viewer != original["author"]
                and (viewer, original["author"]) not in self.follows):
            return reply(403, {"detail": "The author does not allow quotes.", "code": "quote_not_allowed"})
        share = self.new_post(viewer, text, data.get("visibility", "public"), original["id"])
        return reply(201, self.post_json(viewer, share))

    # -- comments -----------------------------------------------------------------------------------------------
    def listed(self, viewer: str, rows, query):
        comments = [self.comment_json(viewer, comment) for comment in rows
                    if self.visible_comment(viewer, comment["id"])]
        return self.page(comments, query)

    def comment_list(self, request, viewer, post_id, query):
        if self.visible_post(viewer, post_id) is None:
            return NOT_FOUND
        return self.listed(viewer, [comment for comment in self.comments.values()
                                    if comment["post"] == post_id and comment["parent"] is None], query)

    def comment_write(self, request, viewer, post_id, query):
        if self.visible_post(viewer, post_id) is None:
            return NOT_FOUND
        data = request.json() or {}
        text, parent = data.get("text"), data.get("parent")
        if not isinstance(text, str) or not 1 <= len(text) <= 1000:
            return reply(400, {"text": ["Write 1 to 1,000 characters."]})
        if parent is not None and (self.visible_comment(viewer, parent) or {}).get("post") != post_id:
            return reply(400, {"parent": ["Reply to a comment of this post."]})
        comment_id = f"c{next(self.numbers)}"
        self.comments[comment_id] = {"id": comment_id, "post": post_id, "parent": parent, "author": viewer,
                                     "text": text, "edited_at": None}
        return reply(201, self.comment_json(viewer, self.comments[comment_id]))

    def comment_detail(self, request, viewer, comment_id, query):
        comment = self.visible_comment(viewer, comment_id)
        return reply(200, self.comment_json(viewer, comment)) if comment else NOT_FOUND

    def comment_edit(self, request, viewer, comment_id, query):
        comment = self.visible_comment(viewer, comment_id)
        if comment is None:
            return NOT_FOUND
        if comment["author"] != viewer:
            return reply(403, {"detail": "Only its author edits a comment.", "code": "permission_denied"})
        comment.update(text=(request.json() or {}).get("text"), edited_at="2025-01-02T00:00:00Z")
        return reply(200, self.comment_json(viewer, comment))

    def comment_delete(self, request, viewer, comment_id, query):
        comment = self.visible_comment(viewer, comment_id)
        if comment is None:
            return NOT_FOUND
        if viewer not in (comment["author"], self.posts[comment["post"]]["author"]):
            return reply(403, {"detail": "You may not delete this comment.", "code": "permission_denied"})
        gone = [comment_id]
        while gone:  # the replies go with their parent (CASCADE), unless the mistake keeps them
            removed = self.comments.pop(gone.pop())
            if "orphans" not in self.mistakes:
                gone += [other["id"] for other in self.comments.values() if other["parent"] == removed["id"]]
        return reply(204)

    def replies(self, request, viewer, comment_id, query):
        if self.visible_comment(viewer, comment_id) is None:
            return NOT_FOUND
        return self.listed(viewer, [reply for reply in self.comments.values() if reply["parent"] == comment_id],
                           query)

    # -- reactions --------------------------------------------------------------------------------------------------
    def target(self, viewer: str, request, target_id: str) -> dict | None:
        if request.path.startswith("/api/posts/"):
            return self.visible_post(viewer, target_id)
        return self.visible_comment(viewer, target_id)

    def react(self, request, viewer, target_id, query):
        if self.target(viewer, request, target_id) is None:
            return NOT_FOUND
        kind = (request.json() or {}).get("type")
        if kind not in TYPES:
            return reply(400, {"type": [f'"{kind}" is not a valid choice.']})
        mine = [row for row in self.reactions if row["on"] == target_id and row["user"] == viewer]
        if mine and "adds" not in self.mistakes:
            mine[0]["type"] = kind
        else:
            self.reactions.append({"user": viewer, "on": target_id, "type": kind, "number": next(self.numbers)})
        return reply(200, {"type": kind, "reaction_counts": self.counts(target_id), "my_reaction": kind})

    def unreact(self, request, viewer, target_id, query):
        if self.target(viewer, request, target_id) is None:
            return NOT_FOUND
        self.reactions = [row for row in self.reactions if not (row["on"] == target_id and row["user"] == viewer)]
        return reply(204)

    def reactions_list(self, request, viewer, target_id, query):
        if self.target(viewer, request, target_id) is None:
            return NOT_FOUND
        kind = query.get("type", [None])[0]
        if kind is not None and kind not in TYPES:
            return reply(400, {"type": [f'"{kind}" is not a valid choice.']})
        rows = [{"user": {"username": row["user"], "display_name": "", "avatar": None}, "type": row["type"],
                 "created_at": "2025-01-01T00:00:00Z"}
                for row in sorted(self.reactions, key=lambda row: -row["number"])
                if row["on"] == target_id and kind in (None, row["type"]) and not self.blocked(viewer, row["user"])]
        return self.page(rows, query)


PART_08 = [check for part in all_parts() if part.number == 8 for check in part.checks]


def without_database_server(check_id: str):
    """The check, runnable against a stub: its need of PostgreSQL dropped (the stub takes one request
    at a time under a lock, as a correct project's database would serialise the upserts)."""
    check = check_by_id(check_id)
    return dataclasses.replace(check, needs=check.needs - {NEEDS_DATABASE_SERVER})


# -- an API following the contract ---------------------------------------------------------------------
def test_an_engagement_api_following_the_contract_passes_every_check(stub):
    EngagementApi(stub, learner_api(stub))
    races = {check.id for check in PART_08 if NEEDS_DATABASE_SERVER in check.needs}
    checks = [without_database_server(check.id) if check.id in races else check for check in PART_08]

    report = run_checks(checks, stub)

    assert [(result.id, result.status, result.message) for result in report.results if result.status != PASS] == []
    assert races == {"08.reactions.burst-many-people", "08.reactions.burst-one-person"}


def test_the_race_checks_skip_without_a_database_server(stub):
    EngagementApi(stub, learner_api(stub))

    assert run_check("08.reactions.burst-one-person", stub).status == SKIP


# -- each broken rule is named ---------------------------------------------------------------------------
def test_a_share_that_widens_the_audience_is_named(stub):
    EngagementApi(stub, learner_api(stub), "widen")

    result = run_check("08.shares.audience", stub)

    assert result.status == FAIL
    assert result.message.endswith("(a public repost of a followers-only post) by a stranger answered 200")
    assert result.expected == "404: the stranger may not see the original, so not its share either"
    assert result.blocked_by == ""


def test_a_second_put_that_adds_a_reaction_is_named(stub):
    EngagementApi(stub, learner_api(stub), "adds")

    result = run_check("08.reactions.put-replaces", stub)

    assert result.status == FAIL
    assert result.message == ('after the same person changed like to love, "reaction_counts" is '
                              '{"like": 1, "love": 1, "haha": 0, "wow": 0, "sad": 0, "angry": 0}')
    assert result.hint == "PUT replaces the person's reaction: one row per person and post, never a second."


def test_identical_reactions_at_once_stored_twice_are_named(stub):
    EngagementApi(stub, learner_api(stub), "adds")

    result = run_checks([without_database_server("08.reactions.burst-one-person")], stub).results[0]

    assert result.status == FAIL
    assert result.message.endswith("/reactions/ lists 10 rows")
    assert result.expected == "one row: one reaction per person and post"


def test_replies_left_behind_by_a_deleted_comment_are_named(stub):
    EngagementApi(stub, learner_api(stub), "orphans")

    result = run_check("08.comments.delete", stub)

    assert result.status == FAIL
    assert result.message == "expected status 404, got 200"
    assert "on_delete=CASCADE" in result.hint


def test_shares_kept_after_their_original_is_deleted_are_named(stub):
    EngagementApi(stub, learner_api(stub), "keep-shares")

    result = run_check("08.shares.go-with-the-original", stub)

    assert result.status == FAIL
    assert result.message.endswith("the sharer's quote of a deleted post answered 200")


# -- shared steps ---------------------------------------------------------------------------------------------------
def test_checks_that_need_a_comment_are_blocked_by_writing_one(stub):
    """Part 07 has no comments: the checks that comment first name the step, once, as their root cause."""
    api = EngagementApi(stub, learner_api(stub))
    stub.route("POST", r"/api/posts/[^/]+/comments/", lambda request: NOT_FOUND)

    report = run_checks([check_by_id(name) for name in ("08.comments.replies", "08.comments.edit")], stub)

    assert [result.blocked_by for result in report.results] == [steps.COMMENT] * 2
    assert [(step, len(results)) for _, step, results in report.root_causes()] == [(steps.COMMENT, 2)]
    assert api.comments == {}


def test_the_comment_step_sends_the_parent_only_for_a_reply(stub):
    api = EngagementApi(stub, learner_api(stub))

    assert run_check("08.comments.delete", stub).status == PASS
    bodies = [request.json() for request in stub.requests
              if request.method == "POST" and request.path.endswith("/comments/")]
    assert [sorted(body) for body in bodies] == [["text"], ["parent", "text"], ["text"]]
    assert api.comments == {}  # both top-level comments deleted, the reply with the first
