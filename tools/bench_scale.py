"""
python -m tools.bench scale: final/ on PostgreSQL at the size of a real network, measured
against issue 9's targets, from one run.

    python -m tools.bench scale --users 100000     about 2M follows, 4 accounts with 50k followers
    python -m tools.bench scale --users 300 --samples 3   a smoke run (tests/test_bench_scale.py)
    python -m tools.bench scale --database bench_mine --reuse   seed once, keep it, measure again
                                                                 (migrated first, never reseeded)

It seeds a fresh database (tools/scale_in_django.py), serves it with gunicorn (2 workers,
DEBUG=False, as in production), counts the SQL queries of every endpoint at page sizes
1, 20 and 100, then times each endpoint over HTTP (median of --samples requests) and
prints each one as a multiple of a profile view, with PASS or FAIL against the targets:

    every list runs at most 8 queries, whatever the page size
    suggestions and search p50 <= 5 x a profile view's p50
    followers page 500 p50 <= 1.2 x followers page 1's p50

Ratios from one run on one machine compare like with like; the absolute milliseconds
depend on the machine. Not a test: tests/ decide correctness, this shows where time goes.
"""
from __future__ import annotations

import json
import os
import statistics
import tempfile
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlparse, urlunparse

import requests

from tools.pgstack import ServedProject

SCRIPT = Path(__file__).with_name("scale_in_django.py")
MAX_LIST_QUERIES = 8
PAGE_SIZES = (1, 20, 100)
DEEP_PAGE = 500


def with_query(url: str, **params) -> str:
    parts = urlparse(url)
    query = {key: values[0] for key, values in parse_qs(parts.query).items()}
    query.update({key: str(value) for key, value in params.items()})
    return urlunparse(parts._replace(query=urlencode(query)))


