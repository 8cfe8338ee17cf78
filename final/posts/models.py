"""
Posts: text, up to ten images or videos, hashtags and mentions, and the history of
edits. A share is a post too, pointing at the original it shares. Who may see a post is
posts.rules, reached as Post.objects.visible_to(viewer).
"""
from django.conf import settings
from django.db import models
from django.db.models import Prefetch, Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual

from posts import rules
from profiles.selectors import users_visible_to

USER = settings.AUTH_USER_MODEL
MAX_TEXT = 2200         # characters in a post
MAX_ALT_TEXT = 1000     # characters describing one image or video
MAX_TAG_LENGTH = 100    # characters in a hashtag, as stored


# --8<-- [start:queryset]
class PostQuerySet(models.QuerySet):
    def visible_to(self, viewer) -> "PostQuerySet":
        """The posts `viewer` may see (posts.rules): anything else is a 404, as if it did not exist."""
        if not getattr(viewer, "is_authenticated", False):
            return self.none()
        return self.filter(rules.post_visible_to(viewer))

    # --8<-- [start:for-display]
    def for_display(self, viewer) -> "PostQuerySet":
        """
        Everything the post's JSON shows, in a fixed number of queries whatever the page
        size: the author and profile joined, then media, hashtags and mentions one
        query each. Mentions of people hidden from the viewer are left out.

        The counts (reactions by type, comments, shares) and the viewer's own reaction
        are subqueries in the page's own query. A share's original is joined there too,
        with its counts; its media, hashtags and mentions are three more queries, which
        Django runs only when the page shows a share.
        """
        # engagement builds on posts (comments and reactions point at posts), so it is
        # imported here, when first used, once both apps are loaded.
        from engagement.counts import post_engagement

        return (self.select_related("author__profile", "shared_post__author__profile")
                .annotate(**post_engagement(viewer), **post_engagement(viewer, of="shared_post", prefix="original_"))
                .prefetch_related(*content_of_posts(viewer), *content_of_posts(viewer, through="shared_post__")))
    # --8<-- [end:for-display]
# --8<-- [end:queryset]


class Hashtag(models.Model):
    """A tag, stored normalised (NFKC, then casefold): #Café, #CAFÉ and #café are one row."""

    name = models.CharField(max_length=MAX_TAG_LENGTH, unique=True)

    def __str__(self) -> str:
        return f"#{self.name}"


# --8<-- [start:post]
class Post(models.Model):
    class Visibility(models.TextChoices):
        PUBLIC = rules.PUBLIC, "Public"
        FOLLOWERS = rules.FOLLOWERS, "Followers"
        FRIENDS = rules.FRIENDS, "Friends"
        ONLY_ME = rules.ONLY_ME, "Only me"

    class QuotePolicy(models.TextChoices):
        EVERYONE = rules.EVERYONE, "Everyone"
        FOLLOWERS = rules.FOLLOWERS, "Followers"
        NOBODY = rules.NOBODY, "Nobody"

    # No index of its own: posts_author_timeline below starts with this column.
    author = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="posts", db_index=False)
    # May be empty only when the post has media, or is a repost (posts.services checks it).
    text = models.TextField(blank=True, max_length=MAX_TEXT)
    visibility = models.CharField(max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC)
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True, help_text="When the text last changed.")
    hashtags = models.ManyToManyField(Hashtag, through="PostHashtag", related_name="posts")
    mentions = models.ManyToManyField(USER, through="PostMention", related_name="mentioned_in")
    # A share (a repost without text, or a quote with text) points at the original it
    # shares, never at another share, and goes when the original goes.
    shared_post = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="shares")
    quote_policy = models.CharField(max_length=10, choices=QuotePolicy.choices, default=QuotePolicy.EVERYONE,
                                    help_text="Who may quote this post (an original's setting).")

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # Someone's posts, newest first: the timeline reads this index in its own order.
            models.Index(fields=["author", "-created_at", "-id"], name="posts_author_timeline"),
        ]
        constraints = [
            models.CheckConstraint(condition=LessThanOrEqual(Length("text"), MAX_TEXT), name="posts_text_max_length"),
            models.CheckConstraint(condition=Q(visibility__in=rules.VISIBILITIES), name="posts_visibility_known"),
            models.CheckConstraint(condition=Q(quote_policy__in=rules.QUOTE_POLICIES), name="posts_quote_policy_known"),
            # One repost of a post per person, however many clicks arrive at once; quotes are not limited.
            models.UniqueConstraint(fields=["author", "shared_post"], condition=Q(text="", shared_post__isnull=False),
                                    name="posts_one_repost_per_person"),
        ]

    def __str__(self) -> str:
        return f"Post {self.pk} by {self.author}"
