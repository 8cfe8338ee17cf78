"""Read-only questions about the graph that need more than one rule."""
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from profiles.selectors import profiles_visible_to
from social.models import Block, Follow, Friendship
from social.rules import friend_ids


def _count(rows: QuerySet):
    """A subquery counting `rows`, for use in annotate() (0 when there are none)."""
    counted = rows.order_by().annotate(one=Value(1)).values("one").annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


# --8<-- [start:suggestions]
def suggestions_for(viewer) -> QuerySet:
    """
    Friends of your friends, and people followed by people you follow, ranked by how many
    such links lead to them; never yourself, your friends, people you follow or asked to
    follow, nor anyone blocked either way.
    """
    my_friends = friend_ids(viewer)
    i_follow = Follow.objects.filter(follower=viewer, status=Follow.Status.ACCEPTED).values("followee")
    followed_by_them = Follow.objects.filter(follower__in=i_follow, status=Follow.Status.ACCEPTED)
    friends_of_friends = Friendship.objects.filter(Q(user_low__in=my_friends) | Q(user_high__in=my_friends))
    candidates = (
        Q(user__in=followed_by_them.values("followee"))
        | Q(user__in=friends_of_friends.values("user_low"))
        | Q(user__in=friends_of_friends.values("user_high"))
    )
    return (
        profiles_visible_to(viewer)
        .filter(candidates)
        .exclude(user=viewer)
        .exclude(user__in=my_friends)
        .exclude(user__in=Follow.objects.filter(follower=viewer).values("followee"))
        .exclude(user__in=Block.objects.filter(blocker=viewer).values("blocked"))
        .annotate(score=_count(followed_by_them.filter(followee=OuterRef("user")))
                  + _count(friends_of_friends.filter(Q(user_low=OuterRef("user")) | Q(user_high=OuterRef("user")))))
        .order_by("-score", "user__username")
    )
# --8<-- [end:suggestions]
