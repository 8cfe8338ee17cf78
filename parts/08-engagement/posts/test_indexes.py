"""
The lists of posts read their indexes, and the visibility rule checks each author it
meets instead of listing every user first (PostgreSQL's plans; SQLite's differ).
"""
import pytest
from django.db import connection

from posts import services
from posts.models import Post, PostEdit
from profiles.test_indexes import plan_of, plan_steps

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="PostgreSQL's query plans: run with DATABASE_URL=postgres://..."),
]


def newest_first(queryset):
    return queryset.order_by("-created_at", "-pk")[:20]


@pytest.fixture
def bobs_post(people):
    return services.post_create(author=people.bob, text="Hello #daily")


def test_someones_posts_are_read_from_the_timeline_index(people, bobs_post):
    plan = plan_of(newest_first(Post.objects.visible_to(people.ann).filter(author=people.bob)))

    assert "posts_author_timeline" in plan


def test_a_hashtag_page_starts_from_the_hashtag_lookup_index(people, bobs_post):
    plan = plan_of(newest_first(Post.objects.visible_to(people.ann).filter(post_hashtags__hashtag__name="daily")))

    assert "posts_hashtag_lookup" in plan


def test_the_history_is_read_from_its_index(people, bobs_post):
    plan = plan_of(PostEdit.objects.filter(post=bobs_post).order_by("-edited_at", "-pk")[:20])

    assert "posts_edit_history" in plan


# --8<-- [start:rule-plan]
def test_the_visibility_rule_checks_each_author_instead_of_listing_every_user(people, bobs_post):
    # "Authors the viewer may see" is a subquery over all users. At the top of the filter,
    # PostgreSQL joins it, checking the author of each post it reads by primary key.
    # Under the OR of the audience, it would be a SubPlan run in full: every user on the
    # network, for a page of twenty posts.
    steps = plan_steps(newest_first(Post.objects.visible_to(people.ann)))

    assert not [step for step in steps
                if step.get("Parent Relationship") == "SubPlan" and step.get("Relation Name") == "accounts_user"]
    assert any(step.get("Relation Name") == "accounts_user" and step.get("Index Name") == "accounts_user_pkey"
               for step in steps)
# --8<-- [end:rule-plan]