# --8<-- [end:post]


class PostHashtag(models.Model):
    """A hashtag in a post, at its place among the post's tags (order of first appearance)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="post_hashtags")
    # No index of its own: posts_hashtag_lookup below starts with this column.
    hashtag = models.ForeignKey(Hashtag, on_delete=models.CASCADE, related_name="+", db_index=False)
    position = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "hashtag"], name="posts_hashtag_once_per_post")]
        # A hashtag's page starts here: the posts that carry this tag.
        indexes = [models.Index(fields=["hashtag", "post"], name="posts_hashtag_lookup")]


class PostMention(models.Model):
    """A person mentioned in a post, at their place among the post's mentions."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="post_mentions")
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "user"], name="posts_mention_once_per_post")]


def media_path(medium: "PostMedia", filename: str) -> str:
    # The name is a random one chosen in posts/media.py: nothing from the upload's name.
    return f"posts/{filename}"


# --8<-- [start:media]
class PostMedia(models.Model):
    class Kind(models.TextChoices):
        IMAGE = "image", "Image"
        VIDEO = "video", "Video"

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="media")
    position = models.PositiveSmallIntegerField()  # 0-9: the order the files were uploaded in
    kind = models.CharField(max_length=5, choices=Kind.choices)
    file = models.FileField(upload_to=media_path, max_length=200)
    alt_text = models.CharField(max_length=MAX_ALT_TEXT, blank=True)
    width = models.PositiveIntegerField(null=True, blank=True)   # images only
    height = models.PositiveIntegerField(null=True, blank=True)  # images only
    content_type = models.CharField(max_length=50)
    size = models.PositiveBigIntegerField(help_text="Bytes, as stored.")

    class Meta:
        verbose_name_plural = "post media"
        constraints = [
            models.UniqueConstraint(fields=["post", "position"], name="posts_media_position_once"),
            models.CheckConstraint(condition=Q(position__lte=9), name="posts_media_at_most_ten"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.position} of post {self.post_id}"
# --8<-- [end:media]


def content_of_posts(viewer, through: str = "") -> list[Prefetch]:
    """A post's media, hashtags and mentions, in order; `through="shared_post__"` for the originals of shares."""
    return [
        Prefetch(f"{through}media", queryset=PostMedia.objects.order_by("position")),
        Prefetch(f"{through}post_hashtags", queryset=PostHashtag.objects.select_related("hashtag").order_by("position")),
        Prefetch(f"{through}post_mentions", queryset=PostMention.objects.filter(user__in=users_visible_to(viewer))
                 .select_related("user").order_by("position")),
    ]


class PostEdit(models.Model):
    """One change to a post's text: the text as it was before, and when it changed."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="edits")
    text = models.TextField(blank=True)
    edited_at = models.DateTimeField()

    class Meta:
        ordering = ["-edited_at", "-id"]
        indexes = [models.Index(fields=["post", "-edited_at", "-id"], name="posts_edit_history")]

    def __str__(self) -> str:
        return f"Edit of post {self.post_id} at {self.edited_at:%Y-%m-%d %H:%M}"
