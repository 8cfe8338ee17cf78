# --8<-- [start:username]
from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower

from accounts.managers import UserManager

# Handles appear in URLs (/api/users/<username>/), so only URL-safe characters.
username_validator = RegexValidator(
    regex=r"^[A-Za-z0-9_]+\Z",
    message="Use only letters, digits and underscores.",
    code="invalid_username",
)


class User(AbstractUser):
    """A person using the site: logs in with an e-mail address, is shown by username."""

    # unique=True is what Django's auth checks look for; the constraints in Meta add
    # uniqueness whatever the letter case.
    email = models.EmailField(
        "e-mail address", max_length=254, unique=True,
        error_messages={"unique": "A user with this e-mail already exists."},
    )
    username = models.CharField(
        max_length=30,
        unique=True,
        error_messages={"unique": "This username is taken."},
        validators=[username_validator],
        help_text="Your public handle: up to 30 letters, digits and underscores.",
    )
    # --8<-- [end:username]
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["username"]  # asked for by createsuperuser, besides e-mail and password

    objects = UserManager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # Unique whatever the letter case, enforced by the database itself, so no
            # form, script or race between two requests can create a duplicate.
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique",
                                    violation_error_message="A user with this e-mail already exists."),
            models.UniqueConstraint(Lower("username"), name="accounts_user_username_ci_unique",
                                    violation_error_message="This username is taken."),
        ]

    def __str__(self) -> str:
        return self.email

    def clean(self):
        super().clean()
        self.email = type(self).objects.normalize_email(self.email)
