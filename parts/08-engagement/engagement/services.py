"""
Every change to comments and reactions. Reactions are written with an upsert against a
unique constraint, so double clicks and races leave one reaction per person, never two.
"""
from django.db import transaction
from django.utils import timezone

from engagement.errors import NotYourComment
from engagement.models import Comment, CommentReaction, PostReaction


# --8<-- [start:comment-create]
def comment_create(*, author, post, text: str, parent: Comment | None = None) -> Comment:
    """A comment on `post`, or a reply to `parent` (a comment of the same post, checked by the serializer)."""
    return Comment.objects.create(author=author, post=post, parent=parent, text=text)
# --8<-- [end:comment-create]


# --8<-- [start:comment-edit]
def comment_edit(*, comment: Comment, editor, text: str) -> Comment:
    """Change a comment's text; only its author may."""
    if comment.author_id != editor.pk:
        raise NotYourComment()
    comment.text, comment.edited_at = text, timezone.now()
    comment.save(update_fields=["text", "edited_at"])
    return comment
# --8<-- [end:comment-edit]


# --8<-- [start:comment-delete]
@transaction.atomic
def comment_delete(*, comment: Comment, editor) -> None:
    """
    Delete a comment: its author may, and so may the author of the post it is on (a
    post's author looks after its conversation). Its replies go with it, and theirs.
    """
    if editor.pk not in (comment.author_id, comment.post.author_id):
        raise NotYourComment()
    comment.delete()
# --8<-- [end:comment-delete]


# --8<-- [start:react]
def react(*, user, type: str, post=None, comment=None) -> None:
    """
    Set `user`'s reaction to a post or a comment: the first PUT creates it, a later one
    replaces its type. One INSERT ... ON CONFLICT DO UPDATE statement: when fifty
    requests arrive at once, the database's unique constraint decides, and every one
    of them ends with the single row in place. (update_or_create reads, then inserts,
    then on a clash reads again and updates: four statements and a savepoint, and
    without the constraint two requests could both insert.)
    """
    if post is not None:
        model, target = PostReaction, {"post": post}
    else:
        model, target = CommentReaction, {"comment": comment}
    model.objects.bulk_create([model(user=user, type=type, **target)], update_conflicts=True,
                              unique_fields=[*target, "user"], update_fields=["type"])
# --8<-- [end:react]


# --8<-- [start:unreact]
def unreact(*, user, post=None, comment=None) -> None:
    """Remove `user`'s reaction; when there is none, there is nothing to do (a double click is fine)."""
    if post is not None:
        PostReaction.objects.filter(post=post, user=user).delete()
    else:
        CommentReaction.objects.filter(comment=comment, user=user).delete()
# --8<-- [end:unreact]
