"""E-mails the accounts app sends, through Django's e-mail API (console, file or SMTP)."""
import logging

from django.core.mail import send_mail

from accounts.codes import CODE_LIFETIME
from accounts.models import User

logger = logging.getLogger(__name__)

MINUTES = int(CODE_LIFETIME.total_seconds() // 60)


def _send(user: User, subject: str, body: str) -> None:
    try:
        send_mail(subject, body, from_email=None, recipient_list=[user.email])
    except OSError:
        # The user can ask for a new code; a mail server hiccup must not lose the account.
        logger.exception("Could not send %r to user %s", subject, user.pk)


def send_verification_code(user: User, code: str) -> None:
    _send(user, "Your verification code",
          f"Hi {user.username},\n\nYour verification code is {code}. "
          f"It expires in {MINUTES} minutes.\n\nIf you did not sign up, ignore this e-mail.\n")


def send_password_reset_code(user: User, code: str) -> None:
    _send(user, "Your password reset code",
          f"Hi {user.username},\n\nYour password reset code is {code}. "
          f"It expires in {MINUTES} minutes.\n\nIf you did not ask for it, ignore this e-mail: "
          "your password stays as it is.\n")
