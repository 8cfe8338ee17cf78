from django.conf import settings
from django.db import models


def avatar_path(profile: "Profile", filename: str) -> str:
    # The file name is a random one chosen in images.py: nothing personal in URLs.
    return f"avatars/{filename}"


class Profile(models.Model):
    """What people show of themselves. Every user has exactly one, made with the user."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                primary_key=True, related_name="profile")
    display_name = models.CharField(max_length=50, blank=True)
    bio = models.CharField(max_length=160, blank=True)
    avatar = models.ImageField(upload_to=avatar_path, blank=True)
    location = models.CharField(max_length=100, blank=True)
    website = models.URLField(max_length=200, blank=True)
    birth_date = models.DateField(null=True, blank=True)
    is_private = models.BooleanField(
        default=False, help_text="Private accounts approve their followers (from part 06 on).")
    updated_at = models.DateTimeField(auto_now=True)
    # --8<-- [start:counts]
    # Kept up to date by social.counters, in the same transaction as each change to the
    # graph: reading a profile never counts 50,000 followers again.
    followers_count = models.PositiveIntegerField(default=0, editable=False)
    following_count = models.PositiveIntegerField(default=0, editable=False)
    friends_count = models.PositiveIntegerField(default=0, editable=False)
    # --8<-- [end:counts]

    def __str__(self) -> str:
        return f"Profile of {self.user}"
