"""Writes to profiles. Each function is one transaction."""
from django.db import transaction

from profiles.images import avatar_from_upload
from profiles.models import Profile


def profile_create(*, user) -> Profile:
    return Profile.objects.create(user=user)


@transaction.atomic
def profile_update(*, profile: Profile, **changes) -> Profile:
    for field, value in changes.items():
        setattr(profile, field, value)
    profile.full_clean()
    profile.save()
    return profile


def avatar_set(*, profile: Profile, upload) -> Profile:
    new_avatar = avatar_from_upload(upload)  # raises InvalidImage before anything changes
    old_name = profile.avatar.name
    profile.avatar.save(new_avatar.name, new_avatar, save=True)
    if old_name:
        profile.avatar.storage.delete(old_name)
    return profile


def avatar_remove(*, profile: Profile) -> Profile:
    if profile.avatar:
        profile.avatar.delete(save=True)
    return profile
