from __future__ import annotations

import copy
import datetime
import inspect
import json
import os
import pickle
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from unittest import mock

import botocore.exceptions
import botocore.parsers
import pytest
from moto import mock_aws

from swf import transport
from swf.exceptions import (
    InvalidCredentialsError,
    SWFConnectionError,
    SWFDomainAlreadyExistsError,
    SWFLimitExceededError,
    SWFOperationNotPermittedError,
    SWFResponseError,
    SWFTypeAlreadyExistsError,
    SWFWorkflowExecutionAlreadyStartedError,
)
from swf.transport import Layer1, SWFConnection

DOMAIN = "test-domain"
TASK_LIST = "test-list"


@pytest.fixture(autouse=True)
def _fresh_clients() -> Iterator[None]:
    transport.clear_client_cache()
    yield
    transport.clear_client_cache()


@pytest.fixture
def conn() -> Iterator[SWFConnection]:
    with mock_aws():
        connection = transport.connect()
        connection.register_domain(DOMAIN, 1)
        yield connection


def capture_params(connection: SWFConnection) -> list[tuple[str, dict[str, Any]]]:
    """Record the parameters of each client call, exactly as botocore receives them."""
    seen: list[tuple[str, dict[str, Any]]] = []

    def handler(params: dict[str, Any], model: Any, **kwargs: Any) -> None:
        seen.append((model.name, copy.deepcopy(params)))

    connection.client.meta.events.register("provide-client-params.swf.*", handler)
    return seen


def register_types(connection: SWFConnection) -> None:
    connection.register_workflow_type(
        DOMAIN,
        "wf",
        "1",
        task_list=TASK_LIST,
        default_child_policy="TERMINATE",
        default_execution_start_to_close_timeout=3600,
        default_task_start_to_close_timeout=300,
    )
    connection.register_activity_type(
        DOMAIN,
        "act",
        "1",
        task_list=TASK_LIST,
        default_task_heartbeat_timeout=60,
        default_task_schedule_to_close_timeout=120,
        default_task_schedule_to_start_timeout=60,
        default_task_start_to_close_timeout=60,
    )


def closed_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


# -- import isolation and interface --------------------------------------------------------


