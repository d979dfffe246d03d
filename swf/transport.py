"""The SWF transport: boto 2's ``Layer1`` interface over a botocore SWF client.

This is the only module of the project that imports botocore, and it does so inside
functions (client creation, error mapping), so importing ``swf.core``, ``swf.exceptions``
or any model never loads botocore.

``SWFConnection`` (alias ``Layer1``) keeps the boto 2 method names and signatures the
``swf`` and ``simpleflow`` packages call, and returns plain dicts with SWF's camelCase
keys (timestamps as epoch numbers, no ``ResponseMetadata``, ``None`` for actions without
an answer). List and poll methods return one page, as boto 2 did: callers follow
``nextPageToken``. Errors are translated once, here:

* SWF faults become the ``swf.exceptions.SWFResponseError`` family;
* client-side parameter validation becomes an ``SWFResponseError`` with ``__type``
  ``ValidationException`` (what boto 2 got back from SWF);
* an endpoint that cannot be reached becomes ``swf.exceptions.SWFConnectionError``;
* missing credentials become ``swf.exceptions.InvalidCredentialsError``.

Configuration (``connect()``):

* credentials: explicit ones when both are given, else boto3's chain (environment,
  ``AWS_PROFILE`` and shared files, container or instance roles);
* region: the argument, else ``AWS_REGION`` / ``AWS_DEFAULT_REGION`` / the profile's,
  else ``us-east-1``;
* endpoint: ``AWS_ENDPOINT_URL_SWF``, else ``AWS_ENDPOINT_URL``, else AWS's (this is how
  everything runs against moto's server on 127.0.0.1);
* HTTP retries: botocore's ``standard`` mode with 10 attempts (throttling, 5xx and
  connection errors, jittered exponential backoff capped at 20 s per wait), unless
  ``AWS_MAX_ATTEMPTS`` or ``AWS_RETRY_MODE`` (or the profile) say otherwise. So with the
  defaults an unreachable endpoint raises ``SWFConnectionError`` after at most about
  2 minutes of backoff (plus a 5 s connect timeout per attempt when packets are dropped);
  set ``AWS_MAX_ATTEMPTS=1`` to fail at once. Polls are the exception: they get a single
  attempt, because the decider and worker pollers retry them with their own backoff (one
  layer of retries, so work resumes within seconds after an outage);
* timeouts: 70 s read timeout (above SWF's 60 s long poll), 5 s connect timeout.

Clients are created lazily and cached per (process id, region, endpoint, credentials):
model objects are cheap, and a forked child never uses its parent's connection pool.
:func:`clear_client_cache` forgets them (e.g. after changing ``AWS_*`` variables).
"""

from __future__ import annotations

import functools
import http
import json
import logging
import os
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from swf import _wire
from swf._wire import FALLBACK
from swf.exceptions import (
    InvalidCredentialsError,
    SWFConnectionError,
    SWFResponseError,
    _response_error_class,
)

if TYPE_CHECKING:
    from mypy_boto3_swf.client import SWFClient

    from swf._wire import _Wire

logger = logging.getLogger(__name__)

__all__ = ["Layer1", "SWFConnection", "clear_client_cache", "connect", "default_region"]

_DEFAULT_REGION = "us-east-1"  # boto 2's default region for SWF
_DEFAULT_MAX_ATTEMPTS = 10
_SINGLE_ATTEMPT = {"mode": "standard", "total_max_attempts": 1}
#: Operations botocore never retries: the pollers retry them with their own backoff
#: (botocore's waits of up to 20 s, under the pollers' backoff, delayed recovery).
_POLL_OPERATIONS = frozenset({"poll_for_decision_task", "poll_for_activity_task"})
_READ_TIMEOUT = 70.0  # must exceed SWF's 60 s long poll
_CONNECT_TIMEOUT = 5.0
_FAULT_TYPE_PREFIX = "com.amazonaws.swf.base.model#"
# Keys whose values SWF declares as strings although they hold numbers (swf.md 18.4).
_NUMERIC_STRING_KEYS = frozenset({"workflowExecutionRetentionPeriodInDays"})
# Output shapes parsed by a plain JSON decoder (see _parse_fast).
_FAST_SHAPES = frozenset(
    {
        "ActivityTask",
        "ActivityTypeDetail",
        "ActivityTypeInfos",
        "DecisionTask",
        "DomainDetail",
        "DomainInfos",
        "History",
        "WorkflowExecutionDetail",
        "WorkflowExecutionInfos",
        "WorkflowTypeDetail",
        "WorkflowTypeInfos",
    }
)
_CREDENTIAL_ERROR_NAMES = (
    "NoCredentialsError",
    "PartialCredentialsError",
    "CredentialRetrievalError",
    "ProfileNotFound",
    "UnauthorizedSSOTokenError",
    "SSOTokenLoadError",
    "TokenRetrievalError",
)
_CREDENTIALS_HELP = (
    "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or configure a profile "
    "(AWS_PROFILE, ~/.aws/credentials), or write a ~/.swf file, or call "
    "swf.settings.set(aws_access_key_id=..., aws_secret_access_key=...)"
)


