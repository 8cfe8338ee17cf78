"""
The reliability suite's test bed: final/ on PostgreSQL and Redis with DEBUG=False, served
by the WSGI server production uses, with a population of people in every relationship
the rules care about. Booted once per test process (once per xdist worker), on a database
and a cache key prefix of its own, so nothing here can disturb another test.

A *world* is one account (the owner) and one person per actor of the authorization matrix
(matrix.py), tied to the owner as the actor's name says. Every matrix row that changes the
graph gets a world of its own, so a row that follows, blocks or accepts never changes what
another row sees; the other tests use worlds of their own too (EXTRA_WORLDS).
"""
from __future__ import annotations

import json
import os
import uuid
from dataclasses import dataclass, field

import pytest
import requests

from tests import services
from tests.reliability.matrix import MATRIX
from tools.pgstack import FINAL_DIR, ServedProject

REDIS_URL = os.environ.get("COURSE_RELIABILITY_REDIS_URL", f"{services.REDIS_URL.rsplit('/', 1)[0]}/14")
POPULATE = FINAL_DIR.parent / "tests" / "reliability" / "populate.py"
# The worlds that are not matrix rows: the bad-input corpus's, the races', the leaks' (two).
EXTRA_WORLDS = [("corpus", False), ("race", False), ("reuse", False), ("leak", True), ("throttle", False),
                ("fuzz", False), ("chatter", False)]
# Verification e-mails are limited per address (5 an hour); the corpus and the matrix send
# many, so the test bed allows more. Only the limits named here change: password reset
# keeps its real limit (test_throttles.py relies on it). Every request of the suite comes
# from 127.0.0.1, so a limit per client (on login or sign-up) belongs here too.
# Every test process signs people up and logs in from 127.0.0.1: lift the per-client limits
# (the per-address limits stay real, the throttle tests rely on them).
SERVER_ENV = {"THROTTLE_VERIFICATION_EMAILS": "100000/hour", "JWT_ACCESS_MINUTES": "120",
              "THROTTLE_REGISTRATIONS_PER_CLIENT": "100000/hour", "THROTTLE_LOGIN_FAILURES_PER_CLIENT": "100000/hour"}


@dataclass
class Person:
    username: str
    email: str
    password: str
    access: str | None
    id: int
    refresh: str | None = None

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.access}"} if self.access else {}


@dataclass
class World:
    name: str
    private: bool
    people: dict[str, Person]
    ids: dict[str, str] = field(default_factory=dict)  # follow_request, friend_request

    def __getitem__(self, role: str) -> Person:
        return self.people[role]


class Api:
    """A small HTTP client for the served project: paths in, requests.Response out."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.session = requests.Session()

    def request(self, method: str, path: str, *, person: Person | None = None, **kwargs) -> requests.Response:
        headers = {**(person.headers if person else {}), **kwargs.pop("headers", {})}
        return self.session.request(method, self.base_url + path, headers=headers, timeout=30,
                                    allow_redirects=False, **kwargs)

    def ok(self, method: str, path: str, *, person: Person | None = None, **kwargs) -> dict:
        response = self.request(method, path, person=person, **kwargs)
        assert response.status_code < 300, f"{method} {path}: {response.status_code} {response.text[:500]}"
        return response.json() if response.content else {}


@dataclass
class Bed:
    served: ServedProject
    api: Api
    worlds: dict[str, World]
    routes: list[dict]
    deleted_refresh: str

    def fresh_api(self) -> Api:
        return Api(self.served.base_url)

    def login(self, person: Person) -> dict:
        """Log in over HTTP (the real way to get a refresh token); returns access and refresh."""
        return self.fresh_api().ok("POST", "/api/auth/login/", json={"email": person.email,
                                                                    "password": person.password})

    def count(self, sql: str, *params) -> int:
        import psycopg

        with psycopg.connect(self.served.database_url) as connection:
            return connection.execute(sql, params).fetchone()[0]


@pytest.fixture(scope="session")
def bed(worker_id, tmp_path_factory) -> Bed:
    services.require("postgres", "redis")
    matrix_worlds = {row.world(index): row.private for index, row in enumerate(MATRIX)}
    spec = {"worlds": [{"name": name, "private": private}
                       for name, private in [*matrix_worlds.items(), *EXTRA_WORLDS]]}
    spec_path = tmp_path_factory.mktemp("reliability") / "spec.json"
    spec_path.write_text(json.dumps(spec))
    database = f"reliability_{worker_id}_{uuid.uuid4().hex[:6]}"
    with ServedProject(database=database, redis_url=REDIS_URL, extra_env=SERVER_ENV) as served:
        population = json.loads(served.run_script(POPULATE, str(spec_path)))
        worlds = {name: World(name, data["private"], {role: Person(**person) for role, person in data["people"].items()},
                              data["ids"])
                  for name, data in population["worlds"].items()}
        yield Bed(served, Api(served.base_url), worlds, population["routes"], population["deleted_refresh"])
