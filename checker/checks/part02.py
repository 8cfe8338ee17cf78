"""Part 02 — development environment: settings from the environment, health components."""
import json
import re

import yaml

from checker.http import CheckFailed, one_of
from checker.project import settings_module_of
from checker.registry import NEEDS_BOOTED_SERVER, NEEDS_PROJECT_FILES, Part

PART = Part(2, "environment", "Development environment")

# The names `docker compose` looks for, in its order of preference.
COMPOSE_FILES = ("docker-compose.yml", "compose.yaml", "compose.yml", "docker-compose.yaml")

# Words that only appear when Django's debug 404 page shows the URL patterns.
DEBUG_PAGE_MARKERS = ("URLconf", "api/health/", "Using the URLconf", "DEBUG = True")


@PART.check("health.components", "GET /api/health/ reports the database and the cache",
            hint="Check each component (SELECT 1 on the database, set/get on the cache) and "
                 "answer {\"status\": \"ok\", \"database\": \"ok\", \"cache\": \"ok\"}.",
            anchor="a-health-check-that-checks")
def health_components(ctx):
    ctx.get("/api/health/").expect_status(200).expect_json(
        {"status": "ok", "database": "ok", "cache": "ok"})


@PART.check("errors.404-leaks-nothing", "With DEBUG=False from the environment, a 404 shows no URL patterns",
            hint="Read DEBUG from the environment (env.bool(\"DEBUG\", default=False)) instead of "
                 "hard-coding DEBUG = True in settings.py.",
            anchor="settings-from-the-environment")
def not_found_leaks_nothing(ctx):
    response = ctx.get("/api/this-endpoint-does-not-exist/")
    response.expect_status(404).expect_text_absent(*DEBUG_PAGE_MARKERS)


@PART.check("errors.404-json", "An unknown URL answers a JSON 404 {\"detail\": ...}",
            hint="Set handler404 in core/urls.py to a view returning JsonResponse({\"detail\": "
                 "\"Not found.\"}, status=404): API clients expect JSON errors.",
            anchor="errors-in-json")
def not_found_is_json(ctx):
    response = ctx.get("/api/this-endpoint-does-not-exist/")
    response.expect_status(404).expect_json_content_type()
    detail = response.json().get("detail") if isinstance(response.json(), dict) else None
    if not isinstance(detail, str) or not detail:
        raise CheckFailed("the JSON has no \"detail\" message", expected='{"detail": "Not found."}',
                          response=response)


@PART.check("settings.secret-key-required", "With DEBUG=False, the project refuses to run without a SECRET_KEY",
            hint="Read SECRET_KEY with env(\"SECRET_KEY\") and no default when DEBUG is off, so a "
                 "server can never run in production on a key that is in the repository.",
            anchor="settings-from-the-environment", needs=(NEEDS_BOOTED_SERVER,))
def secret_key_required(ctx):
    # An empty key first: a learner's .env may define one, and real environment variables
    # win over .env files.
    command = "from django.conf import settings; print(settings.SECRET_KEY)"
    code, output = ctx.manage("shell", "--verbosity", "0", "-c", command, DEBUG="False", SECRET_KEY="")
    if code == 0:
        raise CheckFailed(f"with DEBUG=False and SECRET_KEY empty, the settings gave a "
                          f"{len(output.strip())}-character key",
                          expected="an error naming SECRET_KEY (ImproperlyConfigured)")
    if "SECRET_KEY" not in output:
        raise CheckFailed("the command failed, but its error does not name SECRET_KEY:\n"
                          + output.strip()[-600:], expected="an error naming SECRET_KEY")
    # Then no key at all, in a copy of the project without its .env: a default written in the
    # settings (Django's django-insecure- key, say) would be used on a server.
    with ctx.copy_without_dotenv() as copy:
        code, output = ctx.manage("shell", "--verbosity", "0", "-c", command, project=copy,
                                  DEBUG="False", SECRET_KEY=None)
        key = output.strip().splitlines()[-1] if code == 0 and output.strip() else ""
        written_where = where_written(copy, key) if key else ""
    if key.startswith("django-insecure-") or written_where:
        raise CheckFailed(f"with DEBUG=False and SECRET_KEY unset, the settings use the key written in "
                          f"{written_where or 'the project'} ({key[:20]}…)",
                          expected="an error naming SECRET_KEY (ImproperlyConfigured)")


def where_written(project, text: str) -> str:
    """The first Python file of `project` that contains `text`, or ""."""
    for path in sorted(project.rglob("*.py")):
        if text in path.read_text(encoding="utf-8", errors="replace"):
            return str(path.relative_to(project))
    return ""


@PART.check("settings.debug-off-by-default", "With DEBUG unset, DEBUG is off",
            hint="DEBUG = env.bool(\"DEBUG\", default=False): a server where someone forgot to set it "
                 "must stay safe; your .env turns it on for development.",
            anchor="debug-and-secrets", needs=(NEEDS_BOOTED_SERVER,))
def debug_off_by_default(ctx):
    # In a copy without .env, which (rightly) turns DEBUG on for development.
    with ctx.copy_without_dotenv() as copy:
        code, output = ctx.manage("shell", "--verbosity", "0", "-c",
                                  "from django.conf import settings; print(settings.DEBUG)",
                                  project=copy, DEBUG=None)
    if code != 0:
        raise CheckFailed("with DEBUG unset, the settings did not load:\n" + output.strip()[-800:],
                          expected="the settings to load, with DEBUG off")
    if output.strip().splitlines()[-1:] != ["False"]:
        raise CheckFailed(f"with DEBUG unset, DEBUG is {output.strip()[-40:]}", expected="DEBUG = False")


