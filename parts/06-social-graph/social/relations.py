"""
How a page of people relates to the viewer: the counts and flags shown on profiles.

Computed for a whole page at once, in a fixed number of queries (eight), however many
people the page holds: never one query per person.
"""
from dataclasses import dataclass, field

from django.db.models import Count, Q

from social.models import Block, Follow, FriendRequest, Friendship

ACCEPTED, REQUESTED = Follow.Status.ACCEPTED, Follow.Status.REQUESTED


def _counts(queryset, key: str) -> dict[int, int]:
    return dict(queryset.values_list(key).annotate(n=Count("pk")).order_by())


@dataclass
class Relations:
    following: set[int] = field(default_factory=set)
    requested: set[int] = field(default_factory=set)
    follows_you: set[int] = field(default_factory=set)
    friends: set[int] = field(default_factory=set)
    friend_requested: set[int] = field(default_factory=set)
    blocked: set[int] = field(default_factory=set)
    followers_count: dict[int, int] = field(default_factory=dict)
    following_count: dict[int, int] = field(default_factory=dict)
    friends_count: dict[int, int] = field(default_factory=dict)

    @classmethod
    def between(cls, viewer, user_ids) -> "Relations":
        ids = list(user_ids)
        relations = cls()
        if not ids:
            return relations
        links = Follow.objects.filter(Q(follower=viewer, followee__in=ids) | Q(followee=viewer, follower__in=ids))
        for follower_id, followee_id, status in links.values_list("follower_id", "followee_id", "status"):
            if follower_id == viewer.pk:
                (relations.following if status == ACCEPTED else relations.requested).add(followee_id)
            elif status == ACCEPTED:
                relations.follows_you.add(follower_id)
        pairs = Friendship.objects.filter(Q(user_low=viewer, user_high__in=ids) | Q(user_high=viewer, user_low__in=ids))
        relations.friends = {low if high == viewer.pk else high for low, high in pairs.values_list("user_low", "user_high")}
        relations.friend_requested = set(
            FriendRequest.objects.filter(from_user=viewer, to_user__in=ids).values_list("to_user", flat=True))
        relations.blocked = set(Block.objects.filter(blocker=viewer, blocked__in=ids).values_list("blocked", flat=True))
        accepted = Follow.objects.filter(status=ACCEPTED)
        relations.followers_count = _counts(accepted.filter(followee__in=ids), "followee")
        relations.following_count = _counts(accepted.filter(follower__in=ids), "follower")
        relations.friends_count = _counts(Friendship.objects.filter(user_low__in=ids), "user_low")
        for user_id, count in _counts(Friendship.objects.filter(user_high__in=ids), "user_high").items():
            relations.friends_count[user_id] = relations.friends_count.get(user_id, 0) + count
        return relations

    def flags(self, user_id: int) -> dict[str, bool]:
        return {
            "following": user_id in self.following,
            "requested": user_id in self.requested,
            "follows_you": user_id in self.follows_you,
            "friend": user_id in self.friends,
            "friend_requested": user_id in self.friend_requested,
            "blocked": user_id in self.blocked,
        }

    def counts(self, user_id: int) -> dict[str, int]:
        return {
            "followers_count": self.followers_count.get(user_id, 0),
            "following_count": self.following_count.get(user_id, 0),
            "friends_count": self.friends_count.get(user_id, 0),
        }
