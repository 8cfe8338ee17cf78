"""
The bad-input corpus: what attackers and fuzzers send, to every endpoint of final/ (every
URL pattern and method it answers, found by populate.py), anonymous and signed in.

Whatever arrives, the answer is never a 5xx and never shows a traceback; and a request
that is refused (4xx) writes nothing: no table gains or loses a row, and no file is added
to or removed from storage (MEDIA_ROOT).

Each kind of bad input is one test per actor, so a failure names the kind, and the
message lists every endpoint that broke.
"""
from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from checker.images import blank_png, png
from tests.reliability.conftest import Bed, Person

pytestmark = [pytest.mark.slow, pytest.mark.services]

BODY_METHODS = {"POST", "PUT", "PATCH"}
# Every field name the API reads from a body today; later parts add theirs.
FIELDS = ["email", "username", "password", "code", "refresh", "old_password", "new_password", "display_name",
          "bio", "location", "website", "birth_date", "is_private", "avatar", "text", "type", "parent",
          "visibility", "media", "alt_text", "quote_policy"]
QUERY_PARAMETERS = ["search", "direction", "cursor", "page", "page_size", "type", "q", "unread"]
MB = 1_000_000


@dataclass
class Attempt:
    method: str
    path: str
    data: bytes | None = None
    headers: dict = field(default_factory=dict)


def deep_json(depth: int = 100_000) -> list[bytes]:
    return [b"[" * depth + b"]" * depth, b'{"a":' * depth + b"1" + b"}" * depth]


def json_body(value) -> bytes:
    return json.dumps(value).encode()


def lookalike(email: str) -> list[str]:
    """Spellings PostgreSQL's case-insensitive comparison may take for `email`: long s, dotless i, Kelvin sign."""
    return [email.replace("s", "ſ"), email.replace("i", "ı"), email.upper().replace("K", "\u212a"),
            f"  {email.upper()}  "]


def crafted_cursors() -> list[str]:
    return [
        "garbage", "x" * 10_000,
        base64.b64encode(b"o=99999999999999999999999&r=0").decode(),
        base64.b64encode(b"o=-1&p=%00").decode(),
        base64.b64encode(b"p=2026-99-99+99:99:99").decode(),
    ]


# -- the corpus: each kind is a function of one endpoint (method, concrete path, template) ----------
def deep(method, path, pattern, person):
    if method in BODY_METHODS:
        for body in deep_json():
            yield Attempt(method, path, body, {"Content-Type": "application/json"})


def nul_in_path(method, path, pattern, person):
    if "<" in pattern:
        for poison in ("%00", "a%00b", "%00%00"):
            yield Attempt(method, re.sub(r"<[^>]+>", poison, "/" + pattern))


def nul_in_query(method, path, pattern, person):
    if method == "GET":
        for name in QUERY_PARAMETERS:
            yield Attempt(method, f"{path}?{name}=a%00b")


def nul_in_body(method, path, pattern, person):
    if method in BODY_METHODS:
        yield Attempt(method, path, json_body({name: "\u0000" for name in FIELDS}),
                      {"Content-Type": "application/json"})
        yield Attempt(method, path, json_body({name: f"{person.email}\u0000" for name in FIELDS}),
                      {"Content-Type": "application/json"})
        yield Attempt(method, path, "&".join(f"{name}=%00" for name in FIELDS).encode(),
                      {"Content-Type": "application/x-www-form-urlencoded"})


def huge_body(method, path, pattern, person):
    if method in BODY_METHODS:
        yield Attempt(method, path, json_body({name: "x" * (3 * MB) + "@example.com" if name == "email" else "x"
                                               for name in FIELDS}), {"Content-Type": "application/json"})
        yield Attempt(method, path, b"\x00" * (3 * MB), {"Content-Type": "application/octet-stream"})


def invalid_utf8(method, path, pattern, person):
    if method in BODY_METHODS:
        yield Attempt(method, path, b'{"email": "\xff\xfe@example.com", "username": "\xc3\x28"}',
                      {"Content-Type": "application/json"})
        yield Attempt(method, path, b"email=%FF%FE&username=%C3%28",
                      {"Content-Type": "application/x-www-form-urlencoded"})
    if method == "GET":
        yield Attempt(method, f"{path}?search=%FF%FE&cursor=%C3%28")
    if "<" in pattern:
        yield Attempt(method, re.sub(r"<[^>]+>", "%FF%FE", "/" + pattern))


def odd_content_types(method, path, pattern, person):
    if method in BODY_METHODS:
        body = json_body({"email": person.email, "password": person.password})
        for content_type in ("text/plain", "application/xml", "multipart/form-data",
                             "multipart/form-data; boundary=nothing-here", "application/json; charset=utf-16",
                             "application/json; charset=nonsense", "image/png", ""):
            yield Attempt(method, path, body, {"Content-Type": content_type})


