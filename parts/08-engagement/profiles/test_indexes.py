"""The lookups and the search use their indexes (PostgreSQL's plans; SQLite has no such indexes)."""
import json

import pytest
from django.db import connection

from profiles import selectors

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="the LOWER() and trigram indexes are PostgreSQL's: run with DATABASE_URL=postgres://..."),
]


def plan_of(queryset, **options) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a tiny test table would be scanned anyway
    return queryset.explain(**options)


def plan_steps(queryset) -> list[dict]:
    """Every step of the plan: PostgreSQL's JSON plan is a tree of steps, made a list here."""
    waiting, steps = [json.loads(plan_of(queryset, format="json"))[0]["Plan"]], []
    while waiting:
        step = waiting.pop()
        steps.append(step)
        waiting += step.get("Plans", [])
    return steps


def test_a_username_lookup_uses_the_lower_unique_index(make_user):
    ann = make_user()

    plan = plan_of(selectors.profiles_visible_to(ann).filter(selectors.username_is("ANN", "user__username")))

    assert "accounts_user_username_ci_unique" in plan


def test_search_uses_the_trigram_indexes(make_user):
    ann = make_user()

    plan = plan_of(selectors.profile_search(viewer=ann, query="nni"))

    assert "profiles_search_username_trgm" in plan
    assert "profiles_search_display_name_trgm" in plan


def test_search_checks_who_may_be_seen_on_the_rows_the_trigram_index_found(make_user):
    # Not in a second pass over every user: with 100,000 users, that pass took longer
    # than the whole search does now.
    ann = make_user()

    steps = plan_steps(selectors.profile_search(viewer=ann, query="nni"))

    [reads_what_the_index_found] = [step for step in steps
                                    if any(child.get("Index Name") == "profiles_search_username_trgm"
                                           for child in step.get("Plans", []))]
    assert "email_verified_at IS NOT NULL" in reads_what_the_index_found.get("Filter", "")
