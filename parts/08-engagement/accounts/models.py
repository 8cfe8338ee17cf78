# --8<-- [start:username]
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
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

# --8<-- [start:reserved]
# Words that are paths under /api/users/ (/api/users/me/), so never anyone's handle.
RESERVED_USERNAMES = {"me", "suggestions"}


def validate_username_not_reserved(username: str) -> None:
    if username.lower() in RESERVED_USERNAMES:
        raise ValidationError("This username is reserved.", code="reserved_username")
# --8<-- [end:reserved]


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
        validators=[username_validator, validate_username_not_reserved],
        help_text="Your public handle: up to 30 letters, digits and underscores.",
    )
    # --8<-- [end:username]
    email_verified_at = models.DateTimeField(null=True, blank=True)
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

    @property
    def is_email_verified(self) -> bool:
        return self.email_verified_at is not None


# --8<-- [start:one-time-code]
class OneTimeCode(models.Model):
    """
    A 6-digit code sent by e-mail to prove the user owns the address.

    Only a hash is stored, it expires, it dies after too many wrong tries, and each user
    has at most one per purpose: asking for a new code replaces the old one.
    """

    class Purpose(models.TextChoices):
        VERIFY_EMAIL = "verify_email", "Verify e-mail"
        RESET_PASSWORD = "reset_password", "Reset password"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="one_time_codes")
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    code_hash = models.CharField(max_length=64)
    expires_at = models.DateTimeField()
    failed_attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "purpose"], name="accounts_one_code_per_purpose"),
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} code for {self.user}"
# --8<-- [end:one-time-code]
