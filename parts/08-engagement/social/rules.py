"""
The social rules, in one place, as pieces of queries: subqueries of user ids and Q
conditions that any list can filter with (profiles, search, suggestions, and later posts,
the feed and notifications). A rule written as a query costs one query for a whole page,
never one per person.
"""
from django.db.models import Case, F, Q, QuerySet, When

from social.models import Block, Follow, Friendship


# --8<-- [start:id-rules]
def blockers_of(viewer) -> QuerySet:
    """Ids of the users who blocked `viewer`: to them, the viewer does not exist."""
    return Block.objects.filter(blocked=viewer).values("blocker")


def blocked_by(user) -> QuerySet:
    """Ids of the users `user` blocked."""
    return Block.objects.filter(blocker=user).values("blocked")


def followee_ids(user) -> QuerySet:
    """Ids of the people `user` follows (accepted follows only)."""
    return Follow.objects.filter(follower=user, status=Follow.Status.ACCEPTED).values("followee")


def friend_in_pair(user) -> Case:
    """In a friendship of `user`'s, the friend's id: a pair is stored once, either way round."""
    return Case(When(user_low=user, then=F("user_high")), default=F("user_low"))


def friend_ids(user) -> QuerySet:
    """Ids of `user`'s friends, as a subquery usable in filters."""
    return Friendship.objects.filter(Q(user_low=user) | Q(user_high=user)).values_list(friend_in_pair(user), flat=True)
# --8<-- [end:id-rules]


# --8<-- [start:connections-visible]
def connections_visible_to(viewer) -> Q:
    """
    A filter for users whose followers, following and friends `viewer` may see: themselves, public
    accounts, and private accounts that accepted the viewer as a follower. The lists
    and the suggestions both filter with this, so suggestions never reveal a friendship
    that the friends list would hide.
    """
    return Q(pk=viewer.pk) | Q(profile__is_private=False) | Q(pk__in=followee_ids(viewer))
# --8<-- [end:connections-visible]
