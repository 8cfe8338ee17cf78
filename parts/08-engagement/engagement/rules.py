"""
Who may see a comment: the one rule every comment endpoint goes through
(Comment.objects.visible_to(viewer)), built on the posts' rule. Like it, it is one
filter, so a page of comments costs one query for the rule.
"""
from django.db.models import Exists, OuterRef, Q

from posts.models import Post
from profiles.selectors import users_visible_to
from social.models import Block
from social.rules import blocked_by


# --8<-- [start:comment-rule]
def comment_visible_to(viewer) -> Q:
    """
    Comments on a post the viewer may see, by someone the viewer may see (active,
    verified, and not someone who blocked the viewer) and not by someone the viewer
    blocked: a block hides comments both ways, as it hides posts. And never by someone
    the post's author blocked: blocking a person also clears their comments from your
    posts, for everyone.
    """
    blocked_by_the_posts_author = Block.objects.filter(blocker=OuterRef("post__author"), blocked=OuterRef("author"))
    return (Q(post__in=Post.objects.visible_to(viewer))
            & Q(author__in=users_visible_to(viewer))
            & ~Q(author__in=blocked_by(viewer))
            & ~Exists(blocked_by_the_posts_author))
# --8<-- [end:comment-rule]


def reactor_visible_to(viewer) -> Q:
    """In a list of who reacted, only people the viewer may see and has not blocked, as with comments."""
    return Q(user__in=users_visible_to(viewer)) & ~Q(user__in=blocked_by(viewer))
