"""
The half of `python -m tools.bench scale` that runs inside final/ (its settings, its
database), started by tools/bench_scale.py through tools/pgstack.py:

    python tools/scale_in_django.py seed USERS SEED   bulk-load people and a power-law graph
    python tools/scale_in_django.py summary           what an earlier seed left (bench --reuse)
    python tools/scale_in_django.py queries PLAN.json count the SQL queries of each endpoint

Each prints one JSON object on its last line.

Seeding is fast because it does what a database restore does: users and profiles through
bulk_create (so every field gets its model default), then the graph's millions of rows by
COPY into tables whose indexes and constraints are dropped first and built once at the end
(keeping a B-tree up to date row by row is what makes plain inserts take minutes).
"""
import json
import random
import sys
import time
from datetime import timedelta

import django

django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import User  # noqa: E402
from profiles.models import Profile  # noqa: E402
from social.models import Block, Follow, Friendship  # noqa: E402

PASSWORD = "Scale-Horse-42"
CELEBRITIES = 4
BATCH = 5000


def log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


# -- seeding ------------------------------------------------------------------------------------------
def seed_people(count: int, rng: random.Random) -> list[int]:
    password, now = make_password(PASSWORD), timezone.now()
    ids = []
    for start in range(0, count, BATCH):
        users = [User(email=f"user{n}@scale.example", username=f"user{n}", password=password,
                      email_verified_at=now, date_joined=now - timedelta(minutes=n))
                 for n in range(start, min(start + BATCH, count))]
        created = User.objects.bulk_create(users, batch_size=BATCH)
        Profile.objects.bulk_create([Profile(user_id=user.pk, display_name=f"Person {user.username[4:]}",
                                             is_private=rng.random() < 0.1) for user in created], batch_size=BATCH)
        ids += [user.pk for user in created]
    return ids


