"""
docker-compose.yml files and Dockerfiles, validated without a Docker engine: they parse,
their services reference each other correctly, their build contexts and commands exist,
and every environment variable they set is one the Django settings actually read.
"""
import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml

from checker.layout import FINAL_DIR, REPO_ROOT, part_dirs

COMPOSE_FILES = sorted(
    [REPO_ROOT / "docker-compose.yml", *REPO_ROOT.glob("parts/*/docker-compose.yml"),
     *FINAL_DIR.glob("docker-compose.yml")])
DOCKERFILES = sorted([*REPO_ROOT.glob("parts/*/Dockerfile"), *FINAL_DIR.glob("Dockerfile")])
# Variables a container may set that Django's settings do not read themselves.
NOT_FOR_SETTINGS = {"PYTHONUNBUFFERED", "PYTHONDONTWRITEBYTECODE"}


def label(path: Path) -> str:
    return str(path.relative_to(REPO_ROOT))


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text())


def settings_variables(project: Path) -> set[str]:
    """Names the settings read with django-environ: env("X"), env.bool("X"), env.db("X")..."""
    source = (project / "core" / "settings.py").read_text()
    return set(re.findall(r"""\benv(?:\.\w+)?\(\s*["']([A-Z][A-Z0-9_]*)["']""", source))


def build_context(compose_path: Path, service: dict) -> Path:
    build = service["build"]
    context = build if isinstance(build, str) else build.get("context", ".")
    return (compose_path.parent / context).resolve()


def environment_of(service: dict) -> dict[str, str]:
    environment = service.get("environment") or {}
    if isinstance(environment, list):
        environment = dict(item.split("=", 1) for item in environment)
    return {name: str(value) for name, value in environment.items()}


def test_every_compose_file_is_found():
    assert REPO_ROOT / "docker-compose.yml" in COMPOSE_FILES
    assert any(part.number == 2 for part in part_dirs() if (part.path / "docker-compose.yml").exists())


@pytest.mark.parametrize("path", COMPOSE_FILES, ids=label)
class TestComposeFile:
    def test_has_web_postgres_and_redis(self, path):
        services = load(path)["services"]
        assert {"web", "db", "redis"} <= set(services)
        assert services["db"]["image"].startswith("postgres:")
        assert services["redis"]["image"].startswith("redis:")

    def test_web_is_built_from_a_django_project_with_a_dockerfile(self, path):
        web = load(path)["services"]["web"]
        context = build_context(path, web)
        assert (context / "Dockerfile").is_file()
        assert (context / "manage.py").is_file()
        for script in re.findall(r"manage\.py", str(web.get("command", ""))):
            assert (context / script).is_file()

    def test_depends_on_names_real_services_with_health_checks(self, path):
        services = load(path)["services"]
        for name, service in services.items():
            depends = service.get("depends_on") or {}
            for dependency in depends:
                assert dependency in services, f"{name} depends on unknown service {dependency}"
                if isinstance(depends, dict) and depends[dependency].get("condition") == "service_healthy":
                    assert "healthcheck" in services[dependency], f"{dependency} has no healthcheck"

    def test_web_sets_only_variables_the_settings_read(self, path):
        web = load(path)["services"]["web"]
        read = settings_variables(build_context(path, web))
        unknown = set(environment_of(web)) - read - NOT_FOR_SETTINGS
        assert unknown == set(), f"settings never read {sorted(unknown)}"

    def test_service_urls_point_at_services_of_this_file(self, path):
        services = load(path)["services"]
        environment = environment_of(services["web"])
        for variable in ("DATABASE_URL", "REDIS_URL"):
            host = urlparse(environment[variable]).hostname
            assert host in services, f"{variable} points at {host}, which is not a service"

    def test_database_credentials_match_the_postgres_service(self, path):
        services = load(path)["services"]
        url = urlparse(environment_of(services["web"])["DATABASE_URL"])
        postgres = environment_of(services[url.hostname])
        assert (url.username, url.password, url.path.lstrip("/")) == (
            postgres["POSTGRES_USER"], postgres["POSTGRES_PASSWORD"], postgres["POSTGRES_DB"])

    def test_named_volumes_are_declared(self, path):
        compose = load(path)
        declared = set(compose.get("volumes") or {})
        for service in compose["services"].values():
            for volume in service.get("volumes") or []:
                source = str(volume).split(":", 1)[0]
                if not source.startswith((".", "/")):
                    assert source in declared, f"volume {source} is not declared"

    def test_web_serves_with_gunicorn_and_the_project_wsgi_module(self, path):
        web = load(path)["services"]["web"]
        command = str(web.get("command", ""))
        assert "runserver" not in command, "runserver is for development only: serve with gunicorn"
        module = re.search(r"gunicorn (\S+)", command)
        assert module, f"the web command does not start gunicorn: {command}"
        wsgi_file = build_context(path, web) / (module.group(1).split(":")[0].replace(".", "/") + ".py")
        assert wsgi_file.is_file(), f"gunicorn serves {module.group(1)}, but there is no {wsgi_file.name}"

    def test_published_port_matches_what_the_server_listens_on(self, path):
        web = load(path)["services"]["web"]
        container_ports = {str(port).rsplit(":", 1)[-1] for port in web.get("ports", [])}
        listens = re.findall(r"0\.0\.0\.0:(\d+)", str(web.get("command", "")))
        assert set(listens) <= container_ports


@pytest.mark.parametrize("path", DOCKERFILES, ids=label)
class TestDockerfile:
    def instructions(self, path):
        lines = [line.strip() for line in path.read_text().splitlines()]
        return [line for line in lines if line and not line.startswith("#")]

    def test_starts_from_a_supported_python(self, path):
        first = self.instructions(path)[0]
        match = re.match(r"FROM python:3\.(\d+)", first)
        assert match and int(match.group(1)) >= 11, first

    def test_copies_files_that_exist(self, path):
        for line in self.instructions(path):
            if line.startswith("COPY") and "--from" not in line:
                for source in line.split()[1:-1]:
                    assert source == "." or (path.parent / source).exists(), line

    def test_installs_the_pinned_requirements(self, path):
        assert any("pip install -r requirements.txt" in line for line in self.instructions(path))

    def test_serves_with_gunicorn_and_exposes_its_port(self, path):
        instructions = self.instructions(path)
        command = next(line for line in reversed(instructions) if line.startswith("CMD"))
        assert '"gunicorn", "core.wsgi"' in command
        port = re.search(r"0\.0\.0\.0:(\d+)", command).group(1)
        assert f"EXPOSE {port}" in instructions

    def test_collects_the_static_files_into_the_image(self, path):
        """WhiteNoise serves STATIC_ROOT with DEBUG off: the image must hold it, filled."""
        instructions = self.instructions(path)
        collect = [line for line in instructions if "manage.py collectstatic --noinput" in line]
        assert collect and collect[0].startswith("RUN")
        assert instructions.index(collect[0]) > instructions.index("COPY . .")

    def test_the_image_installs_what_it_serves_with(self, path):
        requirements = (path.parent / "requirements.txt").read_text().lower()
        assert "gunicorn==" in requirements and "whitenoise==" in requirements

    def test_dockerignore_keeps_local_state_out_of_the_image(self, path):
        ignored = (path.parent / ".dockerignore").read_text().split()
        for entry in (".env", "db.sqlite3", ".venv"):
            assert entry in ignored
