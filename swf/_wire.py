"""A lean request path for SWF's hot operations, beside botocore's.

A botocore call costs about 2 ms of client CPU (event hooks, endpoint rules, request
objects, the retry handler, urllib3), several times the cost of the request itself, and
the pollers make two per activity. :class:`_Wire` sends the same request with less
machinery: SWF's JSON 1.0 protocol (``POST`` to the endpoint, ``X-Amz-Target``,
``Content-Type: application/x-amz-json-1.0``, the cleaned request as the JSON body),
signed by botocore's own ``SigV4Auth`` with the client's credentials, over a persistent
``http.client`` connection per process.

Everything else stays botocore's. A wire is built from a botocore client, once: its
endpoint, region, credentials, parameter validation and response parser. It makes one
attempt, and hands the call back (:data:`FALLBACK`) whenever botocore would do something
it does not: a retry (connection errors, 5xx, throttling, when the client retries at
all), or a configuration it does not handle (proxies, client certificates, FIPS or
dual-stack endpoints, retry modes other than ``standard``, no credentials). Its errors
are botocore's exceptions, built as botocore builds them, so the transport translates
both paths with the same code. ``SWF_LEAN_TRANSPORT=0`` turns it off.

botocore's ``before-send`` event is emitted as botocore does, so in-process mocks such as
moto's ``mock_aws`` answer lean requests too.
"""

from __future__ import annotations

import http.client
import json
import logging
import os
import select
import ssl
import threading
import uuid
from typing import Any
from urllib.parse import urlsplit, urlunsplit

logger = logging.getLogger(__name__)

#: The environment variable that turns the lean path off (``0``, ``false``, ``no``, ``off``).
LEAN_TRANSPORT_VARIABLE = "SWF_LEAN_TRANSPORT"
_OFF_VALUES = frozenset({"0", "false", "no", "off"})

#: The operations sent on the lean path (the pollers' and deciders' calls).
LEAN_OPERATIONS = frozenset(
    {
        "PollForActivityTask",
        "RespondActivityTaskCompleted",
        "RespondActivityTaskFailed",
        "RespondActivityTaskCanceled",
        "RecordActivityTaskHeartbeat",
        "PollForDecisionTask",
        "RespondDecisionTaskCompleted",
        "GetWorkflowExecutionHistory",
    }
)
# Input shapes made only of these types serialize to exactly ``json.dumps(params)``
# (botocore's JSON serializer converts timestamps and blobs, nothing else).
_PLAIN_TYPES = frozenset({"structure", "list", "string", "integer", "long", "boolean"})
_MAX_IDLE_CONNECTIONS = 10  # botocore's max_pool_connections


class _Fallback:
    """The type of :data:`FALLBACK`."""

    def __repr__(self) -> str:
        return "FALLBACK"


#: Returned by :meth:`_Wire.call` when botocore must make the call.
FALLBACK = _Fallback()


def is_enabled() -> bool:
    """Whether ``SWF_LEAN_TRANSPORT`` leaves the lean path on (the default)."""
    value = os.environ.get(LEAN_TRANSPORT_VARIABLE)
    return value is None or value.strip().lower() not in _OFF_VALUES


class _Unsent(Exception):
    """No byte of the request reached the server (the connection could not be made)."""

    def __init__(self, error: BaseException) -> None:
        super().__init__(error)
        self.error = error


class _ConnectionPool:
    """Idle keep-alive connections to one endpoint, for this process only.

    A forked child finds the pool of its parent's pid, drops it without closing its
    sockets (they are the parent's too) and starts an empty one.
    """

    def __init__(
        self,
        scheme: str,
        host: str,
        port: int | None,
        context: Any,
        timeouts: tuple[float, float],
    ) -> None:
        self._scheme = scheme
        self._timeouts = timeouts
        self._host = host
        self._port = port
        self._context = context
        self._pid = os.getpid()
        self._lock = threading.Lock()
        self._idle: list[http.client.HTTPConnection] = []

    def _check_pid(self) -> None:
        if self._pid != os.getpid():
            self._pid = os.getpid()
            self._lock = threading.Lock()
            self._idle = []

    def acquire(self) -> http.client.HTTPConnection:
        self._check_pid()
        while True:
            with self._lock:
                conn = self._idle.pop() if self._idle else None
            if conn is None:
                return self._connect()
            if _is_usable(conn):
                return conn
            conn.close()

    def release(self, conn: http.client.HTTPConnection) -> None:
        self._check_pid()
        with self._lock:
            if len(self._idle) < _MAX_IDLE_CONNECTIONS:
                self._idle.append(conn)
                return
        conn.close()

    def _connect(self) -> http.client.HTTPConnection:
        connect_timeout, read_timeout = self._timeouts
        conn: http.client.HTTPConnection
        if self._scheme == "https":
            conn = http.client.HTTPSConnection(
                self._host, self._port, timeout=connect_timeout, context=self._context
            )
        else:
            conn = http.client.HTTPConnection(self._host, self._port, timeout=connect_timeout)
        try:
            conn.connect()
        except (OSError, http.client.HTTPException) as err:
            conn.close()
            raise _Unsent(err) from err
        assert conn.sock is not None
        conn.sock.settimeout(read_timeout)
        return conn


