"""A read-only web view over the SWF API: domains, executions, and one page per execution
(timeline, tasks, raw history, links between parents and children).

Built on Flask (the ``ui`` extra: ``pip install 'simpleflow[ui]'``). It reads through the
``swf`` layer, so it works against AWS and against the local engine alike, and it has no
write action at all.
"""

from __future__ import annotations

import logging
from typing import Any

__all__ = ["LOOPBACK_HOSTS", "MissingDependency", "create_app", "make_server"]

logger = logging.getLogger(__name__)

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})

_MISSING_FLASK = (
    "the web view needs Flask: install the 'ui' extra, e.g. pip install 'simpleflow[ui]'"
)


class MissingDependency(RuntimeError):
    """Flask is not installed."""


def create_app(domain: str | None = None) -> Any:
    """The Flask application of the web view.

    Args:
        domain: a default domain: ``/`` then opens its executions.

    Raises:
        MissingDependency: Flask is not installed.
    """
    try:
        from flask import Flask
        from jinja2 import DictLoader
    except ImportError as err:
        raise MissingDependency(f"{_MISSING_FLASK} ({err})") from err
    from simpleflow.ui._data import ExecutionCache
    from simpleflow.ui._templates import TEMPLATES
    from simpleflow.ui._views import blueprint, register_error_pages

    app = Flask("simpleflow.ui")
    app.jinja_loader = DictLoader(TEMPLATES)
    app.config["SIMPLEFLOW_DOMAIN"] = domain
    app.extensions["simpleflow.cache"] = ExecutionCache()
    app.register_blueprint(blueprint)
    register_error_pages(app)
    return app


def make_server(host: str, port: int, domain: str | None = None) -> Any:
    """A threaded WSGI server (``werkzeug``) serving the web view; call ``serve_forever``.

    Raises:
        MissingDependency: Flask is not installed.
        OSError: the address cannot be bound.
    """
    app = create_app(domain)
    from werkzeug.serving import make_server as werkzeug_server

    return werkzeug_server(host, port, app, threaded=True)
