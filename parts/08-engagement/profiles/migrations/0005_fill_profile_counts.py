"""
Profiles gained their counts in 0004, all at 0: fill them from the graph as it is now.
One UPDATE per count, with a subquery: no profile is loaded into Python.
"""
from django.db import migrations
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce


def _count(rows, key: str):
    """The number of `rows` whose `key` is the profile's user, 0 when there are none."""
    counted = rows.filter(**{key: OuterRef("user_id")}).order_by().values(key).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def fill_counts(apps, schema_editor):
    Profile = apps.get_model("profiles", "Profile")
    Follow = apps.get_model("social", "Follow")
    Friendship = apps.get_model("social", "Friendship")
    accepted = Follow.objects.filter(status="accepted")
    Profile.objects.update(
        followers_count=_count(accepted, "followee"),
        following_count=_count(accepted, "follower"),
        friends_count=_count(Friendship.objects, "user_low") + _count(Friendship.objects, "user_high"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("profiles", "0004_profile_counts"),
        ("social", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(fill_counts, migrations.RunPython.noop),
    ]
