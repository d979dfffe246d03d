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
import uuid
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

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


def _account(environ: dict[str, Any], authorization: str) -> str:
    # moto's order: MOTO_ACCOUNT_ID, the x-moto-account-id header, then the access key.
    if "MOTO_ACCOUNT_ID" in os.environ:
        return os.environ["MOTO_ACCOUNT_ID"]
    header = environ.get("HTTP_X_MOTO_ACCOUNT_ID")
    if header:
        return str(header)
    from moto.iam.models import get_account_id_from

    match = _ACCESS_KEY.search(authorization)
    return str(get_account_id_from(match.group(1) if match else _DEFAULT_ACCESS_KEY))


def _read_body(environ: dict[str, Any]) -> bytes:
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    stream = environ["wsgi.input"]
    return bytes(stream.read(length)) if length > 0 else b""


def _status(code: int) -> str:
    try:
        return f"{code} {http.HTTPStatus(code).phrase}"
    except ValueError:
        return f"{code} Error"


class DirectDispatcher:
    """Serves the engine's actions from the WSGI environ; ``None`` for any other request."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._actions = _actions()
        self._fault = _moto.fault_class()

    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes] | None:
        target = environ.get("HTTP_X_AMZ_TARGET") or ""
        if environ.get("REQUEST_METHOD") != "POST" or not target.startswith(_TARGET_PREFIX):
            return None
        run = self._actions.get(target[len(_TARGET_PREFIX) :])
        if run is None:
            return None
        engine = self._engine
        authorization = environ.get("HTTP_AUTHORIZATION") or ""
        try:
            params = parse_body(_read_body(environ), engine.settings)
            backend = _moto.swf_backend(_account(environ, authorization), _region(authorization))
            with engine.lock:
                engine.backend = backend
                try:
                    result = run(engine, params)
                    engine.run_deferred()
                finally:
                    engine.deferred.clear()
        except self._fault as error:
            return self._answer(
                start_response,
                _status(error.code),  # type: ignore[attr-defined]
                error.get_body().encode(),  # type: ignore[attr-defined]
                error.get_headers(),  # type: ignore[attr-defined]
            )
        body = b"" if result is None else json.dumps(result).encode()
        return self._answer(start_response, "200 OK", body, [("Content-Type", _CONTENT_TYPE)])

    @staticmethod
    def _answer(
        start_response: Callable[..., Any],
        status: str,
        body: bytes,
        headers: list[tuple[str, str]],
    ) -> list[bytes]:
        start_response(
            status,
            [
                *headers,
                ("x-amzn-RequestId", uuid.uuid4().hex),
                ("Content-Length", str(len(body))),
            ],
        )
        return [body]
