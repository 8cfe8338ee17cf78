"""The counts on profiles are kept on the profile row: they must always equal the rows."""
import importlib

import pytest
from django.db.models import Q

from conftest import make_private
from profiles.models import Profile
from social import services
from social.models import Follow, Friendship

pytestmark = pytest.mark.django_db


def stored(user) -> tuple[int, int, int]:
    profile = Profile.objects.get(user=user)
    return profile.followers_count, profile.following_count, profile.friends_count


def recounted(user) -> tuple[int, int, int]:
    accepted = Follow.objects.filter(status=Follow.Status.ACCEPTED)
    return (accepted.filter(followee=user).count(), accepted.filter(follower=user).count(),
            Friendship.objects.filter(Q(user_low=user) | Q(user_high=user)).count())


def assert_counts_right(*users):
    for user in users:
        assert stored(user) == recounted(user), user.username


def befriend(a, b):
    services.friend_request_send(sender=a, target=b)
    services.friend_request_send(sender=b, target=a)


def test_counts_follow_every_change_to_the_graph(people):
    ann, bob, cat = people.ann, people.bob, people.cat
    everyone = (ann, bob, cat)

    services.follow_create(follower=ann, target=bob)
    services.follow_create(follower=ann, target=bob)  # twice changes nothing
    assert stored(bob) == (1, 0, 0) and stored(ann) == (0, 1, 0)

    make_private(cat)
    request = services.follow_create(follower=bob, target=cat)
    assert stored(cat) == (0, 0, 0)  # a request is not a follower yet
    services.follow_request_accept(owner=cat, follow_id=request.pk)
    assert stored(cat) == (1, 0, 0)
    assert_counts_right(*everyone)

    befriend(ann, cat)
    assert stored(ann)[2] == stored(cat)[2] == 1
    services.friendship_delete(user=ann, other=cat)
    services.friendship_delete(user=ann, other=cat)  # nothing left to delete: no change
    assert stored(ann)[2] == stored(cat)[2] == 0

    services.follow_delete(follower=ann, target=bob)
    assert_counts_right(*everyone)

    pending = services.follow_create(follower=ann, target=cat)
    services.follow_request_reject(owner=cat, follow_id=pending.pk)
    assert_counts_right(*everyone)


def test_blocking_takes_the_counts_down_with_the_ties(people):
    ann, bob = people.ann, people.bob
    services.follow_create(follower=ann, target=bob)
    services.follow_create(follower=bob, target=ann)
    befriend(ann, bob)

    services.user_block(blocker=ann, blocked=bob)

    assert stored(ann) == stored(bob) == (0, 0, 0)


def test_deleting_a_user_takes_them_out_of_everyone_elses_counts(people):
    ann, bob, cat = people.ann, people.bob, people.cat
    services.follow_create(follower=ann, target=bob)
    services.follow_create(follower=bob, target=cat)
    befriend(bob, cat)

    bob.delete()

    assert stored(ann) == (0, 0, 0) and stored(cat) == (0, 0, 0)


def test_the_data_migration_fills_the_counts_of_an_existing_graph(people):
    from django.apps import apps

    services.follow_create(follower=people.ann, target=people.bob)
    befriend(people.bob, people.cat)
    Profile.objects.update(followers_count=0, following_count=0, friends_count=0)  # as before 0004
    migration = importlib.import_module("profiles.migrations.0005_fill_profile_counts")

    migration.fill_counts(apps, schema_editor=None)

    assert_counts_right(people.ann, people.bob, people.cat)
