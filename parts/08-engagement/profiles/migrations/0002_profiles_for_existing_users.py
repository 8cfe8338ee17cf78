"""Users who signed up before profiles existed (parts 03-04) get theirs now."""
from django.conf import settings
from django.db import migrations


def create_missing_profiles(apps, schema_editor):
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    Profile = apps.get_model("profiles", "Profile")
    without_profile = User.objects.filter(profile__isnull=True)
    Profile.objects.bulk_create(Profile(user=user) for user in without_profile.iterator())


class Migration(migrations.Migration):
    dependencies = [
        ("profiles", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(create_missing_profiles, migrations.RunPython.noop),
    ]
