"""
Which users and profiles a viewer can find. Every view that looks up or lists people
goes through here, so the rule lives in one place.
"""
from django.contrib.auth import get_user_model
from django.db.models import F, QuerySet
from django.db.models.functions import Lower
from django.db.models.lookups import Exact

from profiles.models import Profile
from social.rules import blockers_of

User = get_user_model()


# --8<-- [start:users-visible-to]
def users_visible_to(viewer) -> QuerySet:
    """Active, verified users, except those who blocked the viewer: to them, the viewer is gone."""
    users = User.objects.filter(is_active=True, email_verified_at__isnull=False)
    return users.exclude(pk__in=blockers_of(viewer))
# --8<-- [end:users-visible-to]


def profiles_visible_to(viewer) -> QuerySet:
    return Profile.objects.filter(user__in=users_visible_to(viewer)).select_related("user")


# --8<-- [start:username-is]
def username_is(username: str, field: str = "username") -> Exact:
    """
    A filter for "this username, in any letter case" that uses the unique index on
    LOWER(username). `username__iexact` would compile to UPPER(...) = UPPER(...), which
    that index cannot answer: every lookup would read the whole table.
    """
    return Exact(Lower(field), username.lower())
# --8<-- [end:username-is]


# --8<-- [start:profile-search]
def profile_search(*, viewer, query: str) -> QuerySet:
    """
    Profiles whose username or display name contains `query`, in username order.

    Each half of the match is asked of its own table, where its trigram index
    (migration 0003, PostgreSQL) can answer `icontains`, and only among the users the
    viewer may see: the rows the index finds are checked right there. The union of the
    two halves is the set of users found. The `username` annotation is what the cursor
    pages by.
    """
    if not query:
        return profiles_visible_to(viewer).annotate(username=F("user__username"))
    visible = users_visible_to(viewer).order_by()
    by_username = visible.filter(username__icontains=query).values("pk")
    by_display_name = visible.filter(profile__display_name__icontains=query).values("pk")
    found = by_username.union(by_display_name)
    return Profile.objects.filter(user__in=found).select_related("user").annotate(username=F("user__username"))
# --8<-- [end:profile-search]