@PART.check("settings.service-urls", "DATABASE_URL and REDIS_URL from the environment choose the database and cache",
            hint="DATABASES = {\"default\": env.db(\"DATABASE_URL\", default=...)}; with REDIS_URL set, a Redis "
                 "cache backend at that URL, else the local-memory cache.",
            anchor="settings-from-the-environment", needs=(NEEDS_BOOTED_SERVER,))
def service_urls(ctx):
    # The project's own settings module this time: the checker's wrapper pins its database.
    own_settings = settings_module_of(ctx.project_path)
    report = ctx.django_shell(
        "import json; from django.conf import settings as s; d = s.DATABASES['default']; "
        "print(json.dumps({'engine': d['ENGINE'], 'host': d.get('HOST'), 'name': str(d.get('NAME')), "
        "'cache': s.CACHES['default']['BACKEND'], 'location': str(s.CACHES['default'].get('LOCATION'))}))",
        DJANGO_SETTINGS_MODULE=own_settings, DEBUG="True",
        DATABASE_URL="postgres://checker:secret@db.checker.invalid:5432/social",
        REDIS_URL="redis://cache.checker.invalid:6379/0")
    found = json.loads(report.splitlines()[-1])
    if not found["engine"].endswith("postgresql") or found["host"] != "db.checker.invalid":
        raise CheckFailed(f"with DATABASE_URL=postgres://…@db.checker.invalid/social the database is {found['engine']} "
                          f"at {found['host'] or found['name']}",
                          expected="django.db.backends.postgresql at db.checker.invalid")
    if "redis" not in found["cache"].lower() or "cache.checker.invalid" not in found["location"]:
        raise CheckFailed(f"with REDIS_URL=redis://cache.checker.invalid:6379/0 the cache is {found['cache']} "
                          f"({found['location']})", expected="a Redis cache backend at that URL")


@PART.check("files.requirements-pinned", "requirements.txt pins every dependency with ==",
            hint="Pin exact versions (Django==5.2.x): a course, a CI run and a server must all "
                 "install the same thing. `pip freeze` shows what you have.",
            anchor="pinned-requirements", needs=(NEEDS_PROJECT_FILES,))
def requirements_pinned(ctx):
    lines = [line.split("#")[0].strip() for line in ctx.project_text("requirements.txt").splitlines()]
    requirements = [line for line in lines if line and not line.startswith("-")]
    loose = [line for line in requirements if "==" not in line]
    names = {re.split(r"[\[=<>~!]", line)[0].strip().lower() for line in requirements}
    if loose:
        raise CheckFailed(f"not pinned: {', '.join(loose)}", expected="name==version on every line")
    for needed in ("django", "djangorestframework"):
        if needed not in names:
            raise CheckFailed(f"{needed} is not in requirements.txt", expected=f"{needed}==<version>")


@PART.check("files.env-example", ".env.example lists the settings variables",
            hint="Commit a .env.example (never .env itself) naming every variable the settings read.",
            anchor="the-env-file", needs=(NEEDS_PROJECT_FILES,))
def env_example(ctx):
    text = ctx.project_text(".env.example")
    named = set(re.findall(r"^\s*#?\s*([A-Z][A-Z0-9_]*)\s*=", text, flags=re.MULTILINE))
    missing = [name for name in ("DEBUG", "SECRET_KEY", "DATABASE_URL", "REDIS_URL") if name not in named]
    if missing:
        raise CheckFailed(f".env.example does not mention {', '.join(missing)}",
                          expected="DEBUG, SECRET_KEY, DATABASE_URL and REDIS_URL")


@PART.check("files.docker-compose", "docker-compose.yml runs web, PostgreSQL and Redis; a Dockerfile builds web",
            hint="Three services: web (build: .), a postgres image and a redis image, with web's "
                 "DATABASE_URL and REDIS_URL pointing at them.",
            anchor="docker-compose", needs=(NEEDS_PROJECT_FILES,))
def docker_compose(ctx):
    ctx.project_file("Dockerfile", "dockerfile")  # Docker accepts both
    try:
        compose = yaml.safe_load(ctx.project_text(*COMPOSE_FILES)) or {}
    except yaml.YAMLError as problem:
        raise CheckFailed(f"the compose file is not valid YAML: {problem}", expected="valid YAML") from None
    services = compose.get("services") or {}
    images = " ".join(str(service.get("image", "")) for service in services.values() if isinstance(service, dict))
    if not any(isinstance(s, dict) and "build" in s for s in services.values()):
        raise CheckFailed("no service is built from your Dockerfile", expected="a web service with build: .")
    for wanted in ("postgres", "redis"):
        if wanted not in images:
            raise CheckFailed(f"no service runs a {wanted} image", expected=f"a service with image: {wanted}:<tag>")
    environments = " ".join(str(s.get("environment", "")) for s in services.values() if isinstance(s, dict))
    for variable in ("DATABASE_URL", "REDIS_URL"):
        if variable not in environments:
            raise CheckFailed(f"no service sets {variable}", expected=f"web's environment sets {variable}")


@PART.check("health.database-down-503", "With the database unreachable, health answers 503 naming the database",
            hint="Catch django.db.DatabaseError around the database check and answer 503 with "
                 "\"database\": \"unavailable\" instead of letting the error become a 500.",
            anchor="a-health-check-that-checks", needs=(NEEDS_BOOTED_SERVER,))
def health_database_down(ctx):
    with ctx.database_unreachable():
        response = ctx.get("/api/health/")
    response.expect_status(503).expect_json({"database": one_of("unavailable", "error", "down")})
