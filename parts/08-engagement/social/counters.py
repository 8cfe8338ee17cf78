"""
The counts shown on profiles (followers, following, friends), kept on the Profile row.

Every service that changes the graph calls these inside its own transaction, so a count
and the rows it counts change together or not at all. Each is one UPDATE with F(): the
database adds 1 to the value it holds, so two requests at once can never lose a change.
"""
from django.db.models import F

from profiles.models import Profile
from social.models import Follow
from social.rules import friend_ids

ACCEPTED = Follow.Status.ACCEPTED


def _add(user_ids, field: str, delta: int) -> None:
    Profile.objects.filter(user_id__in=user_ids).update(**{field: F(field) + delta})


# --8<-- [start:counters]
def follow_counted(follower_id: int, followee_id: int, delta: int) -> None:
    """An accepted follow appeared (+1) or went (-1)."""
    _add([follower_id], "following_count", delta)
    _add([followee_id], "followers_count", delta)


def friendship_counted(user_a_id: int, user_b_id: int, delta: int) -> None:
    _add([user_a_id, user_b_id], "friends_count", delta)
# --8<-- [end:counters]


def user_leaves(user) -> None:
    """Before `user` is deleted (their rows go by cascade): the other side's counts drop."""
    accepted = Follow.objects.filter(status=ACCEPTED)
    _add(accepted.filter(follower=user).values("followee"), "followers_count", -1)
    _add(accepted.filter(followee=user).values("follower"), "following_count", -1)
    _add(friend_ids(user), "friends_count", -1)