# ---------------------------------------------------------------------------
# Configuration and the client cache
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _ClientKey:
    pid: int
    region: str
    endpoint_url: str | None
    aws_access_key_id: str | None
    aws_secret_access_key: str | None = field(repr=False)
    aws_session_token: str | None = field(repr=False)
    # Variables read when the client is built: the retry settings, and with boto3's
    # credential chain, what the chain depends on most often.
    environment: tuple[str | None, ...] = field(repr=False)
    # Polls: one attempt per call, the poller is their only retry layer.
    single_attempt: bool = False


_lock = threading.Lock()
_clients: dict[_ClientKey, SWFClient] = {}
#: The lean request path of each cached client (``None``: botocore only), see swf._wire.
_wires: dict[_ClientKey, _Wire | None] = {}
_generation = 0
_profile_regions: dict[tuple[int, str | None, str | None], str | None] = {}


def clear_client_cache() -> None:
    """Forget every cached botocore client (and the cached profile region).

    Connections build a new client on their next call. Useful after changing ``AWS_*``
    variables or credentials files in a running process (tests do).
    """
    global _generation
    with _lock:
        _clients.clear()
        _wires.clear()
        _profile_regions.clear()
        _generation += 1


def _reset_after_fork() -> None:
    # The parent's lock may be held by one of its threads, and its clients (with their
    # connection pools) must never be used here.
    global _lock, _generation
    _lock = threading.Lock()
    _clients.clear()
    _wires.clear()
    _generation += 1


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_reset_after_fork)


