"""
Who may see a post: the one rule every endpoint that shows or touches a post goes
through (Post.objects.visible_to(viewer)). It is a filter built from the social rules,
so a page of posts costs one query for the rule, never one per post.
"""
from django.db.models import Q

from profiles.selectors import users_visible_to
from social.rules import blocked_by, followee_ids, friend_ids

PUBLIC, FOLLOWERS, FRIENDS, ONLY_ME = VISIBILITIES = ("public", "followers", "friends", "only_me")


# --8<-- [start:visible-to]
def audience_includes(viewer) -> Q:
    """
    Posts whose audience includes the viewer. Friends are the closer circle: what a
    follower sees, a friend sees too. A private account's public posts are for its
    approved followers and its friends.
    """
    return (
        Q(author=viewer)  # your own posts, `only_me` included
        | Q(visibility=PUBLIC, author__profile__is_private=False)
        | Q(visibility__in=[PUBLIC, FOLLOWERS], author__in=followee_ids(viewer))
        | Q(visibility__in=[PUBLIC, FOLLOWERS, FRIENDS], author__in=friend_ids(viewer))
    )


def post_visible_to(viewer) -> Q:
    """
    Posts the viewer may see: by an author the viewer may see (active, verified, and not
    someone who blocked the viewer), not by someone the viewer blocked (a block hides
    posts both ways), and with an audience that includes the viewer.

    Your own posts pass the author conditions too: whoever holds a token is active and
    verified. They are joined with AND at the top, where the database checks each post's
    author by primary key; only the audience is an OR, and its subqueries hold the
    viewer's own follows and friends, a handful of ids (posts/test_indexes.py).
    """
    return (Q(author__in=users_visible_to(viewer))
            & ~Q(author__in=blocked_by(viewer))
            & audience_includes(viewer))
# --8<-- [end:visible-to]
