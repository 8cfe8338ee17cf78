"""
Who may see a post: the one rule every endpoint that shows or touches a post goes
through (Post.objects.visible_to(viewer)). It is a filter built from the social rules,
so a page of posts costs one query for the rule, never one per post. Who may quote a
post is here too.
"""
from django.db.models import Exists, OuterRef, Q

from profiles.selectors import users_visible_to
from social.rules import blocked_by, followee_ids, friend_ids

PUBLIC, FOLLOWERS, FRIENDS, ONLY_ME = VISIBILITIES = ("public", "followers", "friends", "only_me")
EVERYONE, NOBODY = "everyone", "nobody"
QUOTE_POLICIES = (EVERYONE, FOLLOWERS, NOBODY)


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


def post_itself_visible_to(viewer) -> Q:
    """
    Posts the viewer may see, judged on the post alone: by an author the viewer may see
    (active, verified, and not someone who blocked the viewer), not by someone the viewer
    blocked (a block hides posts both ways), and with an audience that includes the viewer.

    Your own posts pass the author conditions too: whoever holds a token is active and
    verified. They are joined with AND at the top, where the database checks each post's
    author by primary key; only the audience is an OR, and its subqueries hold the
    viewer's own follows and friends, a handful of ids (posts/test_indexes.py).
    """
    return (Q(author__in=users_visible_to(viewer))
            & ~Q(author__in=blocked_by(viewer))
            & audience_includes(viewer))
# --8<-- [end:visible-to]


# --8<-- [start:shares]
def post_visible_to(viewer) -> Q:
    """
    Posts the viewer may see: the post itself, and for a share its original too. A share
    never widens the original's audience: a public repost of a followers-only post shows
    only to the original's followers (and friends), and to nobody the original's author
    blocked.
    """
    from posts.models import Post  # this module is imported by posts.models: Post is there once it runs

    # The original, found by primary key and judged by the same rule (an original is never a share)
    original_visible = Exists(Post.objects.filter(post_itself_visible_to(viewer), pk=OuterRef("shared_post")))
    return post_itself_visible_to(viewer) & (Q(shared_post__isnull=True) | original_visible)
# --8<-- [end:shares]


# --8<-- [start:may-quote]
def may_quote(person, original) -> bool:
    """
    The original's author decides who else may quote it: everyone, their followers, or
    nobody; the author may always quote their own post. "Followers" reads as it does for
    visibility: accepted followers, and friends, the closer circle.
    """
    if person.pk == original.author_id or original.quote_policy == EVERYONE:
        return True
    if original.quote_policy == FOLLOWERS:
        author = original.author_id
        return (followee_ids(person).filter(followee=author).exists()
                or author in set(friend_ids(person)))
    return False
# --8<-- [end:may-quote]