def _is_usable(conn: http.client.HTTPConnection) -> bool:
    # What urllib3 checks before reusing a connection: an idle keep-alive socket that is
    # readable has been closed by the server (or holds junk).
    sock = conn.sock
    if sock is None:
        return False
    try:
        readable, _, _ = select.select([sock], [], [], 0)
    except (OSError, ValueError):
        return False
    return not readable


class _Wire:
    """The lean path of one botocore SWF client (see the module docstring).

    Build it with :func:`create_wire`, which returns ``None`` for a client it does not
    handle.
    """

    def __init__(self, client: Any, parser: Any, max_attempts: int, verify: Any) -> None:
        # verify: the client's TLS verification (True, or the path of a CA bundle).
        from botocore.validate import ParamValidator

        meta = client.meta
        self._client = client
        parts = urlsplit(meta.endpoint_url)
        # The request URL as botocore builds it (``_urljoin`` with the path ``/``).
        path = parts.path or "/"
        self._url: str = urlunsplit((parts.scheme, parts.netloc, path, parts.query, ""))
        self._path = path + ("?" + parts.query if parts.query else "")
        self._service_model = meta.service_model
        self._event_prefix = "before-send." + meta.service_model.service_id.hyphenize() + "."
        self._signing_name = meta.service_model.signing_name
        self._region = meta.region_name
        self._credentials = client._request_signer._credentials
        self._validator = ParamValidator() if meta.config.parameter_validation else None
        self._parser = parser
        self._max_attempts = max_attempts
        self._user_agent = _user_agent(client)
        context = None
        if parts.scheme == "https":
            context = _ssl_context(verify)
        timeouts = (meta.config.connect_timeout, meta.config.read_timeout)
        self._pool = _ConnectionPool(
            parts.scheme, parts.hostname or "", parts.port, context, timeouts
        )
        self._operations: dict[str, Any] = {}

    @property
    def endpoint_url(self) -> str:
        return self._url

    def handles(self, operation_name: str) -> bool:
        """Whether ``operation_name`` (e.g. ``'PollForActivityTask'``) goes this way."""
        return operation_name in LEAN_OPERATIONS and self._credentials is not None

    def call(self, operation_name: str, params: dict[str, Any]) -> Any:
        """Send ``operation_name`` with the cleaned ``params``, once.

        Returns:
            The parsed answer (a dict without ``ResponseMetadata``), or :data:`FALLBACK`
            when botocore must make the call.

        Raises:
            The exceptions botocore's path raises for the same outcome: the client's
            modeled ``ClientError`` subclasses, ``ReadTimeoutError``,
            ``ConnectionClosedError``, ``EndpointConnectionError`` ...
        """
        model = self._operation_model(operation_name)
        if model is None:
            return FALLBACK
        if self._validator is not None and model.input_shape is not None:
            report = self._validator.validate(params, model.input_shape)
            if report.has_errors():
                return FALLBACK  # botocore raises its ParamValidationError
        request = self._signed_request(model, json.dumps(params).encode("utf-8"))
        response = self._send(request)
        if response is FALLBACK:
            return FALLBACK
        status, headers, body = response
        parsed = self._parser.parse(
            {"status_code": status, "headers": headers, "body": body, "context": {}},
            model.output_shape if status < 300 else None,
        )
        if status < 300:
            parsed.pop("ResponseMetadata", None)
            return parsed
        if self._max_attempts > 1 and self._is_retryable(model, parsed, status, headers):
            return FALLBACK
        code = parsed.get("Error", {}).get("Code")
        raise self._client.exceptions.from_code(code)(parsed, operation_name)

    def _operation_model(self, operation_name: str) -> Any:
        try:
            return self._operations[operation_name]
        except KeyError:
            pass
        model = self._service_model.operation_model(operation_name)
        if model.input_shape is not None and not _is_plain(model.input_shape, set()):
            model = None
        self._operations[operation_name] = model
        return model

    def _signed_request(self, model: Any, body: bytes) -> Any:
        from botocore.auth import SigV4Auth
        from botocore.awsrequest import AWSRequest

        headers = {
            "X-Amz-Target": f"{model.metadata['targetPrefix']}.{model.name}",
            "Content-Type": f"application/x-amz-json-{model.metadata['jsonVersion']}",
            "User-Agent": self._user_agent,
        }
        request = AWSRequest(method="POST", url=self._url, data=body, headers=headers)
        # Frozen per call: refreshable credentials refresh here when they are due.
        credentials = self._credentials.get_frozen_credentials()
        SigV4Auth(credentials, self._signing_name, self._region).add_auth(request)
        request.headers["amz-sdk-invocation-id"] = str(uuid.uuid4())
        request.headers["amz-sdk-request"] = f"attempt=1; max={self._max_attempts}"
        return request

    def _send(self, request: Any) -> Any:
        import botocore.exceptions as bce
        from botocore.awsrequest import AWSPreparedRequest

        body: bytes = request.data
        prepared = AWSPreparedRequest("POST", self._url, request.headers, body, False)
        name = self._event_prefix + request.headers["X-Amz-Target"].rpartition(".")[2]
        _, mocked = self._client.meta.events.emit_until_response(name, request=prepared)
        if mocked is not None:
            return mocked.status_code, mocked.headers, mocked.content
        try:
            conn = self._pool.acquire()
        except _Unsent as unsent:
            if self._max_attempts > 1:
                return FALLBACK
            raise _connect_error(self._url, unsent.error) from unsent.error
        try:
            conn.request("POST", self._path, body, dict(request.headers.items()))
            answer = conn.getresponse()
            content = answer.read()
        except TimeoutError as err:
            conn.close()
            if self._max_attempts > 1:
                return FALLBACK
            raise bce.ReadTimeoutError(endpoint_url=self._url, error=err) from err
        except (OSError, http.client.HTTPException) as err:
            conn.close()
            if self._max_attempts > 1:
                return FALLBACK
            raise bce.ConnectionClosedError(endpoint_url=self._url, request=prepared) from err
        if answer.will_close:
            conn.close()
        else:
            self._pool.release(conn)
        return answer.status, answer.headers, content

    def _is_retryable(self, model: Any, parsed: Any, status: int, headers: Any) -> bool:
        from botocore.awsrequest import AWSResponse
        from botocore.retries.standard import RetryContext, StandardRetryConditions

        context = RetryContext(
            attempt_number=1,
            operation_model=model,
            parsed_response=parsed,
            http_response=AWSResponse(self._url, status, headers, None),
        )
        return bool(StandardRetryConditions(max_attempts=self._max_attempts).is_retryable(context))


