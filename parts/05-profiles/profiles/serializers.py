from django.utils import timezone
from rest_framework import serializers

from profiles.models import Profile


class ProfileSerializer(serializers.ModelSerializer):
    """A profile as anyone may see it."""

    username = serializers.CharField(source="user.username", read_only=True)
    joined = serializers.DateTimeField(source="user.date_joined", read_only=True)
    avatar = serializers.ImageField(read_only=True)  # an absolute URL, or null

    class Meta:
        model = Profile
        fields = ["username", "display_name", "bio", "avatar", "location", "website", "is_private", "joined"]
        read_only_fields = fields


class MyProfileSerializer(ProfileSerializer):
    """Your own profile: the private fields too, and what you may change."""

    email = serializers.EmailField(source="user.email", read_only=True)

    class Meta(ProfileSerializer.Meta):
        fields = [*ProfileSerializer.Meta.fields, "email", "birth_date"]
        read_only_fields = ["username", "avatar", "joined", "email"]

    def validate_birth_date(self, birth_date):
        if birth_date and birth_date > timezone.localdate():
            raise serializers.ValidationError("A birth date cannot be in the future.")
        return birth_date


class AvatarUploadSerializer(serializers.Serializer):
    avatar = serializers.FileField(help_text="A JPEG, PNG, GIF or WebP image, at most 5 MB.")
