"""
Checks graded against a stub server: how the checker treats answers of every shape,
without booting Django (each test takes milliseconds).

See tests/stub_server.py for the stub; a new part's checks can be tried the same way.
"""
import codecs

import pytest

from checker import steps
from checker.mailbox import Mailbox
from checker.registry import Check
from checker.results import ERROR, FAIL, PASS, SKIP
from checker.runner import in_your_project
from tests.stub_server import StubServer, check_by_id, learner_api, reply, run_check, run_checks


@pytest.fixture
def stub(tmp_path):
    mail = tmp_path / "mail"
    mail.mkdir()
    with StubServer(mail_dir=mail) as server:
        yield server


# -- the shared steps ----------------------------------------------------------------------------
def test_a_learner_like_api_passes_the_checks_it_implements(stub):
    learner_api(stub)

    assert run_check("04.me.with-token", stub).status == PASS


def test_token_auth_is_a_failure_that_names_the_shape_not_a_crash(stub):
    """Login answering DRF's {"token": ...}: one clear failure of the log-in step."""
    learner_api(stub, login_answer=lambda user: {"token": "9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b"})

    result = run_check("04.me.with-token", stub)

    assert result.status == FAIL
    assert 'login returned "token"' in result.message
    assert "Authorization: Bearer" in result.message
    assert result.blocked_by == steps.LOG_IN
    assert result.response_status == 200 and "9944b" in result.response_body


def test_checks_needing_a_user_are_blocked_by_the_sign_up_step_when_it_fails(stub):
    """Register is 404: every check that signs someone up names that step as its cause."""
    report = run_checks([check_by_id(name) for name in
                         ("04.register.emails-a-code", "04.verify.right-code", "05.profiles.me-edit")], stub)

    assert [result.blocked_by for result in report.results] == [steps.SIGN_UP] * 3
    causes = report.root_causes()
    assert [(part, step, len(results)) for part, step, results in causes] == [
        (4, steps.SIGN_UP, 2), (5, steps.SIGN_UP, 1)]


def test_the_400_names_the_field(stub):
    stub.route("POST", "/api/auth/register/", lambda request: reply(400, {"detail": "Invalid."}))

    result = run_check("04.register.weak-password", stub)

    assert result.status == FAIL
    assert result.message == "the 400 for password 'short' does not name the password field"


def test_same_answer_for_a_known_and_an_unknown_email(stub):
    learner_api(stub)
    stub.route("POST", "/api/auth/password/reset/",
               lambda request: reply(200, {"sent": "learner" in request.json()["email"]}))

    result = run_check("04.password.reset-reveals-nothing", stub)

    assert result.status == FAIL
    assert result.message == "the answers for a known and an unknown e-mail differ"


# -- answers of another shape ------------------------------------------------------------------------
def test_register_created_asks_only_for_201_without_the_password(stub):
    """The contract asks for 201 and no password; it does not insist on `email` at the top level."""
    stub.route("POST", "/api/auth/register/", lambda request: reply(201, {"user": {"id": 7}, "message": "ok"}))
    assert run_check("04.register.created", stub).status == PASS

    stub.route("POST", "/api/auth/register/", lambda request: reply(201, {"user": {"password": "x"}}))
    assert run_check("04.register.created", stub).message == 'the body has a "password" key'


def test_a_rate_limit_check_that_saw_only_404s_says_so(stub):
    learner_api(stub)

    result = run_check("04.rate-limit.resend", stub)

    assert result.status == FAIL
    assert result.message == "30 requests in a row all answered 404, so the rate limit could not be tried"
    assert result.response_status == 404


def test_a_rate_limit_that_never_comes_is_still_named(stub):
    learner_api(stub)
    stub.route("POST", "/api/auth/resend-verification/", lambda request: reply(200, {"detail": "sent"}))

    result = run_check("04.rate-limit.resend", stub)

    assert result.message == "30 requests in a row for one address were all accepted"


# -- the runner's own outcomes ------------------------------------------------------------------------
def a_check(run, **fields) -> Check:
    return Check(id="99.sample", part=99, title="a sample check", hint="", lesson="lessons/x/", run=run, **fields)


def test_a_check_that_crashes_fails_alone_with_its_own_outcome(stub):
    """An unexpected exception is status error for that check, exit 1, and the next checks still run."""
    def crashes(ctx):
        ctx.get("/api/health/").json()["missing"]

    stub.route("GET", "/api/health/", lambda request: reply(200, {"status": "ok"}))
    report = run_checks([a_check(crashes), check_by_id("01.health.ok")], stub)

    crashed, health = report.results
    assert crashed.status == ERROR
    assert crashed.message.startswith("could not grade this check: it met something it did not expect "
                                      "(KeyError: 'missing')")
    assert crashed.request.startswith("curl -i -X GET")
    assert health.status == PASS
    assert report.exit_code == 1


def test_a_check_has_a_time_limit(stub):
    stub.route("GET", "/slow/", lambda request: reply(200, {}, delay=1.5))

    def slow(ctx):
        for _ in range(5):
            ctx.get("/slow/")

    started = __import__("time").monotonic()
    result = run_checks([a_check(slow, time_limit=2)], stub).results[0]

    assert result.status == FAIL
    assert result.message == "the check did not finish within its time limit of 2 s"
    assert __import__("time").monotonic() - started < 4