def _connect_error(url: str, error: BaseException) -> BaseException:
    """botocore's exception for a connection that could not be made (urllib3's mapping)."""
    import botocore.exceptions as bce

    if isinstance(error, TimeoutError):
        return bce.ConnectTimeoutError(endpoint_url=url, error=error)
    if isinstance(error, ssl.SSLError | ssl.CertificateError):
        return bce.SSLError(endpoint_url=url, error=error)
    return bce.EndpointConnectionError(endpoint_url=url, error=error)


def _is_plain(shape: Any, seen: set[str]) -> bool:
    if shape.name in seen:
        return True
    seen.add(shape.name)
    if shape.type_name not in _PLAIN_TYPES:
        return False
    if shape.type_name == "structure":
        return all(_is_plain(member, seen) for member in shape.members.values())
    if shape.type_name == "list":
        return _is_plain(shape.member, seen)
    return True


def _user_agent(client: Any) -> str:
    creator = getattr(client, "_user_agent_creator", None)
    if creator is not None:
        try:
            return str(creator.to_string())
        except Exception:  # an informative header only: botocore's default below
            logger.debug("no botocore user agent", exc_info=True)
    import botocore

    return f"Botocore/{botocore.__version__}"


def _ssl_context(verify: Any) -> ssl.SSLContext:
    """TLS as botocore's default: its CA bundle (or ``AWS_CA_BUNDLE``), verified hosts."""
    from botocore.httpsession import create_urllib3_context, get_cert_path

    context: ssl.SSLContext = create_urllib3_context()
    context.load_verify_locations(cafile=get_cert_path(verify))
    context.verify_mode = ssl.CERT_REQUIRED
    context.check_hostname = True
    return context


def create_wire(client: Any, parser: Any) -> _Wire | None:
    """The lean path of ``client``, or ``None`` when its configuration needs botocore.

    Args:
        client: a botocore SWF client, as ``swf.transport`` builds them.
        parser: a response parser like the client's (the transport's fast JSON parser).
    """
    from botocore.httpsession import URLLib3Session
    from botocore.utils import get_environ_proxies

    meta = client.meta
    config = meta.config
    url = meta.endpoint_url
    retries = config.retries or {}
    reasons: list[str] = []
    if urlsplit(url).scheme not in ("http", "https"):
        reasons.append("endpoint scheme")
    if config.proxies or get_environ_proxies(url):
        reasons.append("proxies")
    if config.client_cert:
        reasons.append("TLS settings")
    if config.use_fips_endpoint or config.use_dualstack_endpoint:
        reasons.append("FIPS or dual-stack endpoint")
    if config.tcp_keepalive or config.signature_version not in (None, "v4"):
        reasons.append("TCP keep-alive or signature version")
    if retries.get("mode") != "standard" or "total_max_attempts" not in retries:
        reasons.append("retry mode")
    # botocore keeps its HTTP settings (CA bundle, proxies) on the endpoint's session.
    session = getattr(getattr(client, "_endpoint", None), "http_session", None)
    verify = getattr(session, "_verify", None)
    if not isinstance(session, URLLib3Session) or not (verify is True or isinstance(verify, str)):
        reasons.append("HTTP session")
    if reasons:
        logger.debug("SWF lean transport off for %s: %s", url, ", ".join(reasons))
        return None
    return _Wire(client, parser, int(retries["total_max_attempts"]), verify)