def test_importing_swf_core_modules_does_not_load_botocore() -> None:
    code = (
        "import sys\n"
        "import swf.core, swf.exceptions, swf.settings, swf.transport\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('botocore', 'boto3'))\n"
        "assert not loaded, loaded\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )

    assert result.returncode == 0, result.stderr


# (method, parameters in order with defaults; "" marks a required parameter)
LAYER1_SIGNATURES: dict[str, list[tuple[str, Any]]] = {
    "describe_domain": [("name", "")],
    "register_domain": [
        ("name", ""),
        ("workflow_execution_retention_period_in_days", ""),
        ("description", None),
    ],
    "deprecate_domain": [("name", "")],
    "list_domains": [
        ("registration_status", ""),
        ("maximum_page_size", None),
        ("next_page_token", None),
        ("reverse_order", None),
    ],
    "describe_activity_type": [("domain", ""), ("activity_name", ""), ("activity_version", "")],
    "register_activity_type": [
        ("domain", ""),
        ("name", ""),
        ("version", ""),
        ("task_list", None),
        ("default_task_heartbeat_timeout", None),
        ("default_task_schedule_to_close_timeout", None),
        ("default_task_schedule_to_start_timeout", None),
        ("default_task_start_to_close_timeout", None),
        ("description", None),
    ],
    "deprecate_activity_type": [("domain", ""), ("activity_name", ""), ("activity_version", "")],
    "list_activity_types": [
        ("domain", ""),
        ("registration_status", ""),
        ("name", None),
        ("maximum_page_size", None),
        ("next_page_token", None),
        ("reverse_order", None),
    ],
    "describe_workflow_type": [("domain", ""), ("workflow_name", ""), ("workflow_version", "")],
    "register_workflow_type": [
        ("domain", ""),
        ("name", ""),
        ("version", ""),
        ("task_list", None),
        ("default_child_policy", None),
        ("default_execution_start_to_close_timeout", None),
        ("default_task_start_to_close_timeout", None),
        ("description", None),
    ],
    "deprecate_workflow_type": [("domain", ""), ("workflow_name", ""), ("workflow_version", "")],
    "list_workflow_types": [
        ("domain", ""),
        ("registration_status", ""),
        ("maximum_page_size", None),
        ("name", None),
        ("next_page_token", None),
        ("reverse_order", None),
    ],
    "start_workflow_execution": [
        ("domain", ""),
        ("workflow_id", ""),
        ("workflow_name", ""),
        ("workflow_version", ""),
        ("task_list", None),
        ("child_policy", None),
        ("execution_start_to_close_timeout", None),
        ("input", None),
        ("tag_list", None),
        ("task_start_to_close_timeout", None),
        ("task_priority", None),  # added after 0.11.9 (features §8.2)
    ],
    "describe_workflow_execution": [("domain", ""), ("run_id", ""), ("workflow_id", "")],
    "get_workflow_execution_history": [
        ("domain", ""),
        ("run_id", ""),
        ("workflow_id", ""),
        ("maximum_page_size", None),
        ("next_page_token", None),
        ("reverse_order", None),
    ],
    "signal_workflow_execution": [
        ("domain", ""),
        ("signal_name", ""),
        ("workflow_id", ""),
        ("input", None),
        ("run_id", None),
    ],
    "request_cancel_workflow_execution": [("domain", ""), ("workflow_id", ""), ("run_id", None)],
    "terminate_workflow_execution": [
        ("domain", ""),
        ("workflow_id", ""),
        ("child_policy", None),
        ("details", None),
        ("reason", None),
        ("run_id", None),
    ],
    "list_open_workflow_executions": [
        ("domain", ""),
        ("oldest_date", ""),
        ("latest_date", None),
        ("tag", None),
        ("workflow_id", None),
        ("workflow_name", None),
        ("workflow_version", None),
        ("maximum_page_size", None),
        ("next_page_token", None),
        ("reverse_order", None),
    ],
    "list_closed_workflow_executions": [
        ("domain", ""),
        ("start_latest_date", None),
        ("start_oldest_date", None),
        ("close_latest_date", None),
        ("close_oldest_date", None),
        ("close_status", None),
        ("tag", None),
        ("workflow_id", None),
        ("workflow_name", None),
        ("workflow_version", None),
        ("maximum_page_size", None),
        ("next_page_token", None),
        ("reverse_order", None),
    ],
    "poll_for_decision_task": [
        ("domain", ""),
        ("task_list", ""),
        ("identity", None),
        ("maximum_page_size", None),
        ("next_page_token", None),
        ("reverse_order", None),
    ],
    "respond_decision_task_completed": [
        ("task_token", ""),
        ("decisions", None),
        ("execution_context", None),
    ],
    "poll_for_activity_task": [("domain", ""), ("task_list", ""), ("identity", None)],
    "respond_activity_task_completed": [("task_token", ""), ("result", None)],
    "respond_activity_task_failed": [("task_token", ""), ("details", None), ("reason", None)],
    "respond_activity_task_canceled": [("task_token", ""), ("details", None)],
    "record_activity_task_heartbeat": [("task_token", ""), ("details", None)],
    "count_open_workflow_executions": [
        ("domain", ""),
        ("latest_date", ""),
        ("oldest_date", ""),
        ("tag", None),
        ("workflow_id", None),
        ("workflow_name", None),
        ("workflow_version", None),
    ],
    "count_closed_workflow_executions": [
        ("domain", ""),
        ("start_latest_date", None),
        ("start_oldest_date", None),
        ("close_latest_date", None),
        ("close_oldest_date", None),
        ("close_status", None),
        ("tag", None),
        ("workflow_id", None),
        ("workflow_name", None),
        ("workflow_version", None),
    ],
    "count_pending_decision_tasks": [("domain", ""), ("task_list", "")],
    "count_pending_activity_tasks": [("domain", ""), ("task_list", "")],
}


def test_layer1_has_the_31_boto2_methods() -> None:
    assert len(LAYER1_SIGNATURES) == 31  # 27 called by 0.11.9 + 4 count_* ones
    assert Layer1 is SWFConnection


@pytest.mark.parametrize("name", sorted(LAYER1_SIGNATURES))
def test_layer1_method_signature_is_boto2s(name: str) -> None:
    method = SWFConnection.__dict__[name]  # a plain method defined on the class
    parameters = list(inspect.signature(method).parameters.values())[1:]

    actual = [
        (p.name, "" if p.default is inspect.Parameter.empty else p.default) for p in parameters
    ]
    assert actual == LAYER1_SIGNATURES[name]
    assert all(p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD for p in parameters)


def test_class_level_patch_reaches_instances(conn: SWFConnection) -> None:
    calls: list[tuple[Any, ...]] = []

    def fake(self: SWFConnection, name: str) -> dict[str, Any]:
        calls.append((self, name))
        return {"domainInfo": {"name": name}}

    with mock.patch.object(SWFConnection, "describe_domain", fake):
        assert transport.connect().describe_domain("x") == {"domainInfo": {"name": "x"}}

    assert calls[0][1] == "x"


# -- request cleaning -----------------------------------------------------------------------


class Decision(dict):  # type: ignore[type-arg]
    """Decision objects of the models layer are dict subclasses."""


def test_clean_drops_none_and_empty_dicts_recursively_without_mutating() -> None:
    decision = Decision(
        decisionType="ScheduleActivityTask",
        scheduleActivityTaskDecisionAttributes={
            "activityId": "a",
            "taskList": {"name": None},
            "control": None,
            "startToCloseTimeout": 30,
            "heartbeatTimeout": 1.5,
            "scheduleToStartTimeout": "10",
        },
    )
    original = copy.deepcopy(decision)

    cleaned = transport._clean(
        {
            "taskToken": "t",
            "decisions": [decision],
            "executionContext": None,
            "nested": {"empty": {"deeper": {}}},
        }
    )

    assert cleaned == {
        "taskToken": "t",
        "decisions": [
            {
                "decisionType": "ScheduleActivityTask",
                "scheduleActivityTaskDecisionAttributes": {
                    "activityId": "a",
                    "startToCloseTimeout": "30",
                    "heartbeatTimeout": "1.5",
                    "scheduleToStartTimeout": "10",
                },
            }
        ],
    }
    assert type(cleaned["decisions"][0]) is dict
    assert decision == original


def test_clean_stringifies_retention_but_not_page_sizes_or_booleans() -> None:
    cleaned = transport._clean(
        {
            "workflowExecutionRetentionPeriodInDays": 7,
            "maximumPageSize": 100,
            "reverseOrder": False,
            "tagList": ["a", "b"],
            "someTimeout": True,
        }
    )

    assert cleaned == {
        "workflowExecutionRetentionPeriodInDays": "7",
        "maximumPageSize": 100,
        "reverseOrder": False,
        "tagList": ["a", "b"],
        "someTimeout": True,
    }


class Stop(Exception):
    """Raised before sending, once the request parameters are recorded."""


def record_requests(connection: SWFConnection) -> list[tuple[str, dict[str, Any]]]:
    """Record each request's parameters and stop it before it is sent."""
    seen = capture_params(connection)

    def stop(**kwargs: Any) -> None:
        raise Stop

    connection.client.meta.events.register("before-call.swf.*", stop)
    return seen


REQUESTS: list[tuple[str, tuple[Any, ...], dict[str, Any], str, dict[str, Any]]] = [
    (
        "start_workflow_execution",
        (DOMAIN, "wid", "wf", "1"),
        {"tag_list": "one-tag", "input": "{}", "execution_start_to_close_timeout": 60},
        "StartWorkflowExecution",
        {
            "domain": DOMAIN,
            "workflowId": "wid",
            "workflowType": {"name": "wf", "version": "1"},
            "executionStartToCloseTimeout": "60",
            "input": "{}",
            "tagList": ["one-tag"],
        },
    ),
    (
        "list_open_workflow_executions",
        (DOMAIN, None),
        {"latest_date": 1_700_000_000, "tag": "t"},
        "ListOpenWorkflowExecutions",
        {
            "domain": DOMAIN,
            "startTimeFilter": {"oldestDate": 0, "latestDate": 1_700_000_000},
            "tagFilter": {"tag": "t"},
        },
    ),
    (  # typeFilter only when the workflow name is set
        "list_open_workflow_executions",
        (DOMAIN, 1),
        {"workflow_version": "1", "maximum_page_size": 10, "reverse_order": True},
        "ListOpenWorkflowExecutions",
        {
            "domain": DOMAIN,
            "startTimeFilter": {"oldestDate": 1},
            "maximumPageSize": 10,
            "reverseOrder": True,
        },
    ),
    (
        "list_closed_workflow_executions",
        (DOMAIN,),
        {"close_latest_date": 5, "workflow_name": "wf", "next_page_token": "tok"},
        "ListClosedWorkflowExecutions",
        {
            "domain": DOMAIN,
            "closeTimeFilter": {"oldestDate": 0, "latestDate": 5},
            "typeFilter": {"name": "wf"},
            "nextPageToken": "tok",
        },
    ),
    (
        "register_domain",
        ("other", 3, None),
        {},
        "RegisterDomain",
        {"name": "other", "workflowExecutionRetentionPeriodInDays": "3"},
    ),
    (
        "register_activity_type",
        (DOMAIN, "act", "1"),
        {"default_task_heartbeat_timeout": 30},
        "RegisterActivityType",
        {"domain": DOMAIN, "name": "act", "version": "1", "defaultTaskHeartbeatTimeout": "30"},
    ),
    (
        "request_cancel_workflow_execution",
        (DOMAIN, "wid"),
        {},
        "RequestCancelWorkflowExecution",
        {"domain": DOMAIN, "workflowId": "wid"},
    ),
    (
        "respond_activity_task_canceled",
        ("token",),
        {"details": "d"},
        "RespondActivityTaskCanceled",
        {"taskToken": "token", "details": "d"},
    ),
    (
        "count_open_workflow_executions",
        (DOMAIN, 20, None),
        {"workflow_id": "w"},
        "CountOpenWorkflowExecutions",
        {
            "domain": DOMAIN,
            "startTimeFilter": {"oldestDate": 0, "latestDate": 20},
            "executionFilter": {"workflowId": "w"},
        },
    ),
    (
        "count_closed_workflow_executions",
        (DOMAIN,),
        {"start_oldest_date": 3, "close_status": "FAILED"},
        "CountClosedWorkflowExecutions",
        {
            "domain": DOMAIN,
            "startTimeFilter": {"oldestDate": 3},
            "closeStatusFilter": {"status": "FAILED"},
        },
    ),
]


@pytest.mark.parametrize(
    ("method", "args", "kwargs", "action", "expected"),
    REQUESTS,
    ids=[f"{entry[0]}-{index}" for index, entry in enumerate(REQUESTS)],
)
def test_requests_are_built_and_cleaned_like_boto2(
    method: str,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
    action: str,
    expected: dict[str, Any],
) -> None:
    connection = transport.connect()
    seen = record_requests(connection)

    with pytest.raises(Stop):
        getattr(connection, method)(*args, **kwargs)

    assert seen == [(action, expected)]


def test_datetime_dates_are_accepted(conn: SWFConnection) -> None:
    register_types(conn)
    conn.start_workflow_execution(DOMAIN, "wid", "wf", "1")

    naive = datetime.datetime(2000, 1, 1)
    result = conn.list_open_workflow_executions(DOMAIN, naive)

    assert [info["execution"]["workflowId"] for info in result["executionInfos"]] == ["wid"]


# -- response shaping ----------------------------------------------------------------------


def test_responses_have_no_metadata_and_epoch_timestamps(conn: SWFConnection) -> None:
    register_types(conn)
    run_id = conn.start_workflow_execution(DOMAIN, "wid", "wf", "1")["runId"]

    described = conn.describe_workflow_execution(DOMAIN, run_id, "wid")
    history = conn.get_workflow_execution_history(DOMAIN, run_id, "wid")
    activity = conn.describe_activity_type(DOMAIN, "act", "1")
    domain = conn.describe_domain(DOMAIN)

    for response in (described, history, activity, domain):
        assert "ResponseMetadata" not in response
    assert isinstance(described["executionInfo"]["startTimestamp"], int | float)
    assert all(isinstance(event["eventTimestamp"], int | float) for event in history["events"])
    assert isinstance(activity["typeInfo"]["creationDate"], int | float)
    assert domain["configuration"] == {"workflowExecutionRetentionPeriodInDays": "1"}
    assert "description" not in activity["typeInfo"]  # moto's null is dropped, as botocore does


def test_bodyless_actions_return_none(conn: SWFConnection) -> None:
    register_types(conn)
    run_id = conn.start_workflow_execution(DOMAIN, "wid", "wf", "1")["runId"]

    results = [
        conn.register_domain("d2", "2", "description"),
        conn.signal_workflow_execution(DOMAIN, "sig", "wid", input="x", run_id=run_id),
        conn.terminate_workflow_execution(DOMAIN, "wid", reason="r", details="d"),
        conn.deprecate_activity_type(DOMAIN, "act", "1"),
        conn.deprecate_workflow_type(DOMAIN, "wf", "1"),
        conn.deprecate_domain("d2"),
    ]

    assert results == [None] * len(results)


def test_empty_polls_return_dicts_without_token(conn: SWFConnection) -> None:
    decision = conn.poll_for_decision_task(DOMAIN, TASK_LIST)
    activity = conn.poll_for_activity_task(DOMAIN, TASK_LIST, identity="me")

    assert isinstance(decision, dict) and not decision.get("taskToken")
    assert isinstance(activity, dict) and not activity.get("taskToken")


def test_decision_and_activity_round_trip(conn: SWFConnection) -> None:
    register_types(conn)
    run_id = conn.start_workflow_execution(DOMAIN, "wid", "wf", "1", input="in")["runId"]
    task = conn.poll_for_decision_task(DOMAIN, TASK_LIST, identity="decider")
    decision = Decision(
        decisionType="ScheduleActivityTask",
        scheduleActivityTaskDecisionAttributes={
            "activityId": "a1",
            "activityType": {"name": "act", "version": "1"},
            "taskList": {"name": None},
            "input": "1",
            "startToCloseTimeout": 30,
        },
    )

    assert conn.respond_decision_task_completed(task["taskToken"], decisions=[decision]) is None
    activity = conn.poll_for_activity_task(DOMAIN, TASK_LIST)
    heartbeat = conn.record_activity_task_heartbeat(activity["taskToken"], "50%")
    conn.respond_activity_task_completed(activity["taskToken"], result="2")
    events = conn.get_workflow_execution_history(DOMAIN, run_id, "wid")["events"]

    assert task["workflowExecution"] == {"workflowId": "wid", "runId": run_id}
    assert decision["scheduleActivityTaskDecisionAttributes"]["taskList"] == {"name": None}
    assert activity["activityId"] == "a1" and activity["input"] == "1"
    assert heartbeat == {"cancelRequested": False}
    assert events[-2]["activityTaskCompletedEventAttributes"]["result"] == "2"
    assert conn.count_pending_decision_tasks(DOMAIN, TASK_LIST)["count"] == 1


# -- fast parser ---------------------------------------------------------------------------


def test_parse_fast_drops_nulls_like_botocore() -> None:
    assert transport._parse_fast(b"") == {}
    assert transport._parse_fast(b'{"a": 1.5, "b": null, "c": [{"d": null, "e": "null"}]}') == {
        "a": 1.5,
        "c": [{"e": "null"}],
    }
    with pytest.raises(ValueError):
        transport._parse_fast(b"[1, 2]")


@pytest.mark.parametrize("decoder", ["msgspec", "json"])
def test_parse_fast_gives_the_same_dicts_with_either_decoder(
    monkeypatch: pytest.MonkeyPatch, decoder: str
) -> None:
    if decoder == "msgspec":
        pytest.importorskip("msgspec")
    else:
        monkeypatch.setitem(sys.modules, "msgspec", None)  # import msgspec -> ImportError
    transport._json_decoder.cache_clear()
    try:
        body = b'{"events": [{"eventId": 1, "eventTimestamp": 1796419138.7278726, "x": "\\u00e9"}]}'
        assert transport._parse_fast(body) == json.loads(body)
        with pytest.raises(ValueError):
            transport._parse_fast(b'{"events": [')
    finally:
        transport._json_decoder.cache_clear()


def test_fast_path_equals_generic_parser_on_moto_responses(
    conn: SWFConnection, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SWF_LEAN_TRANSPORT", "0")  # botocore's parsing hooks see every answer
    captured: list[tuple[Any, dict[str, Any]]] = []

    def capture(operation_model: Any, response_dict: dict[str, Any], **kwargs: Any) -> None:
        captured.append((operation_model, dict(response_dict)))

    conn.client.meta.events.register("before-parse.swf.*", capture)
    conn.poll_client.meta.events.register("before-parse.swf.*", capture)
    register_types(conn)
    conn.describe_domain(DOMAIN)
    conn.list_domains("REGISTERED")
    conn.describe_activity_type(DOMAIN, "act", "1")
    conn.list_activity_types(DOMAIN, "REGISTERED")
    conn.describe_workflow_type(DOMAIN, "wf", "1")
    conn.list_workflow_types(DOMAIN, "REGISTERED")
    conn.poll_for_decision_task(DOMAIN, TASK_LIST)  # empty poll
    run_id = conn.start_workflow_execution(DOMAIN, "wid", "wf", "1", input="null")["runId"]
    task = conn.poll_for_decision_task(DOMAIN, TASK_LIST)
    conn.respond_decision_task_completed(
        task["taskToken"],
        [
            {
                "decisionType": "ScheduleActivityTask",
                "scheduleActivityTaskDecisionAttributes": {
                    "activityId": "a1",
                    "activityType": {"name": "act", "version": "1"},
                },
            }
        ],
    )
    activity = conn.poll_for_activity_task(DOMAIN, TASK_LIST)
    conn.respond_activity_task_failed(activity["taskToken"], reason="boom")
    conn.describe_workflow_execution(DOMAIN, run_id, "wid")
    conn.get_workflow_execution_history(DOMAIN, run_id, "wid")
    conn.list_open_workflow_executions(DOMAIN, 0)
    conn.terminate_workflow_execution(DOMAIN, "wid")
    conn.list_closed_workflow_executions(DOMAIN, start_oldest_date=0)

    fast = transport._new_response_parser_factory().create_parser("json")
    generic = botocore.parsers.JSONParser(timestamp_parser=lambda value: value)
    covered = set()
    for operation_model, response_dict in captured:
        shape = operation_model.output_shape
        fast_result = fast.parse(response_dict, shape)
        generic_result = generic.parse(response_dict, shape)
        for result in (fast_result, generic_result):
            result.pop("ResponseMetadata")
        assert fast_result == generic_result, operation_model.name
        if shape is not None and shape.name in transport._FAST_SHAPES:
            covered.add(shape.name)

    assert covered == transport._FAST_SHAPES


# -- errors --------------------------------------------------------------------------------


def test_unknown_domain_is_an_swf_response_error(conn: SWFConnection) -> None:
    with pytest.raises(SWFResponseError) as info:
        conn.describe_domain("missing")

    error = info.value
    assert type(error) is SWFResponseError
    assert (error.status, error.reason) == (400, "Bad Request")
    assert error.error_code == "UnknownResourceFault"
    assert error.body == {
        "__type": "com.amazonaws.swf.base.model#UnknownResourceFault",
        "message": "Unknown domain: missing",
    }
    assert isinstance(error.__cause__, botocore.exceptions.ClientError)


def test_already_existing_resources_map_to_boto2_classes(conn: SWFConnection) -> None:
    register_types(conn)
    conn.start_workflow_execution(DOMAIN, "wid", "wf", "1")

    with pytest.raises(SWFDomainAlreadyExistsError):
        conn.register_domain(DOMAIN, 1)
    with pytest.raises(SWFTypeAlreadyExistsError):
        conn.register_activity_type(DOMAIN, "act", "1")
    with pytest.raises(SWFTypeAlreadyExistsError):
        conn.register_workflow_type(DOMAIN, "wf", "1")
    with pytest.raises(SWFWorkflowExecutionAlreadyStartedError) as info:
        conn.start_workflow_execution(DOMAIN, "wid", "wf", "1")
    assert info.value.error_code == "WorkflowExecutionAlreadyStartedFault"


def test_client_side_validation_error_is_a_validation_exception(conn: SWFConnection) -> None:
    with pytest.raises(SWFResponseError) as info:
        conn.list_domains("REGISTERED", maximum_page_size="not an int")  # type: ignore[arg-type]

    error = info.value
    assert (error.status, error.reason, error.error_code) == (
        400,
        "Bad Request",
        "ValidationException",
    )
    assert error.body["__type"] == "ValidationException"
    assert "maximumPageSize" in error.body["message"]
    assert isinstance(error.__cause__, botocore.exceptions.ParamValidationError)


@pytest.mark.parametrize(
    ("code", "status", "cls", "reason"),
    [
        ("LimitExceededFault", 400, SWFLimitExceededError, "Bad Request"),
        ("OperationNotPermittedFault", 400, SWFOperationNotPermittedError, "Bad Request"),
        ("ThrottlingException", 400, SWFResponseError, "Bad Request"),
        ("InternalFailure", 500, SWFResponseError, "Internal Server Error"),
    ],
)
def test_client_error_translation(
    code: str, status: int, cls: type[SWFResponseError], reason: str
) -> None:
    error = botocore.exceptions.ClientError(
        {
            "Error": {"Code": code, "Message": "text"},
            "ResponseMetadata": {"HTTPStatusCode": status, "RequestId": "rid"},
        },
        "PollForDecisionTask",
    )

    translated = transport._response_error(error)

    assert type(translated) is cls
    assert (translated.status, translated.reason, translated.message) == (status, reason, "text")
    assert translated.error_code == code
    assert translated.request_id == "rid"
    expected_type = f"com.amazonaws.swf.base.model#{code}" if code.endswith("Fault") else code
    assert translated.body["__type"] == expected_type


def test_closed_port_fails_fast_with_connection_error(monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"http://127.0.0.1:{closed_port()}"
    monkeypatch.setenv("AWS_ENDPOINT_URL_SWF", url)
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "1")
    connection = transport.connect()

    started = time.monotonic()
    with pytest.raises(SWFConnectionError) as info:
        connection.list_domains("REGISTERED")

    assert time.monotonic() - started < 10
    message = str(info.value)
    assert url in message and "AWS_ENDPOINT_URL_SWF" in message
    assert isinstance(info.value, ConnectionError)
    assert isinstance(info.value.__cause__, botocore.exceptions.EndpointConnectionError)


def test_missing_credentials_raise_invalid_credentials_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    for name in ("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("AWS_WEB_IDENTITY_TOKEN_FILE", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.setenv("AWS_ENDPOINT_URL_SWF", f"http://127.0.0.1:{closed_port()}")

    with pytest.raises(InvalidCredentialsError) as info:
        transport.connect().describe_domain("d")

    assert "AWS_ACCESS_KEY_ID" in str(info.value)
    assert isinstance(info.value.__cause__, botocore.exceptions.NoCredentialsError)


# -- configuration -------------------------------------------------------------------------


def test_client_configuration_defaults() -> None:
    config = transport.connect().client.meta.config

    assert config.read_timeout >= 70
    assert config.connect_timeout <= 10
    assert config.retries == {"mode": "standard", "total_max_attempts": 10}


@pytest.mark.parametrize("env", [{}, {"AWS_MAX_ATTEMPTS": "5"}])
def test_polls_get_one_attempt_the_pollers_retry_them(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str]
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    conn = transport.connect()

    assert conn.poll_client.meta.config.retries == {"mode": "standard", "total_max_attempts": 1}
    assert conn.poll_client is not conn.client
    assert conn.poll_client is transport.connect().poll_client  # cached like the other


@pytest.mark.parametrize(
    ("name", "value"), [("AWS_MAX_ATTEMPTS", "3"), ("AWS_RETRY_MODE", "legacy")]
)
def test_retry_environment_is_not_overridden(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    monkeypatch.setenv(name, value)

    retries = transport.connect().client.meta.config.retries

    assert retries != {"mode": "standard", "total_max_attempts": 10}
    if name == "AWS_MAX_ATTEMPTS":
        assert retries["total_max_attempts"] == 3
    else:
        assert retries["mode"] == "legacy"


def test_endpoint_resolution_order(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:1111")
    assert transport.connect().client.meta.endpoint_url == "http://127.0.0.1:1111"

    monkeypatch.setenv("AWS_ENDPOINT_URL_SWF", "http://127.0.0.1:2222")
    connection = transport.connect()
    assert connection.endpoint_url == connection.client.meta.endpoint_url
    assert connection.endpoint_url == "http://127.0.0.1:2222"

    explicit = transport.connect(endpoint_url="http://127.0.0.1:3333")
    assert explicit.client.meta.endpoint_url == "http://127.0.0.1:3333"


def test_default_endpoint_is_aws_for_the_region() -> None:
    connection = transport.connect("eu-west-1")

    assert connection.endpoint_url is None
    assert connection.client.meta.endpoint_url == "https://swf.eu-west-1.amazonaws.com"
    assert connection.client.meta.region_name == "eu-west-1"


def test_default_region_resolution(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "config"))
    monkeypatch.setenv("AWS_REGION", "eu-north-1")
    assert transport.default_region() == "eu-north-1"

    monkeypatch.delenv("AWS_REGION")
    assert transport.default_region() == "us-east-1"  # AWS_DEFAULT_REGION from conftest

    monkeypatch.delenv("AWS_DEFAULT_REGION")
    assert transport.default_region() == "us-east-1"  # boto 2's default

    (tmp_path / "config").write_text("[profile p]\nregion = ap-northeast-1\n")
    monkeypatch.setenv("AWS_PROFILE", "p")
    assert transport.default_region() == "ap-northeast-1"


def test_invalid_region_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="^invalid region: bad region$"):
        transport.connect("bad region")


def test_connection_exposes_credentials_and_region() -> None:
    connection = transport.connect("eu-west-1", "AKID", "SECRET")

    assert (connection.region, connection.aws_access_key_id) == ("eu-west-1", "AKID")
    assert connection.aws_secret_access_key == "SECRET"
    assert "SECRET" not in repr(connection)
    assert connection.client.meta.region_name == "eu-west-1"


def test_session_token_passed_for_environment_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_SESSION_TOKEN", "TOKEN")

    from_env = transport.connect(None, "testing", "testing")
    other = transport.connect(None, "OTHER", "SECRET")

    assert from_env._client_key().aws_session_token == "TOKEN"
    assert other._client_key().aws_session_token is None


# -- client cache --------------------------------------------------------------------------


def test_clients_are_shared_per_configuration() -> None:
    first = transport.connect()
    second = transport.connect()
    other_region = transport.connect("eu-west-1")
    other_credentials = transport.connect(None, "AKID", "SECRET")

    assert first is not second
    assert first.client is second.client
    assert other_region.client is not first.client
    assert other_credentials.client is not first.client


def test_clear_client_cache_builds_new_clients() -> None:
    connection = transport.connect()
    before = connection.client

    transport.clear_client_cache()

    assert connection.client is not before
    assert connection.client is connection.client


def test_forked_child_gets_its_own_client() -> None:
    connection = transport.connect()
    parent_client = connection.client
    read_fd, write_fd = os.pipe()

    pid = os.fork()
    if pid == 0:  # child: report, then leave without running pytest's teardown
        try:
            child_client = connection.client
            ok = child_client is not parent_client and child_client is connection.client
            os.write(write_fd, b"ok" if ok else b"shared")
        finally:
            os._exit(0)

    os.close(write_fd)
    with os.fdopen(read_fd, "rb") as reader:
        answer = reader.read()
    _, status = os.waitpid(pid, 0)

    assert answer == b"ok"
    assert os.waitstatus_to_exitcode(status) == 0
    assert connection.client is parent_client


def test_connection_pickles_without_its_client(conn: SWFConnection) -> None:
    assert conn.client is not None

    copy_ = pickle.loads(pickle.dumps(conn))  # noqa: S301 - own data

    assert copy_.region == conn.region
    assert copy_.describe_domain(DOMAIN)["domainInfo"]["name"] == DOMAIN
