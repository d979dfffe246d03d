"""Direct dispatch: the engine's SWF actions served without moto's request machinery.

Every request through moto's server goes through ``DomainDispatcherApplication`` (which
looks the backend up by host and scans moto's module folders on disk), a Flask app, and
``BaseResponse.dispatch`` before it reaches the engine's handler. On a standalone run that
was about 60 % of the server's CPU. The actions of :data:`~.routes.ROUTE_SETS` need none of
it: their JSON body goes straight to the engine, and their errors are moto's SWF faults,
serialized as moto serializes them. Every other action (domain and type registration,
moto's own API) still takes moto's path.
"""

from __future__ import annotations

import http
import json
import logging
import os
import re
import socket
import uuid
from typing import TYPE_CHECKING, Any

from swf import _json

from . import _moto
from .routes import ROUTE_SETS, Action, parse_body

if TYPE_CHECKING:
    from .engine import Engine

logger = logging.getLogger(__name__)

_TARGET_PREFIX = "SimpleWorkflowService."
_CONTENT_TYPE = "application/x-amz-json-1.0"
_ACCESS_KEY = re.compile(r"Credential=([^/]+)/")
_DEFAULT_ACCESS_KEY = "AKIAEXAMPLE"  # moto's, when a request has no credentials
_DEFAULT_REGION = "us-east-1"


def _camel(action: str) -> str:
    return "".join(part.capitalize() for part in action.split("_"))


def _actions() -> dict[str, Action]:
    return {
        _camel(action): run for route_set in ROUTE_SETS for action, run in route_set.actions.items()
    }


def _region(authorization: str) -> str:
    # What moto reads for a request to 127.0.0.1: the credential scope of SigV4.
    if "AWS4" in authorization:
        try:
            return authorization.split(",")[0].split("/")[2]
        except IndexError:
            pass
    return _DEFAULT_REGION


def _account(headers: Any, authorization: str) -> str:
    # moto's order: MOTO_ACCOUNT_ID, the x-moto-account-id header, then the access key.
    if "MOTO_ACCOUNT_ID" in os.environ:
        return os.environ["MOTO_ACCOUNT_ID"]
    header = headers.get("x-moto-account-id")
    if header:
        return str(header)
    from moto.iam.models import get_account_id_from

    match = _ACCESS_KEY.search(authorization)
    return str(get_account_id_from(match.group(1) if match else _DEFAULT_ACCESS_KEY))


def _status(code: int) -> str:
    try:
        return http.HTTPStatus(code).phrase
    except ValueError:
        return "Error"


class DirectDispatcher:
    """Answers the engine's actions from a request's headers and body."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._actions = _actions()
        self._fault = _moto.fault_class()

    def action(self, method: str, headers: Any) -> Action | None:
        """The engine action of a request, ``None`` when moto must serve it."""
        target = headers.get("X-Amz-Target") or ""
        if method != "POST" or not target.startswith(_TARGET_PREFIX):
            return None
        return self._actions.get(target[len(_TARGET_PREFIX) :])

    def answer(
        self, run: Action, headers: Any, body: bytes
    ) -> tuple[int, list[tuple[str, str]], bytes]:
        """``(status, headers, body)`` of the answer; SWF faults become their JSON 400."""
        engine = self._engine
        authorization = headers.get("Authorization") or ""
        try:
            params = parse_body(body, engine.settings)
            backend = _moto.swf_backend(_account(headers, authorization), _region(authorization))
            with engine.lock:
                engine.backend = backend
                try:
                    result = run(engine, params)
                    engine.run_deferred()
                finally:
                    engine.deferred.clear()
        except self._fault as error:
            return (
                error.code,  # type: ignore[attr-defined]
                error.get_headers(),  # type: ignore[attr-defined]
                error.get_body().encode(),  # type: ignore[attr-defined]
            )
        data = b"" if result is None else _json.dumps(result)
        return 200, [("Content-Type", _CONTENT_TYPE)], data


def direct_handler_class(
    base: type[Any], dispatcher: DirectDispatcher, connections: set[socket.socket]
) -> type[Any]:
    """A subclass of werkzeug's request handler ``base`` answering engine actions itself.

    werkzeug closes the connection after every answer, so each SWF call paid a TCP
    connection and a server thread. Engine actions are answered here on a kept-alive
    HTTP/1.1 connection; any other request goes to werkzeug (and moto), which closes it.
    Open connections are kept in ``connections`` so that stopping the server can close
    them: a kept-alive connection must not outlive the server.
    """

    class DirectRequestHandler(base):
        def setup(self) -> None:
            super().setup()
            # A big answer goes out in several segments: on a kept-alive connection, Nagle's
            # algorithm would hold the last one until the client's delayed ACK (40 ms).
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            connections.add(self.connection)

        def finish(self) -> None:
            connections.discard(self.connection)
            super().finish()

        def run_wsgi(self) -> None:
            run = dispatcher.action(self.command, self.headers)
            if run is None or self.headers.get("Expect"):
                super().run_wsgi()
                return
            try:
                length = int(self.headers.get("Content-Length") or 0)
            except ValueError:
                length = 0
            body = self.rfile.read(length) if length > 0 else b""
            try:
                status, headers, data = dispatcher.answer(run, self.headers, body)
            except Exception as error:
                logger.exception("internal error of the local engine on %s", self.path)
                status, headers = 500, [("Content-Type", _CONTENT_TYPE)]
                data = json.dumps({"__type": "InternalFailure", "message": str(error)}).encode()
                self.close_connection = True
            self.log_request(status)
            head = [
                f"{self.protocol_version} {status} {_status(status)}",
                f"Server: {self.version_string()}",
                f"Date: {self.date_time_string()}",
                *(f"{name}: {value}" for name, value in headers),
                f"x-amzn-RequestId: {uuid.uuid4().hex}",
                f"Content-Length: {len(data)}",
            ]
            if self.close_connection:
                head.append("Connection: close")
            # Status line, headers and body in one write: one segment for a small answer.
            self.wfile.write(("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + data)

        def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
            pass  # one line per request is noise for a polling workload

    return DirectRequestHandler
