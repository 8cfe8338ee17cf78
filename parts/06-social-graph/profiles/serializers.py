from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from profiles.models import Profile
from social.relations import Relations


class RelationshipSerializer(serializers.Serializer):
    """How the viewer relates to this person."""

    following = serializers.BooleanField(help_text="You follow them.")
    requested = serializers.BooleanField(help_text="You asked to follow them (a private account).")
    follows_you = serializers.BooleanField()
    friend = serializers.BooleanField()
    friend_requested = serializers.BooleanField(help_text="You sent them a friend request.")
    blocked = serializers.BooleanField(help_text="You blocked them.")


class ProfileSerializer(serializers.ModelSerializer):
    """A profile as anyone may see it, with counts and the viewer's relationship to it."""

    username = serializers.CharField(source="user.username", read_only=True)
    joined = serializers.DateTimeField(source="user.date_joined", read_only=True)
    avatar = serializers.ImageField(read_only=True)  # an absolute URL, or null
    followers_count = serializers.SerializerMethodField()
    following_count = serializers.SerializerMethodField()
    friends_count = serializers.SerializerMethodField()
    relationship = serializers.SerializerMethodField()

    class Meta:
        model = Profile
        fields = ["username", "display_name", "bio", "avatar", "location", "website", "is_private", "joined",
                  "followers_count", "following_count", "friends_count", "relationship"]
        read_only_fields = fields

    def _relations(self) -> Relations:
        # Lists pass the relations of the whole page in the context (profiles_data);
        # a single profile computes its own.
        if "relations" not in self.context:
            self.context["relations"] = Relations.between(self.context["request"].user, [self.instance.user_id])
        return self.context["relations"]

    @extend_schema_field(serializers.IntegerField())
    def get_followers_count(self, profile) -> int:
        return self._relations().counts(profile.user_id)["followers_count"]

    @extend_schema_field(serializers.IntegerField())
    def get_following_count(self, profile) -> int:
        return self._relations().counts(profile.user_id)["following_count"]

    @extend_schema_field(serializers.IntegerField())
    def get_friends_count(self, profile) -> int:
        return self._relations().counts(profile.user_id)["friends_count"]

    @extend_schema_field(RelationshipSerializer)
    def get_relationship(self, profile) -> dict:
        return self._relations().flags(profile.user_id)


def profiles_data(profiles, request) -> list:
    """Serialise a page of profiles with their relations, in a fixed number of queries."""
    profiles = list(profiles)
    relations = Relations.between(request.user, [profile.user_id for profile in profiles])
    return ProfileSerializer(profiles, many=True, context={"request": request, "relations": relations}).data


class MyProfileSerializer(ProfileSerializer):
    """Your own profile: the private fields too, and what you may change."""

    email = serializers.EmailField(source="user.email", read_only=True)

    class Meta(ProfileSerializer.Meta):
        fields = [*ProfileSerializer.Meta.fields, "email", "birth_date"]
        read_only_fields = ["username", "avatar", "joined", "email", "followers_count", "following_count",
                            "friends_count", "relationship"]

    def validate_birth_date(self, birth_date):
        if birth_date and birth_date > timezone.localdate():
            raise serializers.ValidationError("A birth date cannot be in the future.")
        return birth_date


class AvatarUploadSerializer(serializers.Serializer):
    avatar = serializers.FileField(help_text="A JPEG, PNG, GIF or WebP image, at most 5 MB.")
