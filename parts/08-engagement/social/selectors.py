"""
Read-only questions about the graph: every list the social views show, and suggestions.
Each returns a queryset (or ids) that already hides people the viewer may not see.
"""
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.db.models import F, Q, QuerySet

from profiles.models import Profile
from profiles.selectors import profiles_visible_to, users_visible_to
from social.models import Block, Follow, FriendRequest, Friendship
from social.rules import blocked_by, connections_visible_to, followee_ids, friend_ids, friend_in_pair

User = get_user_model()
ACCEPTED, REQUESTED = Follow.Status.ACCEPTED, Follow.Status.REQUESTED


# -- lists of people ----------------------------------------------------------------------------
def connections_owner(*, viewer, username_filter) -> User | None:
    """The user whose followers/following/friends the viewer asks for, if the viewer may see them."""
    owners = users_visible_to(viewer).filter(username_filter).filter(connections_visible_to(viewer))
    return owners.select_related("profile").first()


def followers_of(owner, *, viewer) -> QuerySet:
    return (Follow.objects.filter(followee=owner, status=ACCEPTED, follower__in=users_visible_to(viewer))
            .select_related("follower__profile"))


def following_of(owner, *, viewer) -> QuerySet:
    return (Follow.objects.filter(follower=owner, status=ACCEPTED, followee__in=users_visible_to(viewer))
            .select_related("followee__profile"))


# --8<-- [start:friendships-of]
def friendships_of(owner, *, viewer) -> QuerySet:
    """
    The owner's friendships with people the viewer may see. "May see" is one condition
    on the friend, whichever column holds them: PostgreSQL checks it on each friendship
    it reads. Written as two conditions joined by OR, it made PostgreSQL list every user
    the viewer may see first.
    """
    return (Friendship.objects.filter(Q(user_low=owner) | Q(user_high=owner))
            .alias(friend=friend_in_pair(owner)).filter(friend__in=users_visible_to(viewer))
            .select_related("user_low__profile", "user_high__profile"))
# --8<-- [end:friendships-of]


def blocks_made_by(user) -> QuerySet:
    """Everyone `user` blocked, including those who blocked them back: they can always unblock."""
    return Block.objects.filter(blocker=user).select_related("blocked__profile")


def follow_requests_to(user) -> QuerySet:
    return (Follow.objects.filter(followee=user, status=REQUESTED, follower__in=users_visible_to(user))
            .select_related("follower__profile"))


def friend_requests_of(user, *, incoming: bool) -> QuerySet:
    mine, other = ("to_user", "from_user") if incoming else ("from_user", "to_user")
    return (FriendRequest.objects.filter(**{mine: user, f"{other}__in": users_visible_to(user)})
            .select_related("from_user__profile", "to_user__profile"))


# -- suggestions --------------------------------------------------------------------------------
SUGGESTIONS_KEPT = 100  # the best 100 are ranked; nobody pages further through "people you may know"
SUGGESTIONS_SECONDS = 60


def _suggestions_key(user_id) -> str:
    return f"social:suggestions:{user_id}"


def forget_suggestions(*user_ids: int) -> None:
    """Called after a graph change commits: these people's suggestions are stale now."""
    cache.delete_many([_suggestions_key(user_id) for user_id in user_ids])


# --8<-- [start:suggestions]
def _two_hop_edges(viewer) -> list[QuerySet]:
    """
    One row per path viewer → someone → candidate that the viewer could read in a list:
    the following list of people they follow, and the friends list of friends whose
    lists are open to them (public, or private but followed). A private friend's
    friends stay private, exactly as on their friends list.
    """
    readable = users_visible_to(viewer).filter(connections_visible_to(viewer))
    via_follows = readable.filter(pk__in=followee_ids(viewer)).values("pk")
    via_friends = readable.filter(pk__in=friend_ids(viewer)).values("pk")
    return [
        Follow.objects.filter(follower__in=via_follows, status=ACCEPTED).values(suggested=F("followee")),
        Friendship.objects.filter(user_low__in=via_friends).values(suggested=F("user_high")),
        Friendship.objects.filter(user_high__in=via_friends).values(suggested=F("user_low")),
    ]


def _candidates(viewer) -> QuerySet:
    """Who may be suggested: visible, not yourself, nobody you follow, asked, befriended or blocked."""
    return (users_visible_to(viewer).exclude(pk=viewer.pk)
            .exclude(pk__in=friend_ids(viewer))
            .exclude(pk__in=Follow.objects.filter(follower=viewer).values("followee"))
            .exclude(pk__in=blocked_by(viewer))
            .order_by().values(suggested_id=F("pk"), suggested_name=F("username")))


def _ranked_suggestions(viewer) -> list[int]:
    """
    The best SUGGESTIONS_KEPT candidates, most paths first: one GROUP BY over all the
    two-hop paths at once. The ORM cannot group over a UNION, so the SQL is put
    together here from the querysets' own SQL (their parameters stay parameters).
    """
    parts = [queryset.query.sql_with_params() for queryset in _two_hop_edges(viewer)]
    candidates_sql, candidates_params = _candidates(viewer).query.sql_with_params()
    edges_sql = " UNION ALL ".join(f"SELECT * FROM ({sql}) AS part" for sql, _ in parts)
    sql = (f"SELECT candidate.suggested_id FROM ({edges_sql}) AS edge "
           f"JOIN ({candidates_sql}) AS candidate ON candidate.suggested_id = edge.suggested "
           "GROUP BY candidate.suggested_id, candidate.suggested_name "
           "ORDER BY COUNT(*) DESC, candidate.suggested_name LIMIT %s")
    params = [param for _, part_params in parts for param in part_params]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *candidates_params, SUGGESTIONS_KEPT])
        return [user_id for (user_id,) in cursor.fetchall()]


def suggested_ids(viewer) -> list[int]:
    """Ranked suggestions for `viewer`, kept a minute: ranking reads thousands of rows."""
    return cache.get_or_set(_suggestions_key(viewer.pk), lambda: _ranked_suggestions(viewer), SUGGESTIONS_SECONDS)
# --8<-- [end:suggestions]


def suggestions_for(viewer) -> list[Profile]:
    """The ranked suggestions' profiles, in rank order (hidden since the ranking: left out)."""
    ranked = suggested_ids(viewer)
    profiles = profiles_visible_to(viewer).in_bulk(ranked, field_name="user_id")
    return [profiles[user_id] for user_id in ranked if user_id in profiles]
