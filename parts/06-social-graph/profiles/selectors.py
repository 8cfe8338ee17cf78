"""
Which users and profiles a viewer can find. Every view that looks up or lists people
goes through here, so the rule lives in one place.
"""
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

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


def profile_search(*, viewer, query: str) -> QuerySet:
    profiles = profiles_visible_to(viewer)
    query = query.strip()
    if query:
        profiles = profiles.filter(Q(user__username__icontains=query) | Q(display_name__icontains=query))
    return profiles.order_by("user__username")
