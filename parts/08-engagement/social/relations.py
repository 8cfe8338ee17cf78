"""
How a page of people relates to the viewer: the flags shown on profiles (following,
requested, follows_you, friend, friend_requested, blocked).

One query for a whole page, however many people it holds: the four tables are asked in
one UNION ALL, each part answering "(flag, user id)" pairs. Flags about yourself
mean nothing, so a page of just you costs no query at all.
"""
from dataclasses import dataclass, field

from django.db.models import Case, CharField, Value, When

from social.models import Block, Follow, FriendRequest, Friendship

FLAGS = ("following", "requested", "follows_you", "friend", "friend_requested", "blocked")


def _flag(name: str) -> Value:
    return Value(name, output_field=CharField())


# --8<-- [start:relations]
def _flag_rows(viewer, ids):
    """(flag, user id) for every tie between the viewer and the people in `ids`."""
    mine_out = Case(When(status=Follow.Status.ACCEPTED, then=_flag("following")), default=_flag("requested"))
    parts = [
        Follow.objects.filter(follower=viewer, followee__in=ids).values_list(mine_out, "followee_id"),
        Follow.objects.filter(followee=viewer, follower__in=ids, status=Follow.Status.ACCEPTED)
        .values_list(_flag("follows_you"), "follower_id"),
        Friendship.objects.filter(user_low=viewer, user_high__in=ids).values_list(_flag("friend"), "user_high_id"),
        Friendship.objects.filter(user_high=viewer, user_low__in=ids).values_list(_flag("friend"), "user_low_id"),
        FriendRequest.objects.filter(from_user=viewer, to_user__in=ids)
        .values_list(_flag("friend_requested"), "to_user_id"),
        Block.objects.filter(blocker=viewer, blocked__in=ids).values_list(_flag("blocked"), "blocked_id"),
    ]
    return parts[0].union(*parts[1:], all=True)


@dataclass
class Relations:
    """The viewer's flags for a set of people, looked up once."""

    user_ids: set[int] = field(default_factory=set)
    flagged: set[tuple[str, int]] = field(default_factory=set)

    @classmethod
    def between(cls, viewer, user_ids) -> "Relations":
        ids = set(user_ids)
        others = ids - {getattr(viewer, "pk", None)}
        if not others or not getattr(viewer, "is_authenticated", False):
            return cls(user_ids=ids)
        return cls(user_ids=ids, flagged=set(_flag_rows(viewer, others)))

    def covers(self, user_id: int) -> bool:
        return user_id in self.user_ids

    def flags(self, user_id: int) -> dict[str, bool]:
        return {flag: (flag, user_id) in self.flagged for flag in FLAGS}
# --8<-- [end:relations]
