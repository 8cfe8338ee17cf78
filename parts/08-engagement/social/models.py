"""
The social graph: who follows whom, who are friends, who blocked whom.

Each relationship is a row of its own (not a ManyToManyField on User) because it has
data of its own (a state, a date) and rules of its own. Uniqueness and "not with
yourself" are constraints in the database, so double clicks and races cannot break them.
"""
from django.conf import settings
from django.db import models
from django.db.models import F, Q

USER = settings.AUTH_USER_MODEL


# --8<-- [start:follow]
class Follow(models.Model):
    class Status(models.TextChoices):
        REQUESTED = "requested", "Requested"  # waiting for a private account's approval
        ACCEPTED = "accepted", "Accepted"

    follower = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="following_links")
    followee = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="follower_links")
    status = models.CharField(max_length=10, choices=Status.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["follower", "followee"], name="social_follow_once"),
            models.CheckConstraint(condition=~Q(follower=F("followee")), name="social_no_self_follow"),
        ]
        indexes = [
            models.Index(fields=["followee", "status", "-created_at"]),
            models.Index(fields=["follower", "status", "-created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.follower} → {self.followee} ({self.status})"
# --8<-- [end:follow]


class FriendRequest(models.Model):
    """A pending friend request. Accepting turns it into a Friendship; the request goes."""

    from_user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="friend_requests_sent")
    to_user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="friend_requests_received")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["from_user", "to_user"], name="social_friend_request_once"),
            models.CheckConstraint(condition=~Q(from_user=F("to_user")), name="social_no_self_friend_request"),
        ]

    def __str__(self) -> str:
        return f"{self.from_user} asks {self.to_user} to be friends"


# --8<-- [start:friendship]
class Friendship(models.Model):
    """
    A mutual friendship, stored once: `user_low` is always the user with the smaller id.
    One row per pair (never two that could disagree), and the unique constraint works.
    """

    user_low = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    user_high = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user_low", "user_high"], name="social_friends_once"),
            models.CheckConstraint(condition=Q(user_low__lt=F("user_high")), name="social_friendship_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.user_low} ↔ {self.user_high}"

    @staticmethod
    def ordered(a, b) -> tuple:
        return (a, b) if a.pk < b.pk else (b, a)
# --8<-- [end:friendship]


class Block(models.Model):
    blocker = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="blocks_made")
    blocked = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="blocks_received")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="social_block_once"),
            models.CheckConstraint(condition=~Q(blocker=F("blocked")), name="social_no_self_block"),
        ]

    def __str__(self) -> str:
        return f"{self.blocker} blocked {self.blocked}"