class Timer:
    def __init__(self, base_url: str, token: str, samples: int):
        self.base_url, self.samples = base_url, samples
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {token}"

    def get(self, path_or_url: str) -> requests.Response:
        url = path_or_url if path_or_url.startswith("http") else self.base_url + path_or_url
        response = self.session.get(url, timeout=120)
        if response.status_code != 200:
            raise RuntimeError(f"GET {url} answered {response.status_code}: {response.text[:300]}")
        return response

    def p50s(self, urls: dict[str, str]) -> dict[str, float]:
        """
        Median milliseconds of `samples` requests to each URL, after one to warm up. The
        URLs take turns (one round hits each once), so a machine that gets busier or calmer
        during the run changes every endpoint alike and the ratios stay fair.
        """
        times: dict[str, list[float]] = {name: [] for name in urls}
        for round_number in range(self.samples + 1):
            for name, url in urls.items():
                started = time.perf_counter()
                self.get(url)
                if round_number:  # round 0 warms up
                    times[name].append((time.perf_counter() - started) * 1000)
        return {name: statistics.median(values) for name, values in times.items()}

    def deep_page(self, path: str, page: int) -> tuple[str, int]:
        """The URL of page `page` (20 a page) of a cursor-paginated list, walking its `next` links."""
        url, reached = with_query(self.base_url + path, page_size=100), 1
        while reached + 5 <= page:  # 100 a page while far away...
            following = self.get(url).json()["next"]
            if not following:
                break
            url, reached = with_query(following, page_size=100), reached + 5
        url = with_query(url, page_size=20)
        while reached < page:  # ...then 20 a page
            following = self.get(url).json()["next"]
            if not following:
                break
            url, reached = following, reached + 1
        return url, reached

    def requests_per_second(self, path: str, seconds: float = 5.0, clients: int = 8) -> float:
        done, stop = [0] * clients, time.monotonic() + seconds

        def client(slot: int) -> None:
            session = requests.Session()
            while time.monotonic() < stop:
                session.get(self.base_url + path, timeout=30)
                done[slot] += 1

        threads = [threading.Thread(target=client, args=(slot,)) for slot in range(clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return sum(done) / seconds


def pick_people(served: ServedProject, celebrities: list[str]) -> tuple[str, str]:
    """
    The viewer: an ordinary person who follows a few dozen others (their suggestions have
    work to do); and a typical public profile for them to look at.
    """
    import psycopg

    with psycopg.connect(served.database_url) as connection:
        def most_like(side: str, low: int, high: int, exclude: list[str]) -> str:
            return connection.execute(f"""
                SELECT u.username FROM accounts_user u JOIN social_follow f ON f.{side}_id = u.id
                JOIN profiles_profile p ON p.user_id = u.id
                WHERE NOT p.is_private AND NOT (u.username = ANY(%s))
                GROUP BY u.id, u.username ORDER BY abs(count(*) - %s), u.id LIMIT 1""",
                                      [exclude, (low + high) // 2]).fetchone()[0]

        viewer = most_like("follower", 20, 60, celebrities)
        return viewer, most_like("followee", 5, 25, [*celebrities, viewer])


def mint_token(served: ServedProject, username: str) -> str:
    code = ("from rest_framework_simplejwt.tokens import AccessToken; from accounts.models import User; "
            f"print(AccessToken.for_user(User.objects.get(username={username!r})))")
    return served.manage("shell", "-c", code).strip().splitlines()[-1]


def seed_or_reuse(served: ServedProject, users: int, seed: int, reusing: bool) -> dict:
    if reusing:
        seeded = json.loads(served.run_script(SCRIPT, "summary").strip().splitlines()[-1])
        print(f"  reusing {served.database}: {seeded['users']} users, {seeded['follows']} follows, "
              f"{seeded['friendships']} friendships, {seeded['blocks']} blocks")
        if seeded["users"] != users:
            raise SystemExit(f"{served.database} holds {seeded['users']} users, not --users {users}")
        return seeded
    print(f"… seeding {users} users", flush=True)
    seeded = json.loads(served.run_script(SCRIPT, "seed", str(users), str(seed)).strip().splitlines()[-1])
    print(f"  seeded {seeded['users']} users, {seeded['follows']} follows, {seeded['friendships']} "
          f"friendships, {seeded['blocks']} blocks in {seeded['seconds']:.0f} s "
          f"(people {seeded['people_seconds']:.0f} s)")
    return seeded


def run(users: int, samples: int, seed: int, redis_url: str, keep: bool = False,
        database: str | None = None, reuse: bool = False) -> int:
    # A fresh database is dropped at the end, unless kept; a reused one is always kept.
    database = database or f"bench_scale_{users}_{uuid.uuid4().hex[:6]}"
    served = ServedProject(database=database, redis_url=redis_url, workers=2, threads=1, keep_database=keep,
                           reuse_database=reuse, extra_env={"JWT_ACCESS_MINUTES": "600"},
                           say=lambda text: print(f"… {text}", flush=True))
    reusing = reuse and served.database_exists()
    try:
        served.start(serve=False)
        seeded = seed_or_reuse(served, users, seed, reusing)
        celebrity = seeded["celebrities"][0]
        viewer, ordinary = pick_people(served, seeded["celebrities"])
        endpoints = {
            "profile": f"/api/users/{ordinary}/",
            "profile of the most-followed account": f"/api/users/{celebrity}/",
            "my profile": "/api/users/me/",
            "followers page 1": f"/api/users/{celebrity}/followers/",
            "following": f"/api/users/{viewer}/following/",
            "friends": f"/api/users/{viewer}/friends/",
            "search": "/api/users/?search=user12",
            "suggestions": "/api/users/suggestions/",
            "blocks": "/api/blocks/",
            "follow requests": "/api/follow-requests/",
            "friend requests": "/api/friend-requests/",
        }
        lists = [name for name in endpoints if not name.startswith(("profile", "my profile"))]
        plan = {"viewer": viewer, "paths": [with_query(path, page_size=size) if name in lists else path
                                             for name, path in endpoints.items()
                                             for size in (PAGE_SIZES if name in lists else (None,))]}
        plan_file = Path(tempfile.mkstemp(suffix=".json")[1])
        plan_file.write_text(json.dumps(plan))
        counted = json.loads(served.run_script(SCRIPT, "queries", str(plan_file)).strip().splitlines()[-1])
        plan_file.unlink()

        served.serve()
        timer = Timer(served.base_url, mint_token(served, viewer), samples)
        page_url, page_reached = timer.deep_page(endpoints["followers page 1"], DEEP_PAGE)
        timings = timer.p50s({**endpoints, f"followers page {page_reached}": page_url,
                              "trivial": "/bench/trivial/"})
        trivial = timings.pop("trivial")
        rps = timer.requests_per_second("/bench/trivial/")
    finally:
        served.close()
    if keep or reuse:
        print(f"the seeded database is kept: psql {served.database_url}  (DROP DATABASE {database}; when done)")

    return report(seeded, viewer, endpoints, lists, counted, timings, page_reached, trivial, rps)


def report(seeded, viewer, endpoints, lists, counted, timings, page_reached, trivial, rps) -> int:
    print(f"\nviewer: {viewer}; profile: {endpoints['profile']}; most-followed account: "
          f"{seeded['celebrities'][0]}; gunicorn, 2 workers\n")
    print(f"{'endpoint':<36} {'queries (page 1/20/100)':>24} {'p50 ms':>9} {'× profile':>10}")
    profile = timings["profile"]
    for name, path in endpoints.items():
        sizes = PAGE_SIZES if name in lists else (None,)
        numbers = [counted[with_query(path, page_size=size) if size else path]["queries"] for size in sizes]
        print(f"{name:<36} {'/'.join(map(str, numbers)):>24} {timings[name]:>9.1f} {timings[name] / profile:>10.2f}")
    deep = f"followers page {page_reached}"
    print(f"{deep:<36} {'':>24} {timings[deep]:>9.1f} {timings[deep] / profile:>10.2f}")
    print(f"{'trivial JSON view':<36} {'0':>24} {trivial:>9.1f} {trivial / profile:>10.2f}")
    print(f"\ntrivial JSON view: {rps:.0f} requests/s (8 clients); profile p50 = {profile / trivial:.1f} × trivial p50")

    worst = {name: max(counted[with_query(endpoints[name], page_size=size)]["queries"] for size in PAGE_SIZES)
             for name in lists}
    targets = [
        (f"every list ≤ {MAX_LIST_QUERIES} queries at any page size (worst: {max(worst, key=worst.get)} "
         f"{max(worst.values())})", max(worst.values()) <= MAX_LIST_QUERIES),
        (f"suggestions p50 = {timings['suggestions'] / profile:.1f} × profile p50 (≤ 5)",
         timings["suggestions"] <= 5 * profile),
        (f"search p50 = {timings['search'] / profile:.1f} × profile p50 (≤ 5)", timings["search"] <= 5 * profile),
        (f"followers page {page_reached} p50 = {timings[deep] / timings['followers page 1']:.2f} × page 1 (≤ 1.2)",
         timings[deep] <= 1.2 * timings["followers page 1"]),
    ]
    print()
    for text, passed in targets:
        print(f"{'PASS' if passed else 'FAIL'}  {text}")
    if page_reached < DEEP_PAGE:
        print(f"note: the list has only {page_reached} pages at this size, so page {page_reached} stands in for "
              f"page {DEEP_PAGE}")
    return 0


def main(argv: list[str]) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m tools.bench scale", description=__doc__.strip().splitlines()[0])
    parser.add_argument("--users", type=int, default=100_000)
    parser.add_argument("--samples", type=int, default=11, help="timed requests per endpoint (the median is shown)")
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--redis-url", default=os.environ.get("COURSE_BENCH_REDIS_URL", "redis://127.0.0.1:6379/14"))
    parser.add_argument("--keep-database", action="store_true", help="keep the seeded database to explore it")
    parser.add_argument("--database", help="the database's name (default: a new bench_scale_... name)")
    parser.add_argument("--reuse", action="store_true",
                        help="if --database exists, migrate it and measure it without reseeding; "
                             "if not, seed it and keep it")
    args = parser.parse_args(argv)
    if args.reuse and not args.database:
        parser.error("--reuse needs --database NAME")
    return run(args.users, args.samples, args.seed, args.redis_url, keep=args.keep_database,
               database=args.database, reuse=args.reuse)