def bad_paging(method, path, pattern, person):
    if method == "GET":
        for size in ("100000000000000000000000", "-1", "abc"):
            yield Attempt(method, f"{path}?page_size={size}")
        for page in ("-1", "99999999999999999999"):
            yield Attempt(method, f"{path}?page={page}")
        for cursor in crafted_cursors():
            yield Attempt(method, f"{path}?cursor={cursor}")


def lookalike_emails(method, path, pattern, person):
    if method in BODY_METHODS:
        for email in lookalike(person.email):
            yield Attempt(method, path, json_body({"email": email, "password": person.password, "code": "123456",
                                                   "new_password": "Another-Horse-43", "username": "ſ"}),
                          {"Content-Type": "application/json"})


def wrong_types(method, path, pattern, person):
    if method in BODY_METHODS:
        for value in ([], "text", 12, None, True, [{"email": person.email}]):
            yield Attempt(method, path, json_body(value), {"Content-Type": "application/json"})
        yield Attempt(method, path, json_body({
            "email": [person.email], "password": {"a": 1}, "refresh": 12, "code": 123456, "bio": [1],
            "is_private": "perhaps", "website": 5, "birth_date": "9999-99-99", "username": {"$ne": ""},
            "display_name": 1e308, "new_password": None, "old_password": ["x"]}),
            {"Content-Type": "application/json"})
        yield Attempt(method, path, json_body({
            "text": ["a", "list"], "visibility": {"public": True}, "media": "not-a-file.png",
            "alt_text": "one text, not a list"}), {"Content-Type": "application/json"})
        yield Attempt(method, path, json_body({"text": 12, "visibility": 3, "media": [12], "alt_text": [None]}),
                      {"Content-Type": "application/json"})
        # Part 08: a parent, a reaction type and a quote policy of every wrong kind, next to a valid text.
        for value in (12, 1.5, True, [1], {"id": 1}, "", "1 OR 1=1", "99999999999999999999999", "-1", "١٢"):
            yield Attempt(method, path, json_body({"text": "A wrong kind of value", "parent": value, "type": value,
                                                   "quote_policy": value}), {"Content-Type": "application/json"})


# A multipart part: (field name, file name or None for a plain field, content, content type or None).
Part = tuple[str, "str | None", bytes, "str | None"]
BOUNDARY = "reliability-corpus-boundary"


def multipart_body(parts: list[Part], *, closed: bool = True) -> bytes:
    """A multipart/form-data body, written by hand so that it can be as wrong as we like."""
    body = b""
    for name, filename, content, content_type in parts:
        disposition = f'form-data; name="{name}"' + (f'; filename="{filename}"' if filename is not None else "")
        body += f"--{BOUNDARY}\r\nContent-Disposition: {disposition}\r\n".encode("utf-8", "surrogateescape")
        if content_type:
            body += f"Content-Type: {content_type}\r\n".encode()
        body += b"\r\n" + content + b"\r\n"
    return body + (f"--{BOUNDARY}--\r\n".encode() if closed else b"")


def garbage_file(number: int) -> Part:
    return ("media", f"file{number}.png", b"not a picture", "image/png")


def bad_multipart(method, path, pattern, person):
    """Forms with files, wrong in every way an upload can be (posts, avatars, and endpoints that take none)."""
    if method not in BODY_METHODS:
        return
    picture = ("media", "picture.png", png(40, 30), "image/png")
    forms = [
        [("text", None, b"A file field sent as text", None), ("media", None, b"not-a-file.png", None)],
        [picture, ("alt_text", "alt.txt", b"An alt text sent as a file", "text/plain")],
        [picture, ("alt_text", None, b"one", None), ("alt_text", None, b"two", None)],
        [garbage_file(number) for number in range(11)],
        [garbage_file(number) for number in range(25)],  # more than DATA_UPLOAD_MAX_NUMBER_FILES
        [("media", "empty.png", b"", "image/png")],
        [("media", "huge.png", blank_png(7000, 7000), "image/png")],
        [("media", "bomb.png", blank_png(30000, 30000, rows=8), "image/png")],
        [("media", "cut.png", png(64, 64)[:60], "image/png")],
        [("media", "notes.mp4", b"\x00\x00\x00\x18ftypXXXX and then nothing like a video", "video/mp4")],
        [("media", "a\x00b.png", png(8, 8), "image/png"), ("media", "../../../../etc/passwd.png", png(8, 8), None)],
        [("media", "x" * 5000 + ".png", png(8, 8), "image/png")],  # a part's headers over Django's limit
        [("text", None, b"\xff\xfe not UTF-8", None), ("media", "not-a-picture.png", b"\xff\xfe", "image/png")],
        [("visibility", None, b"\xc3\x28", None), picture],
        [("text", None, b"NUL \x00 in a form", None), picture],  # PostgreSQL cannot store a NUL in text
        [picture, ("alt_text", None, b"\x00", None)],
        [("text", None, b"x" * 2201, None), ("visibility", None, b"everyone", None), picture],
        [("avatar", "avatar.png", blank_png(30000, 30000, rows=8), "image/png")],
    ]
    content_type = f"multipart/form-data; boundary={BOUNDARY}"
    for parts in forms:
        yield Attempt(method, path, multipart_body(parts), {"Content-Type": content_type})
    yield Attempt(method, path, multipart_body([picture, garbage_file(1)], closed=False),
                  {"Content-Type": content_type})


