"""``LocalSWFServer``: moto's SWF server on loopback, with the local engine behind it."""

from __future__ import annotations

import logging
import socket
import threading
import urllib.request
from collections.abc import Callable, Iterable
from types import TracebackType
from typing import Any

from ._moto import LocalServerError, import_werkzeug_app
from .clock import Clock
from .compat import install_extensions
from .direct import DirectDispatcher, direct_handler_class
from .engine import Engine
from .limits import EngineSettings
from .routes import set_current_engine

logger = logging.getLogger(__name__)

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 4566

_RESET_PATH = "/moto-api/reset"


class LocalSWFServer:
    """A local SWF endpoint that follows real SWF (features.md Part B).

    Args:
        host: address to bind; keep it on loopback.
        port: TCP port; ``0`` picks a free one.
        poll_timeout: seconds a poll waits for a task (SWF: 60).
        time_skipping: run on a virtual clock that jumps to the next timer or timeout when no
            decision or activity task is scheduled or running.
        settings: the limits (:class:`EngineSettings`); ``poll_timeout`` overrides its value.

    Use :meth:`start` / :meth:`stop` (or a ``with`` block) to run it in a
    background thread, or :meth:`serve_forever` to run it in the foreground.
    """

    def __init__(
        self,
        host: str = DEFAULT_HOST,
        port: int = DEFAULT_PORT,
        poll_timeout: float | None = None,
        time_skipping: bool = False,
        settings: EngineSettings | None = None,
    ) -> None:
        self.host = host
        self.port = port
        settings = settings or EngineSettings()
        if poll_timeout is not None:
            if poll_timeout < 0:
                raise LocalServerError(f"poll_timeout must be >= 0 seconds, got {poll_timeout!r}")
            settings = EngineSettings(
                **{
                    **{n: getattr(settings, n) for n in settings.field_names()},
                    "poll_timeout": float(poll_timeout),
                }
            )
        self.settings = settings
        self.clock = Clock(time_skipping=time_skipping)
        self.engine = Engine(settings, self.clock)
        self._server: Any = None
        self._thread: threading.Thread | None = None
        self._connections: set[socket.socket] = set()

    @property
    def endpoint_url(self) -> str:
        """The URL to export as ``AWS_ENDPOINT_URL_SWF``."""
        if self._server is None:
            raise LocalServerError("the local SWF server is not started")
        host, port = self._server.server_address[:2]
        if ":" in host:
            host = f"[{host}]"
        return f"http://{host}:{port}"

    def _wsgi_app(self, moto_app: Any) -> Callable[..., Iterable[bytes]]:
        engine = self.engine

        def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
            if environ.get("PATH_INFO") == _RESET_PATH:
                engine.reset()
            set_current_engine(engine)
            try:
                return moto_app(environ, start_response)
            finally:
                set_current_engine(None)

        return app

    def _make_server(self) -> Any:
        werkzeug_app = import_werkzeug_app()
        from werkzeug.serving import make_server

        install_extensions()
        # One line per request on stderr is noise for a polling workload.
        logging.getLogger("werkzeug").setLevel(logging.WARNING)
        app = werkzeug_app.DomainDispatcherApplication(werkzeug_app.create_backend_app)
        self._check_port_is_free()
        try:
            server = make_server(
                self.host,
                self.port,
                self._wsgi_app(app),
                threaded=True,
                request_handler=direct_handler_class(
                    werkzeug_app.MotoRequestHandler,
                    DirectDispatcher(self.engine),
                    self._connections,
                ),
            )
        except (OSError, SystemExit) as err:  # werkzeug exits on a busy port (lost race)
            raise self._busy_port_error(err) from err
        # Long polls hold a thread each: never make the server wait for them at shutdown.
        server.daemon_threads = True  # type: ignore[attr-defined]
        server.block_on_close = False  # type: ignore[attr-defined]
        self.engine.start()
        return server

    def _check_port_is_free(self) -> None:
        # werkzeug reports a busy port with sys.exit(1); probe first for a clear error.
        if self.port == 0:
            return
        with socket.socket(socket.AF_INET6 if ":" in self.host else socket.AF_INET) as probe:
            # As werkzeug binds: connections of a previous server in TIME_WAIT do not
            # make the port busy, only a listening socket does.
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind((self.host, self.port))
            except OSError as err:
                raise self._busy_port_error(err) from err

    def _busy_port_error(self, err: BaseException) -> LocalServerError:
        reason = getattr(err, "strerror", None) or err
        return LocalServerError(
            f"cannot listen on {self.host}:{self.port}: {reason}; "
            "choose another --port (0 picks a free one)"
        )

    def start(self) -> LocalSWFServer:
        """Start serving in a daemon thread; returns once the socket listens."""
        if self._server is not None:
            return self
        self._server = self._make_server()
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="simpleflow-local-swf", daemon=True
        )
        self._thread.start()
        logger.debug("local SWF server listening on %s", self.endpoint_url)
        return self

    def serve_forever(self) -> None:
        """Serve in the current thread until interrupted."""
        self._server = self._make_server()
        try:
            self._server.serve_forever()
        finally:
            self.engine.stop()
            self._server.server_close()
            self._close_connections()
            self._server = None

    def _close_connections(self) -> None:
        # Kept-alive connections (direct dispatch) must not outlive the server: clients
        # see it gone, as they would see a real endpoint go away.
        for connection in list(self._connections):
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass  # already closed by the client
        self._connections.clear()

    def register_domain(self, name: str, retention_days: int = 1) -> None:
        """Register a domain on the running server (``DomainAlreadyExistsFault`` is fine)."""
        import json

        body = json.dumps(
            {"name": name, "workflowExecutionRetentionPeriodInDays": str(retention_days)}
        ).encode()
        request = urllib.request.Request(
            self.endpoint_url + "/",
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/x-amz-json-1.0",
                "X-Amz-Target": "SimpleWorkflowService.RegisterDomain",
                "Authorization": "AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/swf/"
                "aws4_request, SignedHeaders=host, Signature=local",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=10):
                pass
        except urllib.error.HTTPError as err:
            if b"DomainAlreadyExistsFault" not in err.read():
                raise LocalServerError(f"cannot register domain {name!r}: {err}") from err

    def stop(self) -> None:
        """Stop serving and release the port (idempotent)."""
        server, thread = self._server, self._thread
        self._server, self._thread = None, None
        if server is None:
            return
        self.engine.stop()
        server.shutdown()
        server.server_close()
        self._close_connections()
        if thread is not None:
            thread.join(timeout=10)

    def __enter__(self) -> LocalSWFServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
