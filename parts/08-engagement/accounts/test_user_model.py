"""The custom user: log in with an e-mail address, unique whatever its letter case."""
import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

User = get_user_model()
pytestmark = pytest.mark.django_db


def test_the_project_uses_our_user_model():
    assert User._meta.label == "accounts.User"
    assert User.USERNAME_FIELD == "email"


def test_create_user_normalises_the_email_and_hashes_the_password():
    user = User.objects.create_user(email="  Ann@Example.COM ", username="ann", password="s3cret-Passw0rd")

    assert user.email == "ann@example.com"
    assert user.password != "s3cret-Passw0rd"
    assert user.check_password("s3cret-Passw0rd")
    assert not user.is_staff and not user.is_superuser
    assert user.created_at and user.updated_at


def test_create_superuser_sets_the_flags():
    admin = User.objects.create_superuser(email="root@example.com", username="root", password="x-Passw0rd-1")

    assert admin.is_staff and admin.is_superuser


def test_a_superuser_cannot_be_created_without_staff():
    with pytest.raises(ValueError):
        User.objects.create_superuser(email="a@example.com", username="a", password="p", is_staff=False)


def test_authenticate_with_the_email_in_any_letter_case():
    User.objects.create_user(email="ann@example.com", username="ann", password="s3cret-Passw0rd")

    assert authenticate(email="ANN@example.com", password="s3cret-Passw0rd") is not None
    assert authenticate(email="ann@example.com", password="wrong") is None


# --8<-- [start:database-refuses]
def test_the_database_refuses_the_same_email_in_another_case():
    User.objects.create(email="ann@example.com", username="ann")

    # Straight to the database, skipping every form and manager: still refused.
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(email="ANN@Example.com", username="ann2")


def test_the_database_refuses_the_same_username_in_another_case():
    User.objects.create(email="ann@example.com", username="ann")

    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(email="other@example.com", username="ANN")
# --8<-- [end:database-refuses]


@pytest.mark.parametrize("handle", ["ann smith", "ann/../x", "ann@home", "x" * 31, ""])
def test_usernames_must_be_url_safe(handle):
    with pytest.raises((ValidationError, ValueError)):
        User.objects.create_user(email="ann@example.com", username=handle, password="s3cret-Passw0rd")


def test_create_user_requires_an_email():
    with pytest.raises(ValueError):
        User.objects.create_user(email="", username="ann", password="s3cret-Passw0rd")


def test_a_look_alike_address_is_stored_in_its_plain_form():
    # "ſ" (long s) passes e-mail validation and PostgreSQL's UPPER() turns it into "S".
    user = User.objects.create_user(email="\u017fam@example.com", username="sam", password="s3cret-Passw0rd")

    assert user.email == "sam@example.com"
    assert User.objects.with_email("\u017fAM@example.com").get() == user


def test_logging_in_looks_the_email_up_with_lower_like_the_unique_index():
    User.objects.create_user(email="ann@example.com", username="ann", password="s3cret-Passw0rd")

    with CaptureQueriesContext(connection) as queries:
        User.objects.get_by_natural_key("ANN@example.com")

    # UPPER(email) = ... (what email__iexact writes) could not use the LOWER(email) index.
    sql = queries[0]["sql"]
    assert 'LOWER("accounts_user"."email") = ' in sql, sql
    assert "UPPER" not in sql, sql


def test_the_database_finds_an_email_through_the_case_insensitive_index():
    if connection.vendor == "postgresql":
        # On a table this small a full scan is cheaper: forbid it, to see whether the index can serve.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")

    plan = User.objects.with_email("Ann@Example.com").explain()

    assert "accounts_user_email_ci_unique" in plan, plan
