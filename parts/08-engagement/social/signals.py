"""The one graph change no service makes: a user deleted (by an admin, or later by themselves)."""
from django.conf import settings
from django.db.models.signals import pre_delete
from django.dispatch import receiver

from social import counters


@receiver(pre_delete, sender=settings.AUTH_USER_MODEL, dispatch_uid="social_counts_when_a_user_goes")
def counts_drop_when_a_user_goes(sender, instance, **kwargs):
    # Runs inside the deletion's transaction, before the cascade removes the user's rows.
    counters.user_leaves(instance)
