from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.serializers import StrictTextMixin
from posts.media import MAX_IMAGE_BYTES, MAX_MEDIA, MAX_VIDEO_BYTES, InvalidMedia, checked_medium
from posts.models import MAX_ALT_TEXT, MAX_TEXT, Post, PostEdit, PostMedia


class FlatListField(serializers.ListField):
    """
    A list whose errors name the item in words ("File 2: ..."), in the usual
    {"field": ["message", ...]} shape, where DRF's ListField would nest them by index.
    """

    item_label = "Item"

    def to_internal_value(self, data):
        try:
            return super().to_internal_value(data)
        except serializers.ValidationError as error:
            if not isinstance(error.detail, dict):
                raise
            raise serializers.ValidationError([f"{self.item_label} {index + 1}: {message}"
                                               for index, messages in error.detail.items()
                                               for message in messages]) from None


class MediaField(FlatListField):
    item_label = "File"


class AltTextField(FlatListField):
    item_label = "Alt text"


# --8<-- [start:create-serializer]
class PostCreateSerializer(StrictTextMixin, serializers.Serializer):
    """
    A new post, as JSON or as a multipart form: `media` repeated for each file, in order,
    and `alt_text` repeated in the same order (fewer alt texts than files is fine).
    """

    text = serializers.CharField(max_length=MAX_TEXT, required=False, default="", allow_blank=True)
    visibility = serializers.ChoiceField(choices=Post.Visibility.choices, default=Post.Visibility.PUBLIC)
    media = MediaField(child=serializers.FileField(allow_empty_file=True), required=False, default=list,
                       help_text=f"Up to {MAX_MEDIA} images (JPEG, PNG, GIF, WebP; {MAX_IMAGE_BYTES // 2**20} MB) "
                                 f"or videos (MP4, WebM; {MAX_VIDEO_BYTES // 2**20} MB), in order.")
    alt_text = AltTextField(child=serializers.CharField(max_length=MAX_ALT_TEXT, allow_blank=True),
                            required=False, default=list,
                            help_text="A description of each file, in the same order as media.")

    def validate_media(self, uploads):
        """Each file checked from its bytes; every bad one is named, with what is wrong."""
        if len(uploads) > MAX_MEDIA:
            raise serializers.ValidationError(f"At most {MAX_MEDIA} files per post; this one has {len(uploads)}.")
        media, problems = [], []
        for number, upload in enumerate(uploads, 1):
            try:
                media.append(checked_medium(upload))
            except InvalidMedia as problem:
                problems.append(f"File {number} ({upload.name}): {problem}")
        if problems:
            raise serializers.ValidationError(problems)
        return media

    def validate(self, data):
        if len(data["alt_text"]) > len(data["media"]):
            raise serializers.ValidationError(
                {"alt_text": [f"{len(data['alt_text'])} alt texts for {len(data['media'])} files: "
                              "at most one for each file."]})
        return data
# --8<-- [end:create-serializer]


class PostUpdateSerializer(StrictTextMixin, serializers.Serializer):
    """What the author may change after posting: the text and who may see it. Media stay as posted."""

    text = serializers.CharField(max_length=MAX_TEXT, required=False, allow_blank=True)
    visibility = serializers.ChoiceField(choices=Post.Visibility.choices, required=False)


class AuthorSerializer(serializers.Serializer):
    username = serializers.CharField(read_only=True)
    display_name = serializers.CharField(source="profile.display_name", read_only=True)
    avatar = serializers.ImageField(source="profile.avatar", read_only=True)  # an absolute URL, or null


class PostMediaSerializer(serializers.ModelSerializer):
    id = serializers.CharField(read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = PostMedia
        fields = ["id", "kind", "url", "alt_text", "width", "height", "content_type", "size"]
        read_only_fields = fields

    def get_url(self, medium) -> str:
        return self.context["request"].build_absolute_uri(medium.file.url)


# --8<-- [start:post-serializer]
class PostSerializer(serializers.ModelSerializer):
    """A post as its viewers see it. Built from Post.objects.for_display(): no query of its own."""

    id = serializers.CharField(read_only=True)
    author = AuthorSerializer(read_only=True)
    media = PostMediaSerializer(many=True, read_only=True)
    hashtags = serializers.SerializerMethodField()
    mentions = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Post
        fields = ["id", "author", "text", "visibility", "media", "hashtags", "mentions", "created_at", "edited_at",
                  "url"]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_hashtags(self, post) -> list[str]:
        return [link.hashtag.name for link in post.post_hashtags.all()]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_mentions(self, post) -> list[str]:
        return [link.user.username for link in post.post_mentions.all()]

    def get_url(self, post) -> str:
        return reverse("post-detail", args=[post.pk])
# --8<-- [end:post-serializer]


class PostEditSerializer(serializers.ModelSerializer):
    class Meta:
        model = PostEdit
        fields = ["text", "edited_at"]
        read_only_fields = fields
