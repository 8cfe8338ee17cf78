"""The lookups and the search use their indexes (PostgreSQL's plans; SQLite has no such indexes)."""
import pytest
from django.db import connection

from profiles import selectors

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="the LOWER() and trigram indexes are PostgreSQL's: run with DATABASE_URL=postgres://..."),
]


def plan_of(queryset) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a tiny test table would be scanned anyway
    return queryset.explain()


def test_a_username_lookup_uses_the_lower_unique_index(make_user):
    ann = make_user()

    plan = plan_of(selectors.profiles_visible_to(ann).filter(selectors.username_is("ANN", "user__username")))

    assert "accounts_user_username_ci_unique" in plan


def test_search_uses_the_trigram_indexes(make_user):
    ann = make_user()

    plan = plan_of(selectors.profile_search(viewer=ann, query="nni"))

    assert "profiles_search_username_trgm" in plan
    assert "profiles_search_display_name_trgm" in plan
