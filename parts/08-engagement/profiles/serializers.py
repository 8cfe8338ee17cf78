from django.core.validators import RegexValidator
from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.serializers import StrictTextMixin
from profiles.models import Profile
from social.relations import Relations


# --8<-- [start:optional-url]
class OptionalURLField(serializers.URLField):
    """
    A web address, or null when there is none. The database keeps "" for "none", but the
    schema promises `format: uri` or null, and "" is no URI: so "" goes out as null, and
    null coming in clears the address ("" is refused, as the schema says).
    """

    def __init__(self, **kwargs):
        super().__init__(allow_null=True, **kwargs)

    def run_validation(self, data=serializers.empty):
        return "" if data is None else super().run_validation(data)

    def to_representation(self, value):
        return value or None
# --8<-- [end:optional-url]


class RelationshipSerializer(serializers.Serializer):
    """How the viewer relates to this person."""

    following = serializers.BooleanField(help_text="You follow them.")
    requested = serializers.BooleanField(help_text="You asked to follow them (a private account).")
    follows_you = serializers.BooleanField()
    friend = serializers.BooleanField()
    friend_requested = serializers.BooleanField(help_text="You sent them a friend request.")
    blocked = serializers.BooleanField(help_text="You blocked them.")


# --8<-- [start:relations-list]
class WithRelationsListSerializer(serializers.ListSerializer):
    """
    Serialises a page of rows that show people (profiles, or requests holding profiles):
    first the viewer's relations to everyone on the page, in one query, then each row.
    The child serializer says which profiles a row shows (`profiles_in`).
    """

    def to_representation(self, data):
        rows = list(data.all() if hasattr(data, "all") else data)
        user_ids = {profile.user_id for row in rows for profile in self.child.profiles_in(row)}
        request = self.context.get("request")
        self.context["relations"] = Relations.between(getattr(request, "user", None), user_ids)
        return super().to_representation(rows)
# --8<-- [end:relations-list]


class StrictBooleanField(serializers.BooleanField):
    """true or false, as the schema says: not DRF's extra spellings (0, 1, "yes", "on"...)."""

    def to_internal_value(self, data):
        if data is True or data is False:
            return data
        self.fail("invalid", input=data)


# A web site's address as the schema states it (pattern): http(s), a host name with dots and
# a top-level domain of letters, an optional port, then a path, query and fragment as RFC 3986
# spells them (no spaces, control characters, quotes or <>; a % is followed by two hex
# digits). The JSON Schema `uri` format alone admits addresses Django's
# URL check refuses (a one-letter top-level domain), and Django's check admits characters a
# URI may not hold.
HOST_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
URI_PCHAR = r"(?:[A-Za-z0-9\-._~!$&'()*+,;=:@]|%[0-9A-Fa-f]{2})"
URI_TAIL = rf"(?:/{URI_PCHAR}*)*(?:\?(?:{URI_PCHAR}|[/?])*)?(?:#(?:{URI_PCHAR}|[/?])*)?"
website_address = RegexValidator(
    rf"^https?://(?:{HOST_LABEL}\.)+[A-Za-z]{{2,63}}(?::[0-9]{{1,5}})?{URI_TAIL}$",
    message="Enter a web address such as https://example.com.", code="invalid")


# --8<-- [start:profile-serializers]
class ProfileSerializer(serializers.ModelSerializer):
    """A profile as anyone may see it, with counts and the viewer's relationship to it."""

    username = serializers.CharField(source="user.username", read_only=True)
    joined = serializers.DateTimeField(source="user.date_joined", read_only=True)
    avatar = serializers.ImageField(read_only=True)  # an absolute URL, or null
    website = OptionalURLField(max_length=200, read_only=True)
    relationship = serializers.SerializerMethodField()

    class Meta:
        model = Profile
        fields = ["username", "display_name", "bio", "avatar", "location", "website", "is_private", "joined",
                  "followers_count", "following_count", "friends_count", "relationship"]
        read_only_fields = fields
        list_serializer_class = WithRelationsListSerializer

    @staticmethod
    def profiles_in(profile) -> list:
        return [profile]

    # --8<-- [start:relationship]
    @extend_schema_field(RelationshipSerializer)
    def get_relationship(self, profile) -> dict:
        # A page's relations come from WithRelationsListSerializer; a profile shown on
        # its own (or nested in a row that was not) looks up its own: safe either way.
        relations = self.context.get("relations")
        if relations is None or not relations.covers(profile.user_id):
            request = self.context.get("request")
            relations = Relations.between(getattr(request, "user", None), [profile.user_id])
        return relations.flags(profile.user_id)
    # --8<-- [end:relationship]


class MyProfileSerializer(StrictTextMixin, ProfileSerializer):
    """Your own profile: the private fields too, and what you may change."""

    email = serializers.EmailField(source="user.email", read_only=True)
    website = OptionalURLField(max_length=200, required=False, validators=[website_address])
    is_private = StrictBooleanField(required=False)

    class Meta(ProfileSerializer.Meta):
        fields = [*ProfileSerializer.Meta.fields, "email", "birth_date"]
        read_only_fields = ["username", "avatar", "joined", "email", "followers_count", "following_count",
                            "friends_count", "relationship"]

    def validate_birth_date(self, birth_date):
        if birth_date and birth_date > timezone.localdate():
            raise serializers.ValidationError("A birth date cannot be in the future.")
        return birth_date
# --8<-- [end:profile-serializers]


class SearchParamsSerializer(serializers.Serializer):
    """The query string of user search. CharField refuses NUL bytes, which PostgreSQL cannot store."""

    search = serializers.CharField(required=False, default="", allow_blank=True, max_length=100,
                                   help_text="Part of a username or display name")


class AvatarUploadSerializer(serializers.Serializer):
    avatar = serializers.FileField(help_text="A JPEG, PNG, GIF or WebP image, at most 5 MB.")