def test_grading_stops_after_three_time_outs_in_a_row(stub):
    """An endpoint that never answers costs three request time-outs, not one per check."""
    stub.route("GET", "/api/health/", lambda request: reply(200, {}, delay=2))
    checks = [check_by_id("01.health.ok"), check_by_id("01.health.json"), check_by_id("02.health.components"),
              check_by_id("02.errors.404-json"), check_by_id("02.errors.404-leaks-nothing")]

    from checker.project import CannotGrade
    with pytest.raises(CannotGrade) as stopped:
        run_checks(checks, stub, request_timeout=0.3)

    assert stopped.value.kind == "server-stopped-answering"
    assert "3 checks in a row got no answer in time" in stopped.value.message


def test_max_failures_skips_the_rest_and_says_why(stub):
    from checker.context import Context
    from checker.http import Client
    from checker.results import Report
    from checker.runner import run_all

    checks = [check_by_id("01.health.ok"), check_by_id("01.health.json"), check_by_id("01.health.get-only")]
    report = Report(part=1, only=False, target=stub.url)
    run_all(checks, Context(Client(stub.url), project_path=None, booted=None), report, lambda result: None,
            max_failures=2)

    assert [result.status for result in report.results] == [FAIL, FAIL, SKIP]
    assert report.results[2].message == "not run: --max-failures 2 reached"


def test_hints_name_the_learners_own_project_package():
    hint = "Set handler404 in core/urls.py to a view."

    assert in_your_project(hint, "social_media_api") == "Set handler404 in social_media_api/urls.py to a view."
    assert in_your_project(hint, "core") == hint


# -- files as editors save them -------------------------------------------------------------------------
REQUIREMENTS = "Django==5.2.1\ndjangorestframework==3.16.0\n"


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-le", "utf-8"])
def test_requirements_are_read_in_any_common_encoding(stub, tmp_path, encoding):
    project = tmp_path / "project"
    project.mkdir()
    (project / "requirements.txt").write_bytes(REQUIREMENTS.encode(encoding))

    assert run_check("02.files.requirements-pinned", stub, project=project).status == PASS


def test_env_example_with_a_bom_is_read(stub, tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    (project / ".env.example").write_bytes(codecs.BOM_UTF8 + b"DEBUG=True\nSECRET_KEY=x\nDATABASE_URL=\nREDIS_URL=\n")

    assert run_check("02.files.env-example", stub, project=project).status == PASS


COMPOSE = """services:
  web:
    build: .
    environment:
      DATABASE_URL: postgres://postgres@db/x
      REDIS_URL: redis://cache:6379/0
  db: {image: "postgres:16"}
  cache: {image: "redis:7"}
"""


def test_a_lowercase_dockerfile_and_compose_yaml_are_accepted(stub, tmp_path):
    """Docker accepts `dockerfile` and `compose.yaml`; so does the checker."""
    project = tmp_path / "project"
    project.mkdir()
    (project / "dockerfile").write_text("FROM python:3.12\n")
    (project / "compose.yaml").write_text(COMPOSE, encoding="utf-16")

    result = run_check("02.files.docker-compose", stub, project=project)

    assert result.status == PASS, result.message


# -- e-mails ------------------------------------------------------------------------------------------
def test_the_mailbox_reads_each_new_message_once(stub):
    """Finding the 50th code reads only what was added since the last look (not every e-mail again)."""
    mailbox = Mailbox(stub.mail_dir)
    for number in range(50):
        stub.send_mail(f"person{number}@example.com", f"Your code is {number:06d}.")
        assert len(mailbox.to(f"Person{number}@Example.com")) == 1

    assert mailbox.files_read == 50
    mailbox.to("person0@example.com")
    assert mailbox.files_read == 50


def test_a_message_still_being_written_is_read_once_complete(tmp_path):
    mailbox = Mailbox(tmp_path)
    file = tmp_path / "one.log"
    file.write_text("To: ann@example.com\n\nYour code is 123456.\n")
    assert mailbox.to("ann@example.com") == []

    with open(file, "a") as more:
        more.write("-" * 79 + "\n")
    assert len(mailbox.to("ann@example.com")) == 1


def test_no_email_names_where_the_checker_looked(stub):
    """With --url and --mail-dir, the folder named is the learner's own (it is not deleted)."""
    learner_api(stub)
    stub.route("POST", "/api/auth/register/", lambda request: reply(201, {}))

    result = run_check("04.register.emails-a-code", stub)

    assert result.message.startswith("no e-mail reached learner.")
    assert result.message.endswith(f"(the checker reads the files in {stub.mail_dir}, your --mail-dir)")


def test_the_login_check_names_another_auth_scheme_too(stub):
    learner_api(stub, login_answer=lambda user: {"key": "9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b"})

    result = run_check("04.login.tokens", stub)

    assert result.message.startswith('login returned "key"; this course uses JWT "access"/"refresh" tokens')
    assert result.blocked_by == ""  # this check is about the login answer itself: shown in full
