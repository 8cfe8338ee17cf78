"""
The counts that posts and comments show, and the viewer's own reaction, as annotations
for the page's own query.

Each count is a subquery of its own. Several Count() annotations over different joins
would multiply each other (a post with 3 comments and 2 reactions would count 6 of
each); a subquery per count cannot, and a page of any size stays one query.
"""
from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from engagement.models import Comment, CommentReaction, PostReaction, Reaction
from posts.models import Post


# --8<-- [start:total]
def total(rows: QuerySet, column: str) -> Coalesce:
    """
    How many `rows` there are for the outer row, as a subquery (0 when there are none).
    `rows` is filtered on `column` = OuterRef(...): grouping by that column gives one count.
    """
    counted = rows.order_by().values(column).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted), 0)


def reaction_annotations(reactions: QuerySet, column: str, viewer, prefix: str = "") -> dict:
    """`<type>_count` for each of the six types (zeros included), and `my_reaction` (the viewer's, or None)."""
    counts = {f"{prefix}{kind}_count": total(reactions.filter(type=kind), column) for kind in Reaction.Type.values}
    return {**counts, f"{prefix}my_reaction": Subquery(reactions.filter(user=viewer).values("type")[:1])}
# --8<-- [end:total]


# --8<-- [start:post-engagement]
def post_engagement(viewer, of: str = "pk", prefix: str = "") -> dict:
    """
    A post's reactions by type, the viewer's reaction, its comments (replies included)
    and its shares: all totals. `of="shared_post"` counts for a share's original instead.
    """
    post = OuterRef(of)
    return {
        **reaction_annotations(PostReaction.objects.filter(post=post), "post", viewer, prefix),
        f"{prefix}comments_count": total(Comment.objects.filter(post=post), "post"),
        f"{prefix}shares_count": total(Post.objects.filter(shared_post=post), "shared_post"),
    }
# --8<-- [end:post-engagement]


def comment_engagement(viewer) -> dict:
    """A comment's reactions by type, the viewer's reaction, and its direct replies (a total)."""
    comment = OuterRef("pk")
    return {
        **reaction_annotations(CommentReaction.objects.filter(comment=comment), "comment", viewer),
        "replies_count": total(Comment.objects.filter(parent=comment), "parent"),
    }


def reaction_counts_of(reactions: QuerySet) -> dict[str, int]:
    """All six types and their counts, zeros included, in one grouped query (for a reaction's answer)."""
    found = dict(reactions.order_by().values_list("type").annotate(n=Count("pk")))
    return {kind: found.get(kind, 0) for kind in Reaction.Type.values}
