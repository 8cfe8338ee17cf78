"""Part 03 — the custom user model: e-mail as the login, unique whatever its case."""
import json
import re
import secrets

from checker.http import CheckFailed
from checker.registry import NEEDS_BOOTED_SERVER, Part

PART = Part(3, "custom-user-model", "Custom user model")

BOOTED = (NEEDS_BOOTED_SERVER,)
PASSWORD = "Ch3cker-admin-pass!"


def new_superuser(ctx) -> tuple[str, str]:
    """`createsuperuser --noinput` with e-mail, username and password; its (email, username)."""
    tag = secrets.token_hex(4)
    # Lower case, as Django's normalize_email stores the domain: the letter-case check is its own.
    email, username = f"admin.{tag}@example.com", f"admin_{tag}"
    code, output = ctx.manage("createsuperuser", "--noinput", DJANGO_SUPERUSER_EMAIL=email,
                              DJANGO_SUPERUSER_USERNAME=username, DJANGO_SUPERUSER_PASSWORD=PASSWORD)
    if code != 0:
        raise CheckFailed("`createsuperuser --noinput` failed:\n" + output.strip()[-1200:],
                          expected="a superuser created from DJANGO_SUPERUSER_EMAIL, "
                                   "DJANGO_SUPERUSER_USERNAME and DJANGO_SUPERUSER_PASSWORD")
    return email, username


def admin_login(ctx, login: str):
    """Log in to /admin/ as a browser would: fetch the form (CSRF cookie), then post it."""
    browser = ctx.http.browser()
    form_page = browser.get("/admin/login/?next=/admin/", headers={"Accept": "text/html"})
    form_page.expect_status(200, hint="Is django.contrib.admin installed and admin/ routed in core/urls.py?")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form_page.text)
    if not token:
        raise CheckFailed("the admin login page has no CSRF token", expected="Django's admin login form",
                          response=form_page)
    answer = browser.post("/admin/login/?next=/admin/", headers={"Accept": "text/html"},
                          form={"csrfmiddlewaretoken": token.group(1), "username": login,
                                "password": PASSWORD, "next": "/admin/"})
    if answer.status != 302 or answer.headers.get("location") != "/admin/":
        raise CheckFailed(f"logging in to the admin as {login} did not work (status {answer.status})",
                          expected="a 302 redirect to /admin/ after a correct e-mail and password",
                          response=answer)
    return browser


@PART.check("accounts.user-model", "AUTH_USER_MODEL is accounts.User, with e-mail as USERNAME_FIELD",
            hint="Create the accounts app with class User(AbstractUser), set USERNAME_FIELD = \"email\" "
                 "and AUTH_USER_MODEL = \"accounts.User\" before the first migrate.",
            anchor="the-user-model", needs=BOOTED)
def user_model(ctx):
    found = json.loads(ctx.django_shell(
        "import json; from django.contrib.auth import get_user_model; U = get_user_model(); "
        "print(json.dumps({'model': U._meta.label, 'login': U.USERNAME_FIELD, "
        "'username_unique': U._meta.get_field('username').unique if any("
        "f.name == 'username' for f in U._meta.get_fields()) else None}))").splitlines()[-1])
    wanted = {"model": "accounts.User", "login": "email", "username_unique": True}
    if found != wanted:
        raise CheckFailed(f"the user model is {found}", expected=str(wanted))


@PART.check("admin.login-with-email", "createsuperuser --noinput, then an /admin/ login with e-mail and password",
            hint="With USERNAME_FIELD = \"email\", the admin's login form asks for the e-mail address.",
            anchor="log-in-to-the-admin", needs=BOOTED)
def login_with_email(ctx):
    email, _ = new_superuser(ctx)
    browser = admin_login(ctx, email)
    browser.get("/admin/", headers={"Accept": "text/html"}).expect_status(200)


@PART.check("admin.login-any-case", "The admin login accepts the e-mail in any letter case",
            hint="Normalise e-mail addresses in the manager and look users up with email__iexact "
                 "(get_by_natural_key).",
            anchor="the-manager", needs=BOOTED)
def login_any_case(ctx):
    email, _ = new_superuser(ctx)
    admin_login(ctx, email.upper())


@PART.check("accounts.email-unique-in-database", "The database refuses a second user with the same e-mail in another case",
            hint="Add models.UniqueConstraint(Lower(\"email\"), name=...) to User.Meta.constraints and "
                 "run makemigrations: a form check alone lets scripts and races through.",
            anchor="unique-whatever-the-case", needs=BOOTED)
def email_unique_in_database(ctx):
    tag = secrets.token_hex(4)
    outcome = ctx.django_shell(
        "from django.contrib.auth import get_user_model\n"
        "from django.db import IntegrityError, transaction\n"
        "U = get_user_model()\n"
        f"U.objects.create(email='ann.{tag}@example.com', username='ann_{tag}')\n"
        "try:\n"
        "    with transaction.atomic():\n"
        f"        U.objects.create(email='ANN.{tag}@Example.COM', username='ann2_{tag}')\n"
        "    print('accepted')\n"
        "except IntegrityError:\n"
        "    print('refused')\n").splitlines()[-1]
    if outcome != "refused":
        raise CheckFailed("User.objects.create() saved ann@… and ANN@… as two users",
                          expected="an IntegrityError from the database for the second one")


@PART.check("admin.users-searchable", "The user admin lists users and searches them by e-mail",
            hint="Register User with a UserAdmin whose search_fields include \"email\" and \"username\".",
            anchor="a-user-admin", needs=BOOTED)
def users_searchable(ctx):
    email, _ = new_superuser(ctx)
    other_email, other_username = new_superuser(ctx)  # someone else, so the page header cannot match
    browser = admin_login(ctx, email)
    page = browser.get(f"/admin/accounts/user/?q={other_username}", headers={"Accept": "text/html"})
    page.expect_status(200, hint="Register the model: @admin.register(User) in accounts/admin.py.")
    if other_email.lower() not in page.text.lower():
        raise CheckFailed(f"searching the user list for {other_username} did not show {other_email}",
                          expected=f"{other_email.lower()} in the results", response=page)
    page = browser.get(f"/admin/accounts/user/?q=nobody-{secrets.token_hex(4)}", headers={"Accept": "text/html"})
    if other_email.lower() in page.text.lower():
        raise CheckFailed("searching the user list for a name nobody has still shows every user",
                          expected="search_fields that filter the list", response=page)
