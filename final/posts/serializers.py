from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.serializers import StrictTextMixin
from engagement.fields import MyReactionField, ReactionCountsField
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
    quote_policy = serializers.ChoiceField(choices=Post.QuotePolicy.choices, default=Post.QuotePolicy.EVERYONE)
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
    """What the author may change after posting: the text, who may see it and who may quote it. Media stay as posted."""

    text = serializers.CharField(max_length=MAX_TEXT, required=False, allow_blank=True)
    visibility = serializers.ChoiceField(choices=Post.Visibility.choices, required=False)
    quote_policy = serializers.ChoiceField(choices=Post.QuotePolicy.choices, required=False)


# --8<-- [start:share-serializer]
class ShareSerializer(StrictTextMixin, serializers.Serializer):
    """A share: without text a repost, with text a quote."""

    text = serializers.CharField(max_length=MAX_TEXT, required=False, default="", allow_blank=True,
                                 help_text="Empty or absent for a repost; your words for a quote.")
    visibility = serializers.ChoiceField(choices=Post.Visibility.choices, default=Post.Visibility.PUBLIC,
                                         help_text="Who may see the share; never more people than see the original.")
# --8<-- [end:share-serializer]


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
class OriginalPostSerializer(serializers.ModelSerializer):
    """
    A post as its viewers see it, without what is about sharing. Built from
    Post.objects.for_display(): no query of its own. It is how a share shows its original.
    """

    id = serializers.CharField(read_only=True)
    author = AuthorSerializer(read_only=True)
    media = PostMediaSerializer(many=True, read_only=True)
    hashtags = serializers.SerializerMethodField()
    mentions = serializers.SerializerMethodField()
    reaction_counts = ReactionCountsField()
    my_reaction = MyReactionField()
    comments_count = serializers.IntegerField(read_only=True, help_text="All comments, replies included: a total.")
    shares_count = serializers.IntegerField(read_only=True, help_text="Reposts and quotes of this post: a total.")
    url = serializers.SerializerMethodField()

    class Meta:
        model = Post
        fields = ["id", "author", "text", "visibility", "quote_policy", "media", "hashtags", "mentions",
                  "reaction_counts", "my_reaction", "comments_count", "shares_count", "created_at", "edited_at",
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


class PostSerializer(OriginalPostSerializer):
    """A post, and for a share the original it shares (null for a post of its own)."""

    shared_post = serializers.SerializerMethodField()

    class Meta(OriginalPostSerializer.Meta):
        fields = ["id", "author", "text", "visibility", "shared_post", "quote_policy", "media", "hashtags", "mentions",
                  "reaction_counts", "my_reaction", "comments_count", "shares_count", "created_at", "edited_at",
                  "url"]
        read_only_fields = fields

    @extend_schema_field(OriginalPostSerializer(allow_null=True))
    def get_shared_post(self, post) -> dict | None:
        original = post.shared_post
        if original is None:
            return None
        # for_display counted the original's engagement in the share's row, as original_<name>
        for name, value in vars(post).items():
            if name.startswith("original_"):
                setattr(original, name.removeprefix("original_"), value)
        return OriginalPostSerializer(original, context=self.context).data
# --8<-- [end:post-serializer]


class PostEditSerializer(serializers.ModelSerializer):
    class Meta:
        model = PostEdit
        fields = ["text", "edited_at"]
        read_only_fields = fields
