"""A local SWF endpoint for development and tests: moto's SWF server on loopback.

Real SWF is the distributed engine simpleflow is written for. For development,
tests and demos, the same code runs against moto's SWF server, selected with
boto3's standard ``AWS_ENDPOINT_URL_SWF`` variable. This module starts that
server (in a background thread, or in the foreground for ``simpleflow
server.start``) and applies one narrow compatibility fix where moto departs
from real SWF:

* **Activity ids of closed activities are reusable.** Real SWF refuses a
  ``ScheduleActivityTask`` decision with ``ACTIVITY_ID_ALREADY_IN_USE`` only
  while an activity with that id is still *open*. moto also refuses ids of
  activities that already completed, failed, timed out or were canceled. The
  simpleflow executor reuses the id when it retries a task, so without the fix
  every retry fails on moto and the decider loops.

Nothing else of moto is changed. moto is an optional dependency: install the
``local`` extra (``pip install 'simpleflow[local]'``).
"""

from __future__ import annotations

import logging
import socket
import threading
from types import TracebackType
from typing import Any

logger = logging.getLogger(__name__)

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 4566

_MISSING_MOTO = (
    "the local SWF server needs moto's server: install the 'local' extra, "
    "e.g. pip install 'simpleflow[local]'"
)

_patch_lock = threading.Lock()


class LocalServerError(RuntimeError):
    """The local SWF server cannot be started."""


def _import_werkzeug_app() -> Any:
    try:
        from moto.moto_server import werkzeug_app
    except ImportError as err:  # moto or its server extra (flask, werkzeug) missing
        raise LocalServerError(f"{_MISSING_MOTO} ({err})") from err
    return werkzeug_app


def apply_moto_compat_fixes() -> None:
    """Make moto's SWF backend accept ids of closed activities again (idempotent).

    The fix is scoped to ``WorkflowExecution.schedule_activity_task``: while it
    runs, the execution's ``activity_tasks`` view lists only open tasks, which
    is exactly the set real SWF checks for ``ACTIVITY_ID_ALREADY_IN_USE``.

    Raises:
        LocalServerError: moto is missing, or its internals changed so that the
            fix cannot be applied safely (upgrade simpleflow or pin moto).
    """
    try:
        from moto.swf.models import activity_task, workflow_execution
    except ImportError as err:
        raise LocalServerError(f"{_MISSING_MOTO} ({err})") from err

    cls: Any = workflow_execution.WorkflowExecution
    with _patch_lock:
        if getattr(cls, "_simpleflow_activity_id_fix", False):
            return
        prop = cls.__dict__.get("activity_tasks")
        schedule = cls.__dict__.get("schedule_activity_task")
        task_cls = activity_task.ActivityTask
        if (
            not isinstance(prop, property)
            or prop.fget is None
            or schedule is None
            or not isinstance(getattr(task_cls, "open", None), property)
        ):
            raise LocalServerError(
                "moto's SWF internals changed (WorkflowExecution.activity_tasks, "
                "WorkflowExecution.schedule_activity_task or ActivityTask.open is gone): "
                "the activity-id compatibility fix cannot be applied; pin moto to a "
                "version simpleflow supports"
            )
        list_tasks = prop.fget
        scheduling = threading.local()

        def activity_tasks(self: Any) -> list[Any]:
            tasks = list_tasks(self)
            if getattr(scheduling, "execution", None) is self:
                return [task for task in tasks if task.open]
            return tasks

        def schedule_activity_task(self: Any, event_id: int, attributes: dict[str, Any]) -> None:
            scheduling.execution = self
            try:
                schedule(self, event_id, attributes)
            finally:
                scheduling.execution = None

        cls.activity_tasks = property(activity_tasks, doc=prop.__doc__)
        cls.schedule_activity_task = schedule_activity_task
        cls._simpleflow_activity_id_fix = True


class LocalSWFServer:
    """moto's SWF server on a loopback address, with simpleflow's compatibility fix.

    Args:
        host: address to bind; keep it on loopback.
        port: TCP port; ``0`` picks a free one.

    Use :meth:`start` / :meth:`stop` (or a ``with`` block) to run it in a
    background thread, or :meth:`serve_forever` to run it in the foreground.
    """

    def __init__(self, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> None:
        self.host = host
        self.port = port
        self._server: Any = None
        self._thread: threading.Thread | None = None

    @property
    def endpoint_url(self) -> str:
        """The URL to export as ``AWS_ENDPOINT_URL_SWF``."""
        if self._server is None:
            raise LocalServerError("the local SWF server is not started")
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def _make_server(self) -> Any:
        werkzeug_app = _import_werkzeug_app()
        from werkzeug.serving import make_server

        apply_moto_compat_fixes()
        # One line per request on stderr is noise for a polling workload.
        logging.getLogger("werkzeug").setLevel(logging.WARNING)
        app = werkzeug_app.DomainDispatcherApplication(werkzeug_app.create_backend_app)
        self._check_port_is_free()
        try:
            return make_server(
                self.host,
                self.port,
                app,
                threaded=True,
                request_handler=werkzeug_app.MotoRequestHandler,
            )
        except (OSError, SystemExit) as err:  # werkzeug exits on a busy port (lost race)
            raise self._busy_port_error(err) from err

    def _check_port_is_free(self) -> None:
        # werkzeug reports a busy port with sys.exit(1); probe first for a clear error.
        if self.port == 0:
            return
        with socket.socket(socket.AF_INET6 if ":" in self.host else socket.AF_INET) as probe:
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
            self._server.server_close()
            self._server = None

    def stop(self) -> None:
        """Stop serving and release the port (idempotent)."""
        server, thread = self._server, self._thread
        self._server, self._thread = None, None
        if server is None:
            return
        server.shutdown()
        server.server_close()
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
