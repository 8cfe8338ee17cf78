"""What a check function receives: an HTTP client and, when available, the project."""
from __future__ import annotations

import contextlib
from pathlib import Path

from checker.http import CheckFailed, Client, Response
from checker.project import BootedProject


class Context:
    def __init__(self, client: Client, *, project_path: Path | None, booted: BootedProject | None):
        self.http = client
        self.project_path = project_path
        self.booted = booted
        self.last_response: Response | None = None
        client.on_response = self._remember

    def _remember(self, response: Response) -> None:
        self.last_response = response

    # Shortcuts, so checks read like the API reference.
    def get(self, path: str, **kwargs) -> Response:
        return self.http.get(path, **kwargs)

    def post(self, path: str, **kwargs) -> Response:
        return self.http.post(path, **kwargs)

    def request(self, method: str, path: str, **kwargs) -> Response:
        return self.http.request(method, path, **kwargs)

    def project_file(self, relative: str) -> Path:
        """A file of the project; a missing one fails the check with its name."""
        path = self.project_path / relative
        if not path.is_file():
            raise CheckFailed(f"{relative} is missing", expected=f"a file {relative} in your project")
        return path

    def manage(self, *args: str, **env_overrides: str) -> tuple[int | None, str]:
        return self.booted.manage(*args, **env_overrides)

    def django_shell(self, code: str, **env_overrides: str) -> str:
        """Run Python inside the project (`manage.py shell -c`); its output, or a failure."""
        exit_code, output = self.manage("shell", "--verbosity", "0", "-c", code, **env_overrides)
        if exit_code != 0:
            raise CheckFailed("running code in `manage.py shell` failed:\n" + output.strip()[-1500:],
                              expected="`python manage.py shell` to run")
        return output.strip()

    @contextlib.contextmanager
    def database_unreachable(self):
        with self.booted.database_unreachable():
            yield
