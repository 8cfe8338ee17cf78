"""
What people do with posts: comments (with replies, nested to any depth) and reactions,
one per person per post and per comment. Who may see a comment is engagement.rules,
reached as Comment.objects.visible_to(viewer).
"""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import GreaterThanOrEqual, LessThanOrEqual

from engagement import rules

USER = settings.AUTH_USER_MODEL
MAX_COMMENT = 1000  # characters in a comment


# --8<-- [start:comment-queryset]
class CommentQuerySet(models.QuerySet):
    def visible_to(self, viewer) -> "CommentQuerySet":
        """The comments `viewer` may see (engagement.rules): anything else is a 404."""
        if not getattr(viewer, "is_authenticated", False):
            return self.none()
        return self.filter(rules.comment_visible_to(viewer))

    def for_display(self, viewer) -> "CommentQuerySet":
        """Everything the comment's JSON shows, in the page's own query: the author and the counts."""
        from engagement.counts import comment_engagement  # counts.py reads these models

        return self.select_related("author__profile").annotate(**comment_engagement(viewer))
# --8<-- [end:comment-queryset]


# --8<-- [start:comment]
class Comment(models.Model):
    # No index of its own: engagement_comment_thread below starts with this column.
    post = models.ForeignKey("posts.Post", on_delete=models.CASCADE, related_name="comments", db_index=False)
    author = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="comments")
    # Null for a comment on the post itself. Deleting a comment deletes its replies, and theirs.
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies")
    text = models.TextField(max_length=MAX_COMMENT)
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True, help_text="When the text last changed.")

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]  # conversation order: oldest first
        indexes = [
            # A post's comments, or a comment's replies, in conversation order.
            models.Index(fields=["post", "parent", "created_at", "id"], name="engagement_comment_thread"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(GreaterThanOrEqual(Length("text"), 1),
                                               LessThanOrEqual(Length("text"), MAX_COMMENT)),
                                   name="engagement_comment_length"),
        ]

    def __str__(self) -> str:
        return f"Comment {self.pk} by {self.author} on post {self.post_id}"
# --8<-- [end:comment]


# --8<-- [start:reactions]
class Reaction(models.Model):
    """What a reaction is, on a post or on a comment: who, which one, and when."""

    class Type(models.TextChoices):
        LIKE = "like", "Like"
        LOVE = "love", "Love"
        HAHA = "haha", "Haha"
        WOW = "wow", "Wow"
        SAD = "sad", "Sad"
        ANGRY = "angry", "Angry"

    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    type = models.CharField(max_length=5, choices=Type.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class PostReaction(Reaction):
    # No index of its own: the constraint and the index below start with this column.
    post = models.ForeignKey("posts.Post", on_delete=models.CASCADE, related_name="reactions", db_index=False)

    class Meta:
        constraints = [
            # One reaction per person per post: a second one replaces the first (engagement.services).
            models.UniqueConstraint(fields=["post", "user"], name="engagement_post_reaction_once"),
            models.CheckConstraint(condition=Q(type__in=Reaction.Type.values), name="engagement_post_reaction_known"),
        ]
        # Who reacted to a post, newest first.
        indexes = [models.Index(fields=["post", "-created_at", "-id"], name="engagement_post_reactions")]

    def __str__(self) -> str:
        return f"{self.user} reacted {self.type} to post {self.post_id}"


class CommentReaction(Reaction):
    # No index of its own: the constraint and the index below start with this column.
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reactions", db_index=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["comment", "user"], name="engagement_comment_reaction_once"),
            models.CheckConstraint(condition=Q(type__in=Reaction.Type.values),
                                   name="engagement_comment_reaction_known"),
        ]
        indexes = [models.Index(fields=["comment", "-created_at", "-id"], name="engagement_comment_reactions")]

    def __str__(self) -> str:
        return f"{self.user} reacted {self.type} to comment {self.comment_id}"
# --8<-- [end:reactions]
