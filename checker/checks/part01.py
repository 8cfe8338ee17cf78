"""Part 01 — the project skeleton: a Django project `core` answering GET /api/health/."""
from checker.http import CheckFailed
from checker.registry import NEEDS_PROJECT_FILES, Part

PART = Part(1, "introduction", "Introduction — the project skeleton")


@PART.check("project.named-core", "The Django project is called core",
            hint="Create the project with `django-admin startproject core .` so that settings, "
                 "urls, wsgi and asgi live in core/.",
            anchor="create-the-project", needs=(NEEDS_PROJECT_FILES,))
def project_named_core(ctx):
    for name in ("settings.py", "urls.py", "wsgi.py", "asgi.py"):
        ctx.project_file(f"core/{name}")


@PART.check("health.ok", "GET /api/health/ answers 200 {\"status\": \"ok\"}",
            hint="Add a view that returns Response({\"status\": \"ok\"}) and route "
                 "path(\"api/health/\", ...) to it in core/urls.py.",
            anchor="the-health-endpoint")
def health_ok(ctx):
    ctx.get("/api/health/").expect_status(200).expect_json({"status": "ok"})


@PART.check("health.json", "The health answer is JSON (Content-Type: application/json)",
            hint="Return DRF's Response (or JsonResponse), not an HttpResponse with text.",
            anchor="the-health-endpoint")
def health_json(ctx):
    ctx.get("/api/health/").expect_status(200).expect_json_content_type()


@PART.check("health.get-only", "POST /api/health/ is refused with 405",
            hint="Health is read-only: decorate the view with @api_view([\"GET\"]).",
            anchor="the-health-endpoint")
def health_get_only(ctx):
    response = ctx.post("/api/health/", json={})
    if response.status != 405:
        raise CheckFailed(f"POST answered {response.status}", expected="status 405 Method Not Allowed",
                          response=response)
