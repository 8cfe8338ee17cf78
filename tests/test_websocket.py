"""
The checker's WebSocket client against a tiny local server: messages, silence, refusals,
and every wait bounded (part 12's notifications and part 13's chat are graded with it).
"""
import threading
import time
from http import HTTPStatus

import pytest
from websockets.sync.server import serve

from checker.http import Budget, CheckFailed, OutOfTime
from checker.websocket import Socket, ws_url


def notifications(connection):
    """Like part 12's consumer: a good token gets events, a bad one is closed with 4001."""
    if "token=good" not in connection.request.path:
        connection.close(code=4001)
        return
    for message in connection:
        if message == '"ping"':
            connection.send('{"type": "notification", "notification": {"type": "follow"}}')
        elif message == '"text"':
            connection.send("not json")


def refuse_other_paths(connection, request):
    if not request.path.startswith("/ws/notifications/"):
        return connection.respond(HTTPStatus.FORBIDDEN, "no\n")
    return None


@pytest.fixture(scope="module")
def server():
    with serve(notifications, "127.0.0.1", 0, process_request=refuse_other_paths) as running:
        threading.Thread(target=running.serve_forever, daemon=True).start()
        yield f"http://127.0.0.1:{running.socket.getsockname()[1]}"
        running.shutdown()


def socket(server, path, **options):
    return Socket(ws_url(server, path), timeout=options.pop("timeout", 2), **options)


def test_a_message_arrives_as_json(server):
    with socket(server, "/ws/notifications/?token=good") as ws:
        ws.send_json("ping")
        assert ws.receive_json() == {"type": "notification", "notification": {"type": "follow"}}


def test_no_message_is_a_failure_within_the_wait(server):
    with socket(server, "/ws/notifications/?token=good") as ws:
        started = time.monotonic()
        with pytest.raises(CheckFailed) as failure:
            ws.receive_json(wait=0.3, what="a follow notification")
    assert time.monotonic() - started < 1.5
    assert failure.value.message.startswith("no message arrived within 0.3 s (WebSocket ws://127.0.0.1:")
    assert "try it with: python -m websockets 'ws://" in failure.value.message
    assert failure.value.expected == "a follow notification"


def test_silence_is_expected_and_a_message_breaks_it(server):
    with socket(server, "/ws/notifications/?token=good") as ws:
        ws.expect_silence(0.2, why="nothing happened")
        ws.send_json("ping")
        with pytest.raises(CheckFailed, match="a message arrived"):
            ws.expect_silence(1, why="a blocked user's follow notifies nobody")


def test_a_bad_token_is_closed_with_its_code(server):
    with socket(server, "/ws/notifications/?token=bad") as ws:
        ws.expect_refused(4001)
    with socket(server, "/ws/notifications/?token=bad") as ws:
        with pytest.raises(CheckFailed, match="closed with code 4001"):
            ws.expect_refused(4003)


def test_a_refused_handshake_counts_as_refused_and_cannot_be_used(server):
    with socket(server, "/ws/elsewhere/") as ws:
        assert ws.refused_status == 403
        ws.expect_refused(4001)
        with pytest.raises(CheckFailed, match=r"the socket was not opened \(HTTP 403\)"):
            ws.send_json("ping")


def test_a_message_that_is_not_json_is_named(server):
    with socket(server, "/ws/notifications/?token=good") as ws:
        ws.send_json("text")
        with pytest.raises(CheckFailed, match="a message that is not JSON arrived: 'not json'"):
            ws.receive_json()


def test_the_checks_time_limit_bounds_every_wait(server):
    budget = Budget(0.5)
    with socket(server, "/ws/notifications/?token=good", timeout=10, budget=budget) as ws:
        with pytest.raises(CheckFailed):
            ws.receive_json()  # cut to the 0.5 s left
        with pytest.raises(OutOfTime):
            ws.receive_json()


def test_nothing_listening_is_a_failure_not_a_crash():
    with pytest.raises(CheckFailed, match="the WebSocket could not be opened"):
        Socket("ws://127.0.0.1:9/ws/notifications/", timeout=1).open()


def test_ws_urls_follow_the_server_address():
    assert ws_url("http://127.0.0.1:8000", "/ws/chat/") == "ws://127.0.0.1:8000/ws/chat/"
    assert ws_url("https://example.com", "/ws/chat/") == "wss://example.com/ws/chat/"


def test_a_check_opens_sockets_on_its_server_with_a_token(server):
    from checker.context import Context
    from checker.http import Client

    ctx = Context(Client(server, timeout=2), project_path=None, booted=None)
    ctx.start_check(time_limit=5)
    with ctx.websocket("/ws/notifications/", token="good") as ws:
        ws.send_json("ping")
        assert ws.receive_json()["type"] == "notification"
