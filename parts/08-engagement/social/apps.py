# --8<-- [start:config]
from django.apps import AppConfig


class SocialConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "social"
    # --8<-- [end:config]

    def ready(self):
        from social import signals  # noqa: F401  (connects the receivers)
