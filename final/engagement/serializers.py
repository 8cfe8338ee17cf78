from rest_framework import serializers

from core.serializers import StrictTextMixin
from engagement.fields import MyReactionField, ReactionCountsField
from engagement.models import MAX_COMMENT, Comment, Reaction
from posts.serializers import AuthorSerializer

NO_SUCH_COMMENT = "No such comment."


# --8<-- [start:comment-create]
class CommentCreateSerializer(StrictTextMixin, serializers.Serializer):
    """
    A new comment on the post in the URL (context["post"]), or a reply to one of its
    comments. The parent must be a comment the viewer (context["viewer"]) may see, on the
    same post: anything else is a 400 naming `parent`.
    """

    text = serializers.CharField(max_length=MAX_COMMENT)
    parent = serializers.CharField(required=False, allow_null=True, default=None,
                                   help_text="The id of the comment this one replies to; null or absent for "
                                             "a comment on the post itself.")

    def validate_parent(self, parent_id: str | None) -> Comment | None:
        if parent_id is None:
            return None
        visible = Comment.objects.visible_to(self.context["viewer"])
        # A hidden comment and one that does not exist get the same answer.
        parent = visible.filter(pk=parent_id).first() if parent_id.isascii() and parent_id.isdigit() else None
        if parent is None:
            raise serializers.ValidationError(NO_SUCH_COMMENT)
        if parent.post_id != self.context["post"].pk:
            raise serializers.ValidationError("This comment is on another post: reply on the post it belongs to.")
        return parent
# --8<-- [end:comment-create]


class CommentUpdateSerializer(StrictTextMixin, serializers.Serializer):
    text = serializers.CharField(max_length=MAX_COMMENT)


class CommentSerializer(serializers.ModelSerializer):
    """A comment as its viewers see it. Built from Comment.objects.for_display(): no query of its own."""

    id = serializers.CharField(read_only=True)
    post = serializers.CharField(source="post_id", read_only=True)
    parent = serializers.CharField(source="parent_id", read_only=True, allow_null=True)
    author = AuthorSerializer(read_only=True)
    replies_count = serializers.IntegerField(read_only=True, help_text="Direct replies, all of them: a total.")
    reaction_counts = ReactionCountsField()
    my_reaction = MyReactionField()

    class Meta:
        model = Comment
        fields = ["id", "post", "parent", "author", "text", "created_at", "edited_at", "replies_count",
                  "reaction_counts", "my_reaction"]
        read_only_fields = fields


# --8<-- [start:reaction-serializers]
class ReactionSerializer(StrictTextMixin, serializers.Serializer):
    type = serializers.ChoiceField(choices=Reaction.Type.choices)


class ReactionAnswerSerializer(serializers.Serializer):
    """What a PUT of a reaction answers: your reaction, and the counts as the post's or comment's JSON shows them."""

    type = serializers.ChoiceField(choices=Reaction.Type.choices, read_only=True)
    reaction_counts = serializers.DictField(child=serializers.IntegerField(), read_only=True,
                                           help_text="Each of the six types, zeros included.")
    my_reaction = serializers.ChoiceField(choices=Reaction.Type.choices, read_only=True, allow_null=True)


class ReactorSerializer(serializers.Serializer):
    """One person in a list of who reacted."""

    user = AuthorSerializer(read_only=True)
    type = serializers.ChoiceField(choices=Reaction.Type.choices, read_only=True)
    created_at = serializers.DateTimeField(read_only=True)
# --8<-- [end:reaction-serializers]