CORPUS = {kind.__name__: kind for kind in (deep, nul_in_path, nul_in_query, nul_in_body, huge_body, invalid_utf8,
                                           odd_content_types, bad_paging, lookalike_emails, wrong_types,
                                           bad_multipart)}
# Kinds that fail today, each with the reason (issue and item): xfail(strict=True) until fixed.
FAILING_TODAY: dict[tuple[str, str], str] = {}


def cases():
    for kind in CORPUS:
        for actor in ("anonymous", "signed_in"):
            reason = FAILING_TODAY.get((kind, actor))
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            yield pytest.param(kind, actor, marks=marks, id=f"{kind}-{actor}")


def concrete(pattern: str, world) -> str:
    """
    A real path for a URL pattern: usernames (and tags) become the owner's, a post's id the
    owner's public post and a comment's the owner's comment on it (ones the signed-in actor
    may see, but not change), other ids a real pending request's.
    """
    some_id = (world.ids["post_public"] if pattern.startswith("api/posts/")
               else world.ids["comment_public"] if pattern.startswith("api/comments/")
               else world.ids["friend_request"])
    path = re.sub(r"<int:[^>]+>", some_id, "/" + pattern)
    return re.sub(r"<[^>]+>", world["owner"].username, path)


def files_in(folder: Path) -> set[str]:
    return {str(path.relative_to(folder)) for path in folder.rglob("*") if path.is_file()} if folder.exists() else set()


class RowCounts:
    """Row counts of every table of the project, in one query."""

    def __init__(self, bed: Bed):
        import psycopg

        self.connection = psycopg.connect(bed.served.database_url, autocommit=True)
        tables = [name for (name,) in self.connection.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename NOT LIKE 'django_%' "
            "ORDER BY tablename")]
        self.tables = tables
        self.sql = "SELECT " + ", ".join(f'(SELECT count(*) FROM "{name}")' for name in tables)

    def now(self) -> dict[str, int]:
        return dict(zip(self.tables, self.connection.execute(self.sql).fetchone()))


@pytest.mark.parametrize(("kind", "actor"), list(cases()))
def test_bad_input_never_breaks_anything(bed: Bed, kind: str, actor: str):
    world = bed.worlds["corpus"]
    person: Person = world["other"]
    # A connection of its own per request: after a body the view never read (a 415, a follow
    # that ignores its body), the WSGI server may drop the kept-alive connection, and the next
    # answer would tell us about the server, not about the endpoint.
    headers = {**(person.headers if actor == "signed_in" else {}), "Connection": "close"}
    api, counts, problems = bed.fresh_api(), RowCounts(bed), []
    storage = bed.served.tmp / "media"
    endpoints = [(method, route["pattern"]) for route in bed.routes if route["pattern"].startswith("api/")
                 for method in route["methods"]]

    for method, pattern in endpoints:
        for attempt in CORPUS[kind](method, concrete(pattern, world), pattern, person):
            before, files_before = counts.now(), files_in(storage)
            answer = api.session.request(attempt.method, bed.served.base_url + attempt.path, data=attempt.data,
                                         headers={**headers, **attempt.headers}, timeout=60, allow_redirects=False)
            what = f"{attempt.method} {attempt.path[:120]} ({attempt.headers.get('Content-Type', 'no body')})"
            if answer.status_code >= 500:
                problems.append(f"{what} answered {answer.status_code}")
            if "Traceback" in answer.text or 'File "/' in answer.text:
                problems.append(f"{what} shows a traceback")
            if answer.status_code >= 400:
                after = counts.now()
                changed = {table: (before[table], after[table]) for table in after if before[table] != after[table]}
                if changed:
                    problems.append(f"{what} was refused ({answer.status_code}) but wrote rows: {changed}")
                files_after = files_in(storage)
                if files_after != files_before:
                    problems.append(f"{what} was refused ({answer.status_code}) but changed storage: "
                                    f"added {sorted(files_after - files_before)}, "
                                    f"removed {sorted(files_before - files_after)}")

    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)
