"""
Part 07's checks graded against a stub server: a tiny posts API that follows the contract
passes them, and each way of breaking it is named the way the checks teach.
"""
import itertools
import json
import re

import pytest

from checker import steps
from checker.checks.part07 import UPLOAD_CRASH
from checker.images import size_of
from checker.results import FAIL, PASS
from tests.stub_server import Reply, StubServer, learner_api, reply, run_check

POST = r"/api/posts/(?P<id>[^/]+)/"


@pytest.fixture
def stub(tmp_path):
    mail = tmp_path / "mail"
    mail.mkdir()
    with StubServer(mail_dir=mail) as server:
        yield server


def form_parts(request) -> list[tuple[str, str | None, bytes]]:
    """(name, filename, content) of each part of a multipart body, in order."""
    boundary = re.search(r"boundary=(\S+)", request.headers["Content-Type"]).group(1).encode()
    parts = []
    for chunk in request.body.split(b"--" + boundary)[1:-1]:
        head, content = chunk[2:-2].split(b"\r\n\r\n", 1)
        name = re.search(rb'name="([^"]*)"', head).group(1).decode()
        filename = re.search(rb'filename="([^"]*)"', head)
        parts.append((name, filename.group(1).decode() if filename else None, content))
    return parts


class PostsApi:
    """Posts in memory: who wrote them (from the stub's tokens), text, media served from /media/N."""

    def __init__(self, stub: StubServer, users: dict, *, reverse_media: bool = False):
        self.stub, self.users, self.reverse_media = stub, users, reverse_media
        self.posts: dict[str, dict] = {}
        self.files: dict[str, bytes] = {}
        self.numbers = itertools.count(1)
        stub.route("POST", "/api/posts/", self.create)
        stub.route("GET", POST, self.detail)
        stub.route("GET", r"/media/(?P<name>\d+)", self.serve)

    def author(self, request) -> str | None:
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        return next((user["username"] for user in self.users.values() if token == f"access-{user['id']}"), None)

    def create(self, request) -> Reply:
        author = self.author(request)
        if author is None:
            return reply(401, {"detail": "Authentication credentials were not provided."})
        if request.headers.get("Content-Type", "").startswith("multipart/"):
            parts = form_parts(request)
            fields = {name: content.decode() for name, filename, content in parts if filename is None}
            alt_texts = [content.decode() for name, _, content in parts if name == "alt_text"]
            uploads = [content for name, filename, content in parts if filename is not None]
        else:
            fields, alt_texts, uploads = request.json() or {}, [], []
        media = []
        for upload, alt_text in itertools.zip_longest(uploads, alt_texts[:len(uploads)], fillvalue=""):
            name = str(next(self.numbers))
            self.files[name] = upload
            width, height = size_of(upload)[1]
            media.append({"id": name, "kind": "image", "url": f"{self.stub.url}/media/{name}", "alt_text": alt_text,
                          "width": width, "height": height, "content_type": "image/png", "size": len(upload)})
        post_id = f"p{next(self.numbers)}"
        post = {"id": post_id, "author": {"username": author, "display_name": "", "avatar": None}, "text": fields.get("text", ""),
                "visibility": fields.get("visibility", "public"), "media": media[::-1] if self.reverse_media else media, "hashtags": [],
                "mentions": [], "created_at": "2025-01-01T00:00:00Z", "edited_at": None,
                "url": f"/api/posts/{post_id}/"}
        self.posts[post_id] = post
        return reply(201, post)

    def detail(self, request) -> Reply:
        post = self.posts.get(request.path.split("/")[3])
        return reply(200, post) if post else reply(404, {"detail": "Not found."})

    def serve(self, request) -> Reply:
        content = self.files.get(request.path.rsplit("/", 1)[1])
        return Reply(200, content, {"Content-Type": "image/png"}) if content else reply(404, {})


# -- writing ------------------------------------------------------------------------------------------
def test_a_post_api_following_the_contract_passes_the_create_check(stub):
    PostsApi(stub, learner_api(stub))

    assert run_check("07.posts.create", stub).status == PASS


def test_a_number_as_the_id_is_named(stub):
    api = PostsApi(stub, learner_api(stub))
    stub.route("POST", "/api/posts/", lambda request: reply(201, {**json.loads(api.create(request).body), "id": 7}))

    result = run_check("07.posts.create", stub)

    assert result.status == FAIL
    assert result.message == '"id" is 7'
    assert result.expected.startswith('a JSON object with {"id": a string (ids are strings), "text": ')


