import unicodedata

from django.contrib.auth.base_user import BaseUserManager
from django.db import transaction
from django.db.models.functions import Lower


class UserManager(BaseUserManager):
    """Creates users that log in with their e-mail address."""

    use_in_migrations = True

    @classmethod
    def normalize_email(cls, email: str | None) -> str:
        # Django lower-cases only the domain; we lower-case it all, since no real
        # mailbox tells Ann@ from ann@ and users forget which they typed. NFKC first
        # folds look-alike characters into the plain ones ("ſ" becomes "s").
        email = unicodedata.normalize("NFKC", email or "")
        return super().normalize_email(email).strip().lower()

    def with_email(self, email: str):
        """
        The user with this address in any letter case. The query compares
        LOWER(email) with the normalised address: the expression the case-insensitive
        unique index is built on, so the database finds the row through that index.
        """
        return self.alias(email_lower=Lower("email")).filter(email_lower=self.normalize_email(email))

    def get_by_natural_key(self, email: str):
        """Log in with the e-mail address in any letter case."""
        return self.with_email(email).get()

    # --8<-- [start:create-user]
    def _create_user(self, email: str, username: str, password: str | None, **extra_fields):
        if not email:
            raise ValueError("Users must have an e-mail address.")
        if not username:
            raise ValueError("Users must have a username.")
        user = self.model(email=self.normalize_email(email), username=username, **extra_fields)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        with transaction.atomic(using=self._db):
            user.save(using=self._db)
            # Every user has a profile, created in the same transaction: never one without it.
            from profiles.services import profile_create

            profile_create(user=user)
        return user
    # --8<-- [end:create-user]

    def create_user(self, email: str, username: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, username, password, **extra_fields)

    def create_superuser(self, email: str, username: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        if extra_fields["is_staff"] is not True or extra_fields["is_superuser"] is not True:
            raise ValueError("A superuser must have is_staff=True and is_superuser=True.")
        return self._create_user(email, username, password, **extra_fields)
