"""
The social rules, in one place. Every view and service asks these questions here, so
the feed, profiles, lists and (later) posts can never disagree about who sees what.
"""
from django.db.models import Case, F, Q, QuerySet, When

from social.models import Block, Follow, Friendship


def blocked_between(a, b) -> bool:
    """Has either of the two blocked the other?"""
    return Block.objects.filter(Q(blocker=a, blocked=b) | Q(blocker=b, blocked=a)).exists()


def blockers_of(viewer) -> QuerySet:
    """Ids of the users who blocked `viewer`: to them, the viewer does not exist."""
    return Block.objects.filter(blocked=viewer).values("blocker")


def follows(follower, followee) -> bool:
    return Follow.objects.filter(follower=follower, followee=followee, status=Follow.Status.ACCEPTED).exists()


def are_friends(a, b) -> bool:
    low, high = Friendship.ordered(a, b)
    return Friendship.objects.filter(user_low=low, user_high=high).exists()


def friend_ids(user) -> QuerySet:
    """Ids of `user`'s friends, as a subquery usable in filters."""
    other_side = Case(When(user_low=user, then=F("user_high")), default=F("user_low"))
    return Friendship.objects.filter(Q(user_low=user) | Q(user_high=user)).values_list(other_side, flat=True)


def can_see_connections(viewer, owner) -> bool:
    """A private account's followers, following and friends are for its approved followers."""
    return viewer.pk == owner.pk or not owner.profile.is_private or follows(viewer, owner)
