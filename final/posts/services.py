"""
Every change to posts, each one transaction: create (with its media, hashtags and
mentions), share, edit (keeping the history) and delete. Files are written through
Django's storage API, so the same code stores them on disk today and in object storage
later.
"""
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone

from posts import rules
from posts.errors import NotTheAuthor, QuoteNotAllowed
from posts.media import Medium
from posts.models import Hashtag, Post, PostEdit, PostHashtag, PostMedia, PostMention
from posts.parsing import hashtags_in, mentions_in
from profiles.selectors import users_visible_to

EMPTY_POST = "Write something, or add a photo or a video."
SHARE_KEEPS_ITS_KIND = "A repost has no text and a quote keeps some: share the post again instead."


def _link_hashtags_and_mentions(post: Post) -> None:
    """Read the tags and mentions in the post's text again, replacing the old links."""
    post.post_hashtags.all().delete()
    post.post_mentions.all().delete()
    names = hashtags_in(post.text)
    if names:
        # Two posts may bring the same new tag at once: the unique name keeps one row.
        Hashtag.objects.bulk_create([Hashtag(name=name) for name in names], ignore_conflicts=True)
        ids = dict(Hashtag.objects.filter(name__in=names).values_list("name", "pk"))
        PostHashtag.objects.bulk_create([PostHashtag(post=post, hashtag_id=ids[name], position=position)
                                         for position, name in enumerate(names)])
    usernames = mentions_in(post.text)
    if usernames:
        # Only people who exist and may be seen by the author: someone who blocked
        # the author is not linked (the text keeps the @name, as written).
        found = dict(users_visible_to(post.author).annotate(handle=Lower("username"))
                     .filter(handle__in=usernames).values_list("handle", "pk"))
        PostMention.objects.bulk_create([PostMention(post=post, user_id=found[name], position=position)
                                         for position, name in enumerate(name for name in usernames if name in found)])


# --8<-- [start:create]
def post_create(*, author, text: str = "", visibility: str = Post.Visibility.PUBLIC,
                quote_policy: str = Post.QuotePolicy.EVERYONE,
                media: Sequence[Medium] = (), alt_texts: Sequence[str] = ()) -> Post:
    """
    A new post. `media` are files already checked by posts.media, stored in order with
    the alt text at the same place (fewer alt texts than files is fine). If anything
    fails, the files stored so far are removed again: no orphans in storage.
    """
    if not text and not media:
        raise ValidationError({"text": [EMPTY_POST]})
    stored = []
    try:
        with transaction.atomic():
            post = Post.objects.create(author=author, text=text, visibility=visibility, quote_policy=quote_policy)
            for position, medium in enumerate(media):
                alt_text = alt_texts[position] if position < len(alt_texts) else ""
                item = PostMedia.objects.create(
                    post=post, position=position, kind=medium.kind, file=medium.content, alt_text=alt_text,
                    width=medium.width, height=medium.height, content_type=medium.content_type, size=medium.size)
                stored.append(item.file.name)
            _link_hashtags_and_mentions(post)
    except Exception:
        for name in stored:
            default_storage.delete(name)
        raise
    return post
# --8<-- [end:create]


# --8<-- [start:share]
def post_share(*, sharer, post: Post, text: str = "", visibility: str = Post.Visibility.PUBLIC) -> tuple[Post, bool]:
    """
    Share a post the sharer can see: a repost without text, or a quote with text.
    Returns the share and whether it is new. Sharing a share shares its original.

    A person reposts a post once: a second repost (a double click, or two at once) is
    the first one again. The partial unique constraint posts_one_repost_per_person lets
    only one row in; get_or_create, on the error that constraint raises, reads the row
    that won. Quotes are not limited, but the original's author decides who may quote.
    """
    original = post.shared_post or post
    if not text:
        return Post.objects.get_or_create(author=sharer, shared_post=original, text="",
                                          defaults={"visibility": visibility})
    if not rules.may_quote(sharer, original):
        raise QuoteNotAllowed()
    with transaction.atomic():
        quote = Post.objects.create(author=sharer, shared_post=original, text=text, visibility=visibility)
        _link_hashtags_and_mentions(quote)
    return quote, True
# --8<-- [end:share]


# --8<-- [start:edit]
@transaction.atomic
def post_edit(*, post: Post, editor, text: str | None = None, visibility: str | None = None,
              quote_policy: str | None = None) -> Post:
    """
    Change a post's text, visibility and/or quote policy; only its author may. A new text
    keeps the old one in the history (PostEdit), sets edited_at and reads hashtags and
    mentions again. Changing only who may see or quote it is not an edit: no history,
    edited_at unchanged. A repost stays a repost, a quote a quote.
    """
    if post.author_id != editor.pk:
        raise NotTheAuthor()
    # Lock the row: two edits at once each record the text they really replaced.
    post = Post.objects.select_for_update().get(pk=post.pk)
    if visibility is not None:
        post.visibility = visibility
    if quote_policy is not None:
        post.quote_policy = quote_policy
    if text is not None and text != post.text:
        if post.shared_post_id and not (text and post.text):
            # A text on a repost would be a quote the original's quote policy never checked
            raise ValidationError({"text": [SHARE_KEEPS_ITS_KIND]})
        if not text and not post.media.exists():
            raise ValidationError({"text": [EMPTY_POST]})
        now = timezone.now()
        PostEdit.objects.create(post=post, text=post.text, edited_at=now)
        post.text, post.edited_at = text, now
        _link_hashtags_and_mentions(post)
    post.save(update_fields=["text", "visibility", "quote_policy", "edited_at"])
    return post
# --8<-- [end:edit]


@transaction.atomic
def post_delete(*, post: Post, editor) -> None:
    """
    Delete a post; only its author may. Its media rows go with it, and their files leave
    storage once the deletion has committed (posts.signals), never before: a deletion
    that rolls back must not leave a post pointing at missing files.
    """
    if post.author_id != editor.pk:
        raise NotTheAuthor()
    post.delete()