def power_law_follows(ids: list[int], rng: random.Random, per_user: float) -> list[tuple[int, int]]:
    """A few accounts followed by up to 50,000 people, the rest by popularity ~ 1/rank."""
    celebrities = ids[:CELEBRITIES]
    fans = min(50_000, len(ids) // 2)
    followees: dict[int, set[int]] = {user: set() for user in ids}
    for celebrity in celebrities:
        for fan in rng.sample(ids, fans):
            if fan != celebrity:
                followees[fan].add(celebrity)
    ranked = ids[CELEBRITIES:]
    rng.shuffle(ranked)
    weights, total = [], 0.0
    for rank in range(len(ranked)):
        total += 1.0 / (rank + 1)
        weights.append(total)
    wanted = [min(int(rng.paretovariate(1.5) * per_user / 3), len(ranked) // 2) for _ in ids]
    draws = iter(rng.choices(ranked, cum_weights=weights, k=sum(wanted)))
    for user, count in zip(ids, wanted):
        for _ in range(count):
            followee = next(draws)
            if followee != user:
                followees[user].add(followee)
    return [(user, followee) for user, chosen in followees.items() for followee in chosen]


def random_pairs(ids: list[int], rng: random.Random, count: int, *, ordered: bool) -> set[tuple[int, int]]:
    pairs = set()
    while len(pairs) < count:
        a, b = rng.sample(ids, 2)
        pairs.add((min(a, b), max(a, b)) if ordered else (a, b))
    return pairs


def copy_rows(model, columns: list[str], rows) -> int:
    """COPY rows into the model's table with its indexes and constraints dropped, then rebuild them."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("""SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint
                          WHERE conrelid = %s::regclass AND contype <> 'p'""", [table])
        constraints = cursor.fetchall()
        for name, _ in constraints:
            cursor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
        cursor.execute("""SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s
                          AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass)""",
                       [table, table])
        indexes = cursor.fetchall()
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        written = 0
        with cursor.cursor.copy(f'COPY "{table}" ({", ".join(columns)}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row(row)
                written += 1
        for _, definition in indexes:
            cursor.execute(definition)
        for name, definition in constraints:
            cursor.execute(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')
        cursor.execute(f'ANALYZE "{table}"')
    return written


def refresh_profile_counts() -> None:
    """If profiles keep their counts (issue 9 item 12), set them from the rows just loaded."""
    fields = {field.name for field in Profile._meta.get_fields()}
    counted = {
        "followers_count": Follow.objects.filter(status="accepted").values("followee").annotate(n=Count("pk"))
        .values_list("followee", "n"),
        "following_count": Follow.objects.filter(status="accepted").values("follower").annotate(n=Count("pk"))
        .values_list("follower", "n"),
    }
    for field_name, pairs in counted.items():
        if field_name in fields:
            profiles = [Profile(user_id=user_id, **{field_name: n}) for user_id, n in pairs]
            Profile.objects.bulk_update(profiles, [field_name], batch_size=BATCH)
    if "friends_count" in fields:
        friends: dict[int, int] = {}
        for low, high in Friendship.objects.values_list("user_low", "user_high").iterator(chunk_size=BATCH):
            friends[low] = friends.get(low, 0) + 1
            friends[high] = friends.get(high, 0) + 1
        Profile.objects.bulk_update([Profile(user_id=u, friends_count=n) for u, n in friends.items()],
                                    ["friends_count"], batch_size=BATCH)


def seed(users: int, seed_value: int) -> dict:
    rng = random.Random(seed_value)
    started = time.perf_counter()
    with transaction.atomic():
        ids = seed_people(users, rng)
    people_seconds = time.perf_counter() - started
    log(f"  {users} users and profiles in {people_seconds:.0f} s")
    follows = power_law_follows(ids, rng, per_user=22)  # about 20 a person once repeats are dropped
    # In random order, so that every page of a list holds a fair mix (not, say, page 1 of
    # one account's followers made only of the other big accounts).
    rng.shuffle(follows)
    now = timezone.now()
    with transaction.atomic():
        n_follows = copy_rows(Follow, ["follower_id", "followee_id", "status", "created_at"],
                              ((a, b, "accepted", now - timedelta(seconds=i)) for i, (a, b) in enumerate(follows)))
        n_friends = copy_rows(Friendship, ["user_low_id", "user_high_id", "created_at"],
                              ((a, b, now) for a, b in random_pairs(ids, rng, users, ordered=True)))
        n_blocks = copy_rows(Block, ["blocker_id", "blocked_id", "created_at"],
                             ((a, b, now) for a, b in random_pairs(ids, rng, max(users // 20, 1), ordered=False)))
        refresh_profile_counts()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # planner statistics for every table, as autovacuum would gather them
    return {"users": users, "follows": n_follows, "friendships": n_friends, "blocks": n_blocks,
            "seconds": time.perf_counter() - started, "people_seconds": people_seconds,
            "celebrities": [User.objects.get(pk=pk).username for pk in ids[:CELEBRITIES]]}


def summary() -> dict:
    """The numbers `seed` printed, read back from a database it seeded earlier."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # a migration may have added an index since
    return {"users": User.objects.count(), "follows": Follow.objects.count(),
            "friendships": Friendship.objects.count(), "blocks": Block.objects.count(),
            "celebrities": list(User.objects.order_by("pk").values_list("username", flat=True)[:CELEBRITIES])}


# -- query counts -------------------------------------------------------------------------------------------
def queries(plan_path: str) -> dict:
    """For each path, the number of SQL queries one request runs (as the plan's viewer)."""
    from rest_framework_simplejwt.tokens import AccessToken

    plan = json.loads(open(plan_path).read())
    viewer = User.objects.get(username=plan["viewer"])
    client = Client(SERVER_NAME="127.0.0.1", HTTP_AUTHORIZATION=f"Bearer {AccessToken.for_user(viewer)}")
    counts = {}
    for path in plan["paths"]:
        with CaptureQueriesContext(connection) as captured:
            status = client.get(path).status_code
        counts[path] = {"status": status, "queries": len(captured.captured_queries)}
    return counts


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    if command == "seed":
        print(json.dumps(seed(int(args[0]), int(args[1]))))
    elif command == "summary":
        print(json.dumps(summary()))
    elif command == "queries":
        print(json.dumps(queries(args[0])))
    else:
        raise SystemExit(f"unknown command {command!r}")