# -- media ----------------------------------------------------------------------------------------------
def test_two_images_and_their_alt_texts_are_sent_in_order(stub):
    """The shared multipart helper sends `media` and `alt_text` once per item, in order."""
    api = PostsApi(stub, learner_api(stub))

    assert run_check("07.posts.media", stub).status == PASS
    names = [(name, filename) for name, filename, _ in form_parts(stub.requests[-3])]
    assert names == [("text", None), ("alt_text", None), ("alt_text", None), ("media", "wide.png"),
                     ("media", "tall.jpg")]
    assert [medium["alt_text"] for post in api.posts.values() for medium in post["media"]] == [
        "A wide blue picture", "A tall red picture"]


def test_media_out_of_order_are_named(stub):
    PostsApi(stub, learner_api(stub), reverse_media=True)

    result = run_check("07.posts.media", stub)

    assert result.status == FAIL
    assert result.message == 'medium 1 has "kind": "image", "alt_text": "A tall red picture"'
    assert result.expected == '"kind": "image", "alt_text": "A wide blue picture" (media and alt texts in the order sent)'


def test_refusing_huge_images_and_bombs_with_a_400_passes(stub):
    learner_api(stub)
    stub.route("POST", "/api/posts/", lambda request: reply(400, {"media": ["File 1 (huge.png): too many pixels."]}))

    assert run_check("07.posts.media-too-many-pixels", stub).status == PASS


def test_a_crash_on_a_bad_upload_is_named_with_the_teaching_hint(stub):
    learner_api(stub)
    stub.route("POST", "/api/posts/", lambda request: Reply(500, b"<h1>Server Error (500)</h1>",
                                                            {"Content-Type": "text/html"}))

    result = run_check("07.posts.media-too-many-pixels", stub)

    assert result.status == FAIL
    assert result.message == "a 7000x7000 PNG (49 million pixels in 6 kB) crashed the server (500)"
    assert result.expected == "400 naming media"
    assert result.hint == UPLOAD_CRASH
    assert result.request.endswith("-F text=Big -F 'media=@huge.png;type=image/png'")


def test_a_400_that_names_another_field_is_named(stub):
    learner_api(stub)
    stub.route("POST", "/api/posts/", lambda request: reply(400, {"non_field_errors": ["Bad file."]}))

    result = run_check("07.posts.media-too-many-pixels", stub)

    assert result.message == ("the 400 for a 7000x7000 PNG (49 million pixels in 6 kB) does not name the media "
                              "field")


# -- who sees a post -------------------------------------------------------------------------------------
def test_a_list_showing_a_post_its_page_hides_is_named(stub):
    """Detail and the author's posts hide the post from a blocked viewer; the hashtag page forgets to."""
    api = PostsApi(stub, learner_api(stub))
    stub.route("POST", r"/api/users/[^/]+/block/", lambda request: reply(201, {"status": "blocked"}))
    stub.route("GET", POST, lambda request: reply(404, {"detail": "Not found."}))
    stub.route("GET", r"/api/users/[^/]+/posts/", lambda request: reply(404, {"detail": "Not found."}))
    stub.route("GET", r"/api/hashtags/[^/]+/posts/",
               lambda request: reply(200, {"next": None, "previous": None, "results": list(api.posts.values())}))

    result = run_check("07.posts.visibility-blocks", stub)

    assert result.status == FAIL
    tag = re.search(r"#(seen\w+)", next(iter(api.posts.values()))["text"]).group(1)
    assert result.message == (f"the #{tag} page (/api/hashtags/{tag}/posts/) lists the author's public post to "
                              "someone the author blocked, though its own page is a 404 to them")
    assert result.blocked_by == ""


def test_checks_that_need_a_post_are_blocked_by_writing_one(stub):
    learner_api(stub)

    result = run_check("07.posts.visibility-followers", stub)

    assert result.status == FAIL
    assert result.blocked_by == steps.FOLLOW
    stub.route("POST", r"/api/users/[^/]+/follow/", lambda request: reply(201, {"status": "following"}))

    assert run_check("07.posts.visibility-followers", stub).blocked_by == steps.WRITE_POST
