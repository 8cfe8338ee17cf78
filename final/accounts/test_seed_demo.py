"""The demo data command of the finished backend (final/ only)."""
import pytest
from django.core.management import call_command

from accounts.models import User
from posts.models import Post
from social import rules

pytestmark = pytest.mark.django_db


def test_seed_demo_creates_people_their_ties_and_posts_and_can_run_again():
    call_command("seed_demo", verbosity=0)
    call_command("seed_demo", verbosity=0)  # a second run adds nothing and breaks nothing

    ann, bob, dan, eve = (User.objects.get(username=name) for name in ("ann", "bob", "dan", "eve"))
    assert User.objects.filter(email__endswith="@demo.example").count() == 5
    assert ann.check_password("demo-pass-2024") and ann.is_email_verified
    assert bob.pk in {row["followee"] for row in rules.followee_ids(ann)}
    assert dan.pk in set(rules.friend_ids(ann))
    assert eve.pk in {row["blocked"] for row in rules.blocked_by(dan)}
    # Ann follows Bob, and only asked private Cat: one following; Bob has Ann as his follower
    assert (ann.profile.following_count, bob.profile.followers_count) == (1, 1)
    # Five posts and Dan's repost, each once; hashtags and mentions parsed as for any post
    assert Post.objects.count() == 6
    first = Post.objects.get(author=ann, visibility="public", shared_post=None)
    assert sorted(tag.name for tag in first.hashtags.all()) == ["photography", "sunrise"]
    assert list(Post.objects.get(author=ann, visibility="followers").mentions.all()) == [bob]
    # A comment with its reply, two reactions and a repost on Ann's first post
    assert (first.comments.count(), first.reactions.count(), first.shares.count()) == (2, 2, 1)