def _endpoint_from_env() -> str | None:
    if os.environ.get("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "").lower() == "true":
        return None
    return os.environ.get("AWS_ENDPOINT_URL_SWF") or os.environ.get("AWS_ENDPOINT_URL") or None


def default_region() -> str:
    """The region to use when none is given.

    ``AWS_REGION``, else ``AWS_DEFAULT_REGION``, else the region of the AWS profile, else
    ``'us-east-1'`` (boto 2's default for SWF).
    """
    region = os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION")
    if region:
        return region
    cache_key = (os.getpid(), os.environ.get("AWS_PROFILE"), os.environ.get("AWS_CONFIG_FILE"))
    if cache_key not in _profile_regions:
        _profile_regions[cache_key] = _profile_region()
    return _profile_regions[cache_key] or _DEFAULT_REGION


def _profile_region() -> str | None:
    import botocore.exceptions
    import botocore.session

    try:
        region = botocore.session.get_session().get_config_variable("region")
    except botocore.exceptions.ProfileNotFound:
        return None  # reported with a clear message when credentials are resolved
    return str(region) if region else None


def _validate_region(region: str) -> None:
    import botocore.exceptions
    import botocore.utils

    try:
        botocore.utils.validate_region_name(region)
    except botocore.exceptions.InvalidRegionError as err:
        raise ValueError(f"invalid region: {region}") from err


def _identity(value: Any) -> Any:
    return value


def _parse_fast(body: bytes) -> dict[str, Any]:
    """Parse the body of a successful SWF answer with a plain JSON decoder.

    botocore's generic JSON parser walks the output shape for every value, which costs
    about 10 to 20 times a ``json.loads`` on big histories (decision polls, history
    pages). SWF's wire JSON already has the exact camelCase keys callers expect, its
    timestamps are epoch numbers (which we keep, as boto 2 did) and its outputs hold no
    blobs, so the decoded JSON is the result. Like botocore, keys whose value is ``null``
    are dropped (moto sends some; SWF does not, and a body without ``null`` anywhere
    skips that work). Benchmarks call this function to measure the parsing cost.
    """
    if not body:
        return {}
    if b"null" in body:
        parsed = json.loads(body, object_pairs_hook=_without_nulls)
    else:
        parsed = _json_decoder()(body)
    if not isinstance(parsed, dict):
        raise ValueError(f"expected a JSON object, got {type(parsed).__name__}")
    return parsed


@functools.lru_cache(maxsize=1)
def _json_decoder() -> Any:
    """msgspec's JSON decoder when the ``fast`` extra is installed, else ``json.loads``.

    msgspec builds the same dicts, lists, strings and numbers about 1.5 times faster on
    big histories (a decider decodes the whole history of every decision task).
    """
    try:
        import msgspec
    except ImportError:
        return json.loads
    decode = msgspec.json.decode

    def loads(body: bytes) -> Any:
        try:
            return decode(body)
        except msgspec.DecodeError as err:
            raise ValueError(str(err)) from err

    return loads


def _without_nulls(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    return {key: value for key, value in pairs if value is not None}


@functools.lru_cache(maxsize=1)
def _parser_factory_class() -> type[Any]:
    from botocore.parsers import JSONParser, ResponseParserFactory
    from botocore.utils import lowercase_dict

    class FastJSONParser(JSONParser):
        """botocore's JSON parser, short-circuiting successful answers of _FAST_SHAPES."""

        def parse(self, response: dict[str, Any], shape: Any) -> Any:
            if shape is not None and response["status_code"] < 300 and shape.name in _FAST_SHAPES:
                try:
                    parsed = _parse_fast(response["body"])
                except ValueError:
                    return super().parse(response, shape)  # let botocore report it
                headers = response["headers"]
                metadata: dict[str, Any] = {
                    "HTTPStatusCode": response["status_code"],
                    "HTTPHeaders": lowercase_dict(headers),
                }
                if "x-amzn-requestid" in headers:
                    metadata["RequestId"] = headers["x-amzn-requestid"]
                parsed["ResponseMetadata"] = metadata
                return parsed
            return super().parse(response, shape)

    class SWFResponseParserFactory(ResponseParserFactory):
        """Creates FastJSONParser for SWF's ``json`` protocol."""

        def create_parser(self, protocol_name: str) -> Any:
            if protocol_name == "json":
                return FastJSONParser(**self._defaults)
            return super().create_parser(protocol_name)

    return SWFResponseParserFactory


def _new_response_parser_factory() -> Any:
    """A botocore response parser factory: fast path, and timestamps kept as numbers."""
    factory = _parser_factory_class()()
    factory.set_parser_defaults(timestamp_parser=_identity)
    return factory


def _retries_config(session: Any) -> dict[str, Any] | None:
    import botocore.exceptions

    if "AWS_MAX_ATTEMPTS" in os.environ or "AWS_RETRY_MODE" in os.environ:
        return None
    try:
        configured = session.get_scoped_config()
    except botocore.exceptions.ProfileNotFound:
        configured = {}  # reported with a clear message when credentials are resolved
    if "max_attempts" in configured or "retry_mode" in configured:
        return None
    return {"mode": "standard", "total_max_attempts": _DEFAULT_MAX_ATTEMPTS}


def _credential_errors() -> tuple[type[BaseException], ...]:
    import botocore.exceptions

    found = (getattr(botocore.exceptions, name, None) for name in _CREDENTIAL_ERROR_NAMES)
    return tuple(cls for cls in found if isinstance(cls, type))


def _credentials_error(err: BaseException) -> InvalidCredentialsError:
    return InvalidCredentialsError(
        f"no usable AWS credentials for SWF ({type(err).__name__}: {err}): {_CREDENTIALS_HELP}"
    )


_loader: Any = None


def _data_loader(session: Any) -> Any:
    """One botocore data loader for every session of the process (and its forks).

    It only caches the parsed service model and endpoint files, the same for every
    client: a second client then costs about 6 ms and 0.3 MB instead of 80 ms and 9 MB
    (each poller builds two, and forks an activity process per task, which costs more
    the bigger the process is).
    """
    global _loader
    if _loader is None:
        _loader = session.get_component("data_loader")
    return _loader


def _create_client(key: _ClientKey) -> SWFClient:
    import botocore.exceptions
    import botocore.session
    from botocore.config import Config

    # A fresh session per client: sessions cache credentials, and a cached client must
    # not pick up credentials resolved for another key.
    session = botocore.session.get_session()
    session.register_component("data_loader", _data_loader(session))
    session.register_component("response_parser_factory", _new_response_parser_factory())
    config = Config(
        read_timeout=_READ_TIMEOUT,
        connect_timeout=_CONNECT_TIMEOUT,
        retries=_SINGLE_ATTEMPT if key.single_attempt else _retries_config(session),
    )
    logger.debug("creating an SWF client: %r", key)
    try:
        client: SWFClient = session.create_client(
            "swf",
            region_name=key.region,
            endpoint_url=key.endpoint_url,
            aws_access_key_id=key.aws_access_key_id,
            aws_secret_access_key=key.aws_secret_access_key,
            aws_session_token=key.aws_session_token,
            config=config,
        )
    except botocore.exceptions.InvalidRegionError as err:
        raise ValueError(f"invalid region: {key.region}") from err
    except _credential_errors() as err:
        raise _credentials_error(err) from err
    return client


def _get_client(key: _ClientKey) -> tuple[SWFClient, _Wire | None]:
    client = _clients.get(key)
    if client is not None:
        return client, _wires.get(key)
    with _lock:
        client = _clients.get(key)
        if client is None:
            client = _create_client(key)
            _wires[key] = _create_wire(client)
            _clients[key] = client
    return client, _wires.get(key)


def _create_wire(client: SWFClient) -> _Wire | None:
    from swf._wire import create_wire

    return create_wire(client, _new_response_parser_factory().create_parser("json"))


# ---------------------------------------------------------------------------
# Requests and errors
# ---------------------------------------------------------------------------


def _clean(value: Any) -> Any:
    """boto 2's request cleaning, recursive (lists included), never mutating ``value``.

    Drops keys whose value is ``None`` or ``{}`` (a dict emptied by cleaning too), copies
    mappings (decision objects are ``dict`` subclasses) into plain dicts, and turns
    numbers under ``*Timeout`` keys and ``workflowExecutionRetentionPeriodInDays`` into
    strings, as SWF declares them.
    """
    if isinstance(value, Mapping):
        cleaned: dict[str, Any] = {}
        for key, item in value.items():
            item = _clean(item)
            if item is None or (isinstance(item, dict) and not item):
                continue
            if (
                isinstance(item, int | float)
                and not isinstance(item, bool)
                and (key.endswith("Timeout") or key in _NUMERIC_STRING_KEYS)
            ):
                item = str(item)
            cleaned[key] = item
        return cleaned
    if isinstance(value, list | tuple):
        return [_clean(item) for item in value]
    return value


def _time_filter(oldest: Any, latest: Any) -> dict[str, Any]:
    if oldest is None and latest is not None:
        oldest = 0  # SWF requires oldestDate; boto 2 sent a filter SWF rejected
    return {"oldestDate": oldest, "latestDate": latest}


def _type_filter(name: str | None, version: str | None) -> dict[str, Any] | None:
    if not name:
        return None  # SWF requires the name in a type filter
    return {"name": name, "version": version}


def _type_ref(name: str, version: str) -> dict[str, Any]:
    return {"name": name, "version": version}


def _tag_list(tag_list: str | Sequence[str] | None) -> list[str] | None:
    if tag_list is None:
        return None
    if isinstance(tag_list, str):
        return [tag_list]
    return list(tag_list)


def _response_error(err: Any) -> SWFResponseError:
    """The ``SWFResponseError`` family member for a botocore ``ClientError``."""
    response = err.response
    error = response.get("Error", {})
    code = error.get("Code") or None
    metadata = response.get("ResponseMetadata", {})
    status = metadata.get("HTTPStatusCode") or 400
    try:
        reason = http.HTTPStatus(status).phrase
    except ValueError:
        reason = ""
    fault_type = code
    if code and code.endswith("Fault"):
        fault_type = _FAULT_TYPE_PREFIX + code
    body = {"__type": fault_type, "message": error.get("Message") or None}
    exception = _response_error_class(code)(status, reason, body, code)
    exception.request_id = metadata.get("RequestId")
    return exception


# ---------------------------------------------------------------------------
# The connection
# ---------------------------------------------------------------------------


class SWFConnection:
    """boto 2's SWF ``Layer1`` interface over a botocore client.

    Cheap to build: the botocore client is created on first use and shared (per process)
    with every connection of the same region, endpoint and credentials.

    Args:
        aws_access_key_id: explicit credentials, used only when both are given;
            otherwise boto3's credential chain resolves them.
        aws_secret_access_key: see ``aws_access_key_id``.
        region: the region name; :func:`default_region` when not given.
        endpoint_url: the SWF endpoint; ``AWS_ENDPOINT_URL_SWF`` / ``AWS_ENDPOINT_URL`` /
            AWS's when not given.
        aws_session_token: a session token for temporary credentials; by default
            ``AWS_SESSION_TOKEN`` when the key id is ``AWS_ACCESS_KEY_ID``.

    Attributes:
        region, aws_access_key_id, aws_secret_access_key, endpoint_url: as resolved.
        client: the botocore SWF client (created on first access).
    """

    def __init__(
        self,
        aws_access_key_id: str | None = None,
        aws_secret_access_key: str | None = None,
        *,
        region: str | None = None,
        endpoint_url: str | None = None,
        aws_session_token: str | None = None,
    ) -> None:
        self.aws_access_key_id = aws_access_key_id
        self.aws_secret_access_key = aws_secret_access_key
        self.region = region or default_region()
        self.endpoint_url = endpoint_url if endpoint_url is not None else _endpoint_from_env()
        explicit = bool(aws_access_key_id and aws_secret_access_key)
        if (
            aws_session_token is None
            and explicit
            and aws_access_key_id == os.environ.get("AWS_ACCESS_KEY_ID")
        ):
            aws_session_token = os.environ.get("AWS_SESSION_TOKEN") or None
        self._explicit_credentials = explicit
        self._aws_session_token = aws_session_token if explicit else None
        self._client: SWFClient | None = None
        self._wire: _Wire | None = None
        self._client_pid = 0
        self._client_generation = -1
        self._poll_client: SWFClient | None = None
        self._poll_wire: _Wire | None = None
        self._poll_client_pid = 0
        self._poll_client_generation = -1

    def __repr__(self) -> str:
        return f"{type(self).__name__}(region={self.region!r}, endpoint_url={self.endpoint_url!r})"

    def __getstate__(self) -> dict[str, Any]:
        # Never pickle a botocore client: the receiving process builds its own.
        state = dict(self.__dict__)
        state.update(_client=None, _wire=None, _client_pid=0, _client_generation=-1)
        state.update(
            _poll_client=None, _poll_wire=None, _poll_client_pid=0, _poll_client_generation=-1
        )
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)

    @property
    def client(self) -> SWFClient:
        """The botocore SWF client of this process (created and cached on first use)."""
        client = self._client
        if (
            client is None
            or self._client_pid != os.getpid()
            or self._client_generation != _generation
        ):
            generation = _generation
            client, self._wire = _get_client(self._client_key())
            self._client, self._client_pid, self._client_generation = (
                client,
                os.getpid(),
                generation,
            )
        return client

    @property
    def poll_client(self) -> SWFClient:
        """The botocore SWF client of this process for polls: one attempt per call."""
        client = self._poll_client
        if (
            client is None
            or self._poll_client_pid != os.getpid()
            or self._poll_client_generation != _generation
        ):
            generation = _generation
            client, self._poll_wire = _get_client(self._client_key(single_attempt=True))
            self._poll_client, self._poll_client_pid, self._poll_client_generation = (
                client,
                os.getpid(),
                generation,
            )
        return client

    def _client_key(self, single_attempt: bool = False) -> _ClientKey:
        retries = (os.environ.get("AWS_MAX_ATTEMPTS"), os.environ.get("AWS_RETRY_MODE"))
        if self._explicit_credentials:
            return _ClientKey(
                os.getpid(),
                self.region,
                self.endpoint_url,
                self.aws_access_key_id,
                self.aws_secret_access_key,
                self._aws_session_token,
                retries,
                single_attempt,
            )
        chain = (os.environ.get("AWS_ACCESS_KEY_ID"), os.environ.get("AWS_PROFILE"))
        return _ClientKey(
            os.getpid(),
            self.region,
            self.endpoint_url,
            None,
            None,
            None,
            retries + chain,
            single_attempt,
        )

    def _call(self, operation: str, request: Mapping[str, Any]) -> dict[str, Any]:
        """Clean ``request``, call the client method ``operation``, translate errors."""
        import botocore.exceptions as bce

        if operation in _POLL_OPERATIONS:
            client, wire = self.poll_client, self._poll_wire
        else:
            client, wire = self.client, self._wire
        params = _clean(request)
        try:
            response: Any = FALLBACK
            if wire is not None and _wire.is_enabled():
                name = client.meta.method_to_api_mapping[operation]
                if wire.handles(name):
                    response = wire.call(name, params)
            if response is FALLBACK:
                response = getattr(client, operation)(**params)
        except bce.ClientError as err:
            raise _response_error(err) from err
        except bce.ParamValidationError as err:
            body = {"__type": "ValidationException", "message": str(err)}
            raise SWFResponseError(400, "Bad Request", body, "ValidationException") from err
        except _credential_errors() as err:
            raise _credentials_error(err) from err
        except (bce.HTTPClientError, bce.ConnectionError) as err:
            raise self._connection_error(client, err) from err
        response.pop("ResponseMetadata", None)
        return response

    def _connection_error(self, client: Any, err: BaseException) -> SWFConnectionError:
        endpoint = client.meta.endpoint_url
        if self.endpoint_url:
            where = (
                "check that the server behind AWS_ENDPOINT_URL_SWF / AWS_ENDPOINT_URL "
                f"(here {self.endpoint_url!r}) is running and reachable"
            )
        else:
            where = (
                f"check the network and the region {self.region!r}, or set "
                "AWS_ENDPOINT_URL_SWF to use another SWF endpoint"
            )
        return SWFConnectionError(
            f"cannot reach the SWF endpoint {endpoint!r} ({type(err).__name__}: {err}); {where}"
        )

    def _call_no_answer(self, operation: str, request: Mapping[str, Any]) -> None:
        self._call(operation, request)

    # -- domains -------------------------------------------------------------

    def describe_domain(self, name: str) -> dict[str, Any]:
        """DescribeDomain."""
        return self._call("describe_domain", {"name": name})

    def register_domain(
        self,
        name: str,
        workflow_execution_retention_period_in_days: str | int,
        description: str | None = None,
    ) -> None:
        """RegisterDomain."""
        retention = workflow_execution_retention_period_in_days
        self._call_no_answer(
            "register_domain",
            {
                "name": name,
                "workflowExecutionRetentionPeriodInDays": retention,
                "description": description,
            },
        )

    def deprecate_domain(self, name: str) -> None:
        """DeprecateDomain."""
        self._call_no_answer("deprecate_domain", {"name": name})

    def list_domains(
        self,
        registration_status: str,
        maximum_page_size: int | None = None,
        next_page_token: str | None = None,
        reverse_order: bool | None = None,
    ) -> dict[str, Any]:
        """ListDomains (one page)."""
        return self._call(
            "list_domains",
            {
                "registrationStatus": registration_status,
                "maximumPageSize": maximum_page_size,
                "nextPageToken": next_page_token,
                "reverseOrder": reverse_order,
            },
        )

    # -- activity types --------------------------------------------------------

    def describe_activity_type(
        self, domain: str, activity_name: str, activity_version: str
    ) -> dict[str, Any]:
        """DescribeActivityType."""
        return self._call(
            "describe_activity_type",
            {"domain": domain, "activityType": _type_ref(activity_name, activity_version)},
        )

    def register_activity_type(
        self,
        domain: str,
        name: str,
        version: str,
        task_list: str | None = None,
        default_task_heartbeat_timeout: str | int | None = None,
        default_task_schedule_to_close_timeout: str | int | None = None,
        default_task_schedule_to_start_timeout: str | int | None = None,
        default_task_start_to_close_timeout: str | int | None = None,
        description: str | None = None,
    ) -> None:
        """RegisterActivityType."""
        self._call_no_answer(
            "register_activity_type",
            {
                "domain": domain,
                "name": name,
                "version": version,
                "defaultTaskList": {"name": task_list},
                "defaultTaskHeartbeatTimeout": default_task_heartbeat_timeout,
                "defaultTaskScheduleToCloseTimeout": default_task_schedule_to_close_timeout,
                "defaultTaskScheduleToStartTimeout": default_task_schedule_to_start_timeout,
                "defaultTaskStartToCloseTimeout": default_task_start_to_close_timeout,
                "description": description,
            },
        )

    def deprecate_activity_type(
        self, domain: str, activity_name: str, activity_version: str
    ) -> None:
        """DeprecateActivityType."""
        self._call_no_answer(
            "deprecate_activity_type",
            {"domain": domain, "activityType": _type_ref(activity_name, activity_version)},
        )

    def list_activity_types(
        self,
        domain: str,
        registration_status: str,
        name: str | None = None,
        maximum_page_size: int | None = None,
        next_page_token: str | None = None,
        reverse_order: bool | None = None,
    ) -> dict[str, Any]:
        """ListActivityTypes (one page)."""
        return self._call(
            "list_activity_types",
            {
                "domain": domain,
                "registrationStatus": registration_status,
                "name": name,
                "maximumPageSize": maximum_page_size,
                "nextPageToken": next_page_token,
                "reverseOrder": reverse_order,
            },
        )

    # -- workflow types --------------------------------------------------------

    def describe_workflow_type(
        self, domain: str, workflow_name: str, workflow_version: str
    ) -> dict[str, Any]:
        """DescribeWorkflowType."""
        return self._call(
            "describe_workflow_type",
            {"domain": domain, "workflowType": _type_ref(workflow_name, workflow_version)},
        )

    def register_workflow_type(
        self,
        domain: str,
        name: str,
        version: str,
        task_list: str | None = None,
        default_child_policy: str | None = None,
        default_execution_start_to_close_timeout: str | int | None = None,
        default_task_start_to_close_timeout: str | int | None = None,
        description: str | None = None,
    ) -> None:
        """RegisterWorkflowType."""
        self._call_no_answer(
            "register_workflow_type",
            {
                "domain": domain,
                "name": name,
                "version": version,
                "defaultTaskList": {"name": task_list},
                "defaultChildPolicy": default_child_policy,
                "defaultExecutionStartToCloseTimeout": default_execution_start_to_close_timeout,
                "defaultTaskStartToCloseTimeout": default_task_start_to_close_timeout,
                "description": description,
            },
        )

    def deprecate_workflow_type(
        self, domain: str, workflow_name: str, workflow_version: str
    ) -> None:
        """DeprecateWorkflowType."""
        self._call_no_answer(
            "deprecate_workflow_type",
            {"domain": domain, "workflowType": _type_ref(workflow_name, workflow_version)},
        )

    def list_workflow_types(
        self,
        domain: str,
        registration_status: str,
        maximum_page_size: int | None = None,
        name: str | None = None,
        next_page_token: str | None = None,
        reverse_order: bool | None = None,
    ) -> dict[str, Any]:
        """ListWorkflowTypes (one page). Note: ``maximum_page_size`` comes before ``name``."""
        return self._call(
            "list_workflow_types",
            {
                "domain": domain,
                "registrationStatus": registration_status,
                "name": name,
                "maximumPageSize": maximum_page_size,
                "nextPageToken": next_page_token,
                "reverseOrder": reverse_order,
            },
        )

    # -- workflow executions -----------------------------------------------------

    def start_workflow_execution(
        self,
        domain: str,
        workflow_id: str,
        workflow_name: str,
        workflow_version: str,
        task_list: str | None = None,
        child_policy: str | None = None,
        execution_start_to_close_timeout: str | int | None = None,
        input: str | None = None,
        tag_list: str | Sequence[str] | None = None,
        task_start_to_close_timeout: str | int | None = None,
        task_priority: str | int | None = None,
    ) -> dict[str, Any]:
        """StartWorkflowExecution; returns ``{'runId': ...}``. A ``str`` tag list is wrapped."""
        return self._call(
            "start_workflow_execution",
            {
                "domain": domain,
                "workflowId": workflow_id,
                "workflowType": {"name": workflow_name, "version": workflow_version},
                "taskList": {"name": task_list},
                "childPolicy": child_policy,
                "executionStartToCloseTimeout": execution_start_to_close_timeout,
                "input": input,
                "tagList": _tag_list(tag_list),
                "taskStartToCloseTimeout": task_start_to_close_timeout,
                "taskPriority": None if task_priority is None else str(task_priority),
            },
        )

    def describe_workflow_execution(
        self, domain: str, run_id: str, workflow_id: str
    ) -> dict[str, Any]:
        """DescribeWorkflowExecution. Note: the run id comes before the workflow id."""
        return self._call(
            "describe_workflow_execution",
            {"domain": domain, "execution": {"workflowId": workflow_id, "runId": run_id}},
        )

    def get_workflow_execution_history(
        self,
        domain: str,
        run_id: str,
        workflow_id: str,
        maximum_page_size: int | None = None,
        next_page_token: str | None = None,
        reverse_order: bool | None = None,
    ) -> dict[str, Any]:
        """GetWorkflowExecutionHistory (one page)."""
        return self._call(
            "get_workflow_execution_history",
            {
                "domain": domain,
                "execution": {"workflowId": workflow_id, "runId": run_id},
                "maximumPageSize": maximum_page_size,
                "nextPageToken": next_page_token,
                "reverseOrder": reverse_order,
            },
        )

    def signal_workflow_execution(
        self,
        domain: str,
        signal_name: str,
        workflow_id: str,
        input: str | None = None,
        run_id: str | None = None,
    ) -> None:
        """SignalWorkflowExecution."""
        self._call_no_answer(
            "signal_workflow_execution",
            {
                "domain": domain,
                "signalName": signal_name,
                "workflowId": workflow_id,
                "input": input,
                "runId": run_id,
            },
        )

    def request_cancel_workflow_execution(
        self, domain: str, workflow_id: str, run_id: str | None = None
    ) -> None:
        """RequestCancelWorkflowExecution."""
        self._call_no_answer(
            "request_cancel_workflow_execution",
            {"domain": domain, "workflowId": workflow_id, "runId": run_id},
        )

    def terminate_workflow_execution(
        self,
        domain: str,
        workflow_id: str,
        child_policy: str | None = None,
        details: str | None = None,
        reason: str | None = None,
        run_id: str | None = None,
    ) -> None:
        """TerminateWorkflowExecution."""
        self._call_no_answer(
            "terminate_workflow_execution",
            {
                "domain": domain,
                "workflowId": workflow_id,
                "childPolicy": child_policy,
                "details": details,
                "reason": reason,
                "runId": run_id,
            },
        )

    def list_open_workflow_executions(
        self,
        domain: str,
        oldest_date: Any,
        latest_date: Any = None,
        tag: str | None = None,
        workflow_id: str | None = None,
        workflow_name: str | None = None,
        workflow_version: str | None = None,
        maximum_page_size: int | None = None,
        next_page_token: str | None = None,
        reverse_order: bool | None = None,
    ) -> dict[str, Any]:
        """ListOpenWorkflowExecutions (one page).

        Dates are epoch seconds or ``datetime`` values (naive ones count as UTC).
        """
        return self._call(
            "list_open_workflow_executions",
            {
                "domain": domain,
                "startTimeFilter": _time_filter(oldest_date, latest_date),
                "tagFilter": {"tag": tag},
                "typeFilter": _type_filter(workflow_name, workflow_version),
                "executionFilter": {"workflowId": workflow_id},
                "maximumPageSize": maximum_page_size,
                "nextPageToken": next_page_token,
                "reverseOrder": reverse_order,
            },
        )

    def list_closed_workflow_executions(
        self,
        domain: str,
        start_latest_date: Any = None,
        start_oldest_date: Any = None,
        close_latest_date: Any = None,
        close_oldest_date: Any = None,
        close_status: str | None = None,
        tag: str | None = None,
        workflow_id: str | None = None,
        workflow_name: str | None = None,
        workflow_version: str | None = None,
        maximum_page_size: int | None = None,
        next_page_token: str | None = None,
        reverse_order: bool | None = None,
    ) -> dict[str, Any]:
        """ListClosedWorkflowExecutions (one page)."""
        return self._call(
            "list_closed_workflow_executions",
            {
                "domain": domain,
                "startTimeFilter": _time_filter(start_oldest_date, start_latest_date),
                "closeTimeFilter": _time_filter(close_oldest_date, close_latest_date),
                "closeStatusFilter": {"status": close_status},
                "tagFilter": {"tag": tag},
                "typeFilter": _type_filter(workflow_name, workflow_version),
                "executionFilter": {"workflowId": workflow_id},
                "maximumPageSize": maximum_page_size,
                "nextPageToken": next_page_token,
                "reverseOrder": reverse_order,
            },
        )

    def count_open_workflow_executions(
        self,
        domain: str,
        latest_date: Any,
        oldest_date: Any,
        tag: str | None = None,
        workflow_id: str | None = None,
        workflow_name: str | None = None,
        workflow_version: str | None = None,
    ) -> dict[str, Any]:
        """CountOpenWorkflowExecutions; returns ``{'count': ..., 'truncated': ...}``."""
        return self._call(
            "count_open_workflow_executions",
            {
                "domain": domain,
                "startTimeFilter": _time_filter(oldest_date, latest_date),
                "tagFilter": {"tag": tag},
                "typeFilter": _type_filter(workflow_name, workflow_version),
                "executionFilter": {"workflowId": workflow_id},
            },
        )

    def count_closed_workflow_executions(
        self,
        domain: str,
        start_latest_date: Any = None,
        start_oldest_date: Any = None,
        close_latest_date: Any = None,
        close_oldest_date: Any = None,
        close_status: str | None = None,
        tag: str | None = None,
        workflow_id: str | None = None,
        workflow_name: str | None = None,
        workflow_version: str | None = None,
    ) -> dict[str, Any]:
        """CountClosedWorkflowExecutions; returns ``{'count': ..., 'truncated': ...}``."""
        return self._call(
            "count_closed_workflow_executions",
            {
                "domain": domain,
                "startTimeFilter": _time_filter(start_oldest_date, start_latest_date),
                "closeTimeFilter": _time_filter(close_oldest_date, close_latest_date),
                "closeStatusFilter": {"status": close_status},
                "tagFilter": {"tag": tag},
                "typeFilter": _type_filter(workflow_name, workflow_version),
                "executionFilter": {"workflowId": workflow_id},
            },
        )

    # -- tasks -------------------------------------------------------------------

    def count_pending_decision_tasks(self, domain: str, task_list: str) -> dict[str, Any]:
        """CountPendingDecisionTasks; returns ``{'count': ..., 'truncated': ...}``."""
        return self._call(
            "count_pending_decision_tasks", {"domain": domain, "taskList": {"name": task_list}}
        )

    def count_pending_activity_tasks(self, domain: str, task_list: str) -> dict[str, Any]:
        """CountPendingActivityTasks; returns ``{'count': ..., 'truncated': ...}``."""
        return self._call(
            "count_pending_activity_tasks", {"domain": domain, "taskList": {"name": task_list}}
        )

    def poll_for_decision_task(
        self,
        domain: str,
        task_list: str,
        identity: str | None = None,
        maximum_page_size: int | None = None,
        next_page_token: str | None = None,
        reverse_order: bool | None = None,
    ) -> dict[str, Any]:
        """PollForDecisionTask (one page of events).

        An empty poll has no ``taskToken``, or an empty one.
        """
        return self._call(
            "poll_for_decision_task",
            {
                "domain": domain,
                "taskList": {"name": task_list},
                "identity": identity,
                "maximumPageSize": maximum_page_size,
                "nextPageToken": next_page_token,
                "reverseOrder": reverse_order,
            },
        )

    def respond_decision_task_completed(
        self,
        task_token: str,
        decisions: Sequence[Mapping[str, Any]] | None = None,
        execution_context: str | None = None,
    ) -> None:
        """RespondDecisionTaskCompleted; decision dicts are cleaned (copies, never mutated)."""
        self._call_no_answer(
            "respond_decision_task_completed",
            {
                "taskToken": task_token,
                "decisions": decisions,
                "executionContext": execution_context,
            },
        )

    def poll_for_activity_task(
        self, domain: str, task_list: str, identity: str | None = None
    ) -> dict[str, Any]:
        """PollForActivityTask. An empty poll has no ``taskToken``, or an empty one."""
        return self._call(
            "poll_for_activity_task",
            {"domain": domain, "taskList": {"name": task_list}, "identity": identity},
        )

    def respond_activity_task_completed(self, task_token: str, result: str | None = None) -> None:
        """RespondActivityTaskCompleted."""
        self._call_no_answer(
            "respond_activity_task_completed", {"taskToken": task_token, "result": result}
        )

    def respond_activity_task_failed(
        self, task_token: str, details: str | None = None, reason: str | None = None
    ) -> None:
        """RespondActivityTaskFailed."""
        self._call_no_answer(
            "respond_activity_task_failed",
            {"taskToken": task_token, "details": details, "reason": reason},
        )

    def respond_activity_task_canceled(self, task_token: str, details: str | None = None) -> None:
        """RespondActivityTaskCanceled."""
        self._call_no_answer(
            "respond_activity_task_canceled", {"taskToken": task_token, "details": details}
        )

    def record_activity_task_heartbeat(
        self, task_token: str, details: str | None = None
    ) -> dict[str, Any]:
        """RecordActivityTaskHeartbeat; returns ``{'cancelRequested': bool}``."""
        return self._call(
            "record_activity_task_heartbeat", {"taskToken": task_token, "details": details}
        )


#: boto 2's name for the connection class.
Layer1 = SWFConnection


def connect(
    region: str | None = None,
    aws_access_key_id: str | None = None,
    aws_secret_access_key: str | None = None,
    **kwargs: Any,
) -> SWFConnection:
    """Create a connection (cheap: botocore clients are cached per process).

    Args:
        region: the region name; :func:`default_region` when not given.
        aws_access_key_id: explicit credentials, used when both are given.
        aws_secret_access_key: see ``aws_access_key_id``.
        **kwargs: ``endpoint_url`` and ``aws_session_token`` (see ``SWFConnection``).

    Raises:
        ValueError: ``invalid region: <region>`` for a malformed region name.
    """
    resolved = region or default_region()
    _validate_region(resolved)
    return SWFConnection(aws_access_key_id, aws_secret_access_key, region=resolved, **kwargs)
