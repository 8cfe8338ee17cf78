"""
A post's files leave storage with its media rows, however the rows go: the author
deleting the post (posts.services), an admin deleting it, or the author's account being
deleted with everything in it.
"""
from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from posts.models import PostMedia


# --8<-- [start:delete-files]
@receiver(post_delete, sender=PostMedia, dispatch_uid="posts_files_leave_with_their_media")
def delete_the_file(sender, instance, **kwargs):
    # Only once the deletion has committed: if it rolls back, the row and its file stay.
    storage, name = instance.file.storage, instance.file.name
    if name:
        transaction.on_commit(lambda: storage.delete(name))
# --8<-- [end:delete-files]
