from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from unittest import mock

import pytest
from moto import mock_aws

from swf.constants import DEPRECATED
from swf.exceptions import (
    AlreadyExistsError,
    DoesNotExistError,
    InvalidCredentialsError,
    InvalidKeywordArgumentError,
    ResponseError,
    SWFResponseError,
)
from swf.models import ActivityType, Domain, WorkflowExecution, WorkflowType
from swf.querysets import (
    ActivityTypeQuerySet,
    DomainQuerySet,
    HistoryQuerySet,
    WorkflowExecutionQuerySet,
    WorkflowTypeQuerySet,
)
from swf.querysets.base import BaseQuerySet
from swf.querysets.workflow import BaseWorkflowQuerySet


def _fault(code: str, message: str | None = "boom") -> SWFResponseError:
    return SWFResponseError(
        400, "Bad Request", {"__type": f"com.amazonaws.swf.base.model#{code}", "message": message}
    )


@pytest.fixture
def domain() -> Iterator[Domain]:
    with mock_aws():
        domain = Domain("dom", description="desc")
        domain.save()
        yield domain


# -- BaseQuerySet ------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["get", "get_or_create", "filter", "all", "create"])
def test_base_queryset_methods_are_abstract(method: str) -> None:
    with pytest.raises(NotImplementedError):
        getattr(BaseQuerySet(connection=mock.Mock()), method)("x", y=1)


def test_querysets_have_a_dict() -> None:
    queryset = BaseQuerySet("junk", connection=mock.Mock())
    queryset.anything = 1
    assert queryset.__dict__["anything"] == 1


# -- DomainQuerySet ----------------------------------------------------------------------


def test_domain_get_returns_the_remote_domain(domain: Domain) -> None:
    fetched = DomainQuerySet().get("dom")

    assert (fetched.name, fetched.status, fetched.description) == ("dom", "REGISTERED", "desc")
    assert fetched.retention_period == "30"


@pytest.mark.usefixtures("domain")
def test_domain_get_of_a_missing_domain() -> None:
    with pytest.raises(DoesNotExistError, match="No such domain: nope"):
        DomainQuerySet().get("nope")


@pytest.mark.parametrize(
    ("code", "error"),
    [
        ("UnrecognizedClientException", InvalidCredentialsError),
        ("ThrottlingException", ResponseError),
    ],
)
def test_domain_get_translates_faults(code: str, error: type[Exception]) -> None:
    connection = mock.Mock()
    connection.describe_domain.side_effect = _fault(code)

    with pytest.raises(error):
        DomainQuerySet(connection=connection).get("dom")


@pytest.mark.usefixtures("domain")
def test_domain_get_or_create_and_create() -> None:
    queryset = DomainQuerySet()

    created = queryset.get_or_create("new", retention_period=5)
    assert queryset.get("new").retention_period == "5"
    assert queryset.get_or_create("new").name == created.name
    with pytest.raises(AlreadyExistsError):
        queryset.create("new")


@pytest.mark.usefixtures("domain")
def test_domain_all_filters_by_registration_status() -> None:
    queryset = DomainQuerySet()
    queryset.create("old")
    Domain("old").delete()

    assert [d.name for d in queryset.all()] == ["dom"]
    assert [d.name for d in queryset.all(registration_status=DEPRECATED)] == ["old"]
    assert queryset.all()[0].description == "desc"


def test_domain_all_stops_on_a_missing_or_empty_page_token() -> None:
    connection = mock.Mock()
    connection.list_domains.side_effect = [
        {"domainInfos": [{"name": "a", "status": "REGISTERED"}], "nextPageToken": "t"},
        {"domainInfos": [{"name": "b", "status": "REGISTERED"}], "nextPageToken": ""},
        {"domainInfos": [{"name": "c", "status": "REGISTERED"}]},
    ]

    assert [d.name for d in DomainQuerySet(connection=connection).all()] == ["a", "b"]
    assert connection.list_domains.call_args_list == [
        mock.call("REGISTERED", next_page_token=None),
        mock.call("REGISTERED", next_page_token="t"),
    ]


# -- ActivityTypeQuerySet ----------------------------------------------------------------


def test_activity_queryset_requires_a_domain() -> None:
    with pytest.raises(TypeError):
        ActivityTypeQuerySet("dom", connection=mock.Mock())
    queryset = ActivityTypeQuerySet(Domain("dom", connection=mock.Mock()), connection=mock.Mock())
    with pytest.raises(TypeError):
        queryset.domain = "other"  # type: ignore[assignment]
    del queryset._domain
    assert queryset.domain is None


def test_activity_get_reads_remote_defaults_unless_given(domain: Domain) -> None:
    ActivityType(domain, "act", "1", task_list="tl", task_start_to_close_timeout="40").save()
    queryset = ActivityTypeQuerySet(domain)

    fetched = queryset.get("act", "1")
    assert (fetched.task_list, fetched.task_start_to_close_timeout) == ("tl", "40")
    assert fetched.creation_date

    overridden = queryset.get("act", "1", task_list="other", task_start_to_close_timeout=None)
    assert (overridden.task_list, overridden.task_start_to_close_timeout) == ("other", "40")


def test_activity_get_of_a_missing_type(domain: Domain) -> None:
    with pytest.raises(DoesNotExistError):
        ActivityTypeQuerySet(domain).get("nope", "1")


def test_activity_get_translates_other_faults() -> None:
    connection = mock.Mock()
    connection.describe_activity_type.side_effect = _fault("ThrottlingException", None)

    with pytest.raises(ResponseError):
        ActivityTypeQuerySet(Domain("d", connection=connection), connection=connection).get(
            "a", "1"
        )


def test_activity_get_or_create_registers_once(domain: Domain) -> None:
    queryset = ActivityTypeQuerySet(domain)

    created = queryset.get_or_create("act", "1", task_list="tl")
    fetched = queryset.get_or_create("act", "1")

    assert created.exists
    # Local defaults (0) win over remote values, as in 0.11.9.
    assert (fetched.task_list, fetched.task_heartbeat_timeout) == ("tl", 0)


def test_activity_filter_and_all(domain: Domain) -> None:
    queryset = ActivityTypeQuerySet(domain)
    queryset.create("a", "1")
    queryset.create("a", "2")
    queryset.create("b", "1")

    assert sorted((t.name, t.version) for t in queryset.all()) == [
        ("a", "1"),
        ("a", "2"),
        ("b", "1"),
    ]
    # moto ignores the name filter: only check that it reaches the list call.
    with mock.patch.object(
        queryset.connection, "list_activity_types", return_value={"typeInfos": []}
    ) as list_types:
        assert queryset.filter(name="a") == []
    list_types.assert_called_once_with("dom", "REGISTERED", name="a")
    assert queryset.all(registration_status=DEPRECATED) == []


def test_activity_all_follows_page_tokens() -> None:
    connection = mock.Mock()
    info = {"activityType": {"name": "a", "version": "1"}, "status": "REGISTERED"}
    connection.list_activity_types.side_effect = [
        {"typeInfos": [info], "nextPageToken": "t"},
        {"typeInfos": [info]},
    ]
    queryset = ActivityTypeQuerySet(Domain("dom", connection=connection), connection=connection)

    assert len(queryset.all()) == 2
    assert connection.list_activity_types.call_args_list[1] == mock.call(
        "dom", "REGISTERED", next_page_token="t"
    )


# -- WorkflowTypeQuerySet ----------------------------------------------------------------


def test_workflow_queryset_requires_a_domain() -> None:
    with pytest.raises(TypeError):
        WorkflowTypeQuerySet("dom", connection=mock.Mock())
    with pytest.raises(NotImplementedError):
        BaseWorkflowQuerySet(Domain("d", connection=mock.Mock()), connection=mock.Mock())._list()


def test_workflow_get_reads_remote_defaults_unless_given(domain: Domain) -> None:
    WorkflowType(domain, "wf", "1", task_list="tl", execution_timeout="60").save()
    queryset = WorkflowTypeQuerySet(domain)

    fetched = queryset.get("wf", "1")
    assert (fetched.task_list, fetched.execution_timeout, fetched.child_policy) == (
        "tl",
        "60",
        "TERMINATE",
    )
    assert queryset.get("wf", "1", task_list="other").task_list == "other"
    with pytest.raises(DoesNotExistError):
        queryset.get("nope", "1")


def test_workflow_get_of_a_type_without_default_child_policy(domain: Domain) -> None:
    WorkflowType(domain, "wf", "1", child_policy=None).save()

    assert WorkflowTypeQuerySet(domain).get("wf", "1").child_policy is None


def test_workflow_get_or_create(domain: Domain) -> None:
    queryset = WorkflowTypeQuerySet(domain)

    created = queryset.get_or_create("wf", "1", task_list="tl")
    assert created.exists
    assert queryset.get_or_create("wf", "1").task_list == "tl"


def test_workflow_get_or_create_survives_a_concurrent_registration() -> None:
    queryset = WorkflowTypeQuerySet(Domain("d", connection=mock.Mock()), connection=mock.Mock())
    found = WorkflowType(queryset.domain, "wf", "1", connection=mock.Mock())
    with (
        mock.patch.object(queryset, "get", side_effect=[DoesNotExistError("no"), found]),
        mock.patch.object(queryset, "create", side_effect=AlreadyExistsError("yes")),
    ):
        assert queryset.get_or_create("wf", "1") is found


def test_workflow_filter_and_all(domain: Domain) -> None:
    queryset = WorkflowTypeQuerySet(domain)
    queryset.create("a", "1")
    queryset.create("b", "1")

    assert sorted(t.name for t in queryset.all()) == ["a", "b"]
    with mock.patch.object(
        queryset.connection, "list_workflow_types", return_value={"typeInfos": []}
    ) as list_types:
        assert queryset.filter(name="b") == []
    list_types.assert_called_once_with("dom", "REGISTERED", name="b", next_page_token=None)


# -- WorkflowExecutionQuerySet -----------------------------------------------------------


def test_execution_status_parameters() -> None:
    queryset = WorkflowExecutionQuerySet(
        Domain("d", connection=mock.Mock()), connection=mock.Mock()
    )

    assert queryset._validate_status_parameters("OPEN", ["oldest_date", "close_status"]) == [
        "close_status"
    ]
    assert queryset._validate_status_parameters("CLOSED", ["close_status", "oldest_date"]) == [
        "oldest_date"
    ]
    assert queryset._validate_status_parameters("OTHER", ["oldest_date"]) == ["oldest_date"]
    with pytest.raises(
        InvalidKeywordArgumentError, match="Invalid keyword arguments supplied: x, y"
    ):
        queryset.filter(x=1, y=2)
    with pytest.raises(ValueError, match="Unknown status provided: OTHER"):
        queryset.list_workflow_executions("OTHER", "d")


def test_execution_filter_passes_close_dates_through_unchanged() -> None:
    connection = mock.Mock()
    connection.list_closed_workflow_executions.return_value = {"executionInfos": []}
    queryset = WorkflowExecutionQuerySet(Domain("d", connection=connection), connection=connection)

    assert queryset.filter(status="CLOSED", close_latest_date=5) == []

    connection.list_closed_workflow_executions.assert_called_once_with(
        domain="d",
        workflow_id=None,
        workflow_name=None,
        workflow_version=None,
        start_oldest_date=None,
        tag=None,
        close_latest_date=5,
        next_page_token=None,
    )


def test_execution_filter_open_converts_days_to_an_epoch() -> None:
    connection = mock.Mock()
    connection.list_open_workflow_executions.return_value = {"executionInfos": []}
    queryset = WorkflowExecutionQuerySet(Domain("d", connection=connection), connection=connection)

    queryset.filter(oldest_date=2)

    kwargs = connection.list_open_workflow_executions.call_args.kwargs
    assert isinstance(kwargs["oldest_date"], int)
    assert "start_oldest_date" not in kwargs


def test_execution_get_all_and_filter(domain: Domain) -> None:
    wt = WorkflowType(domain, "wf", "1", task_list="tl")
    wt.save()
    first = wt.start_execution(workflow_id="w1", tag_list=["t1"])
    second = wt.start_execution(workflow_id="w2")
    second.terminate()
    queryset = WorkflowExecutionQuerySet(domain)

    fetched = queryset.get("w1", first.run_id)
    assert isinstance(fetched, WorkflowExecution)
    assert (fetched.task_list, fetched.tag_list, fetched.status) == ("tl", ["t1"], "OPEN")
    assert fetched.open_counts["openDecisionTasks"] == 1
    assert queryset.get_workflow_type({"workflowType": {"name": "wf", "version": "1"}}).name == "wf"

    assert [e.workflow_id for e in queryset.all()] == ["w1"]
    closed = queryset.all(status="CLOSED")
    assert [(e.workflow_id, e.close_status) for e in closed] == [("w2", "TERMINATED")]
    assert closed[0].workflow_type.name == "wf"
    assert [e.workflow_id for e in queryset.filter(workflow_id="w1")] == ["w1"]
    with pytest.raises(DoesNotExistError):
        queryset.get("nope", "nope")


# -- HistoryQuerySet ---------------------------------------------------------------------


def _page(first_id: int, count: int, token: str | None) -> dict[str, Any]:
    events = [
        {
            "eventId": first_id + i,
            "eventType": "TimerFired",
            "eventTimestamp": 0.0,
            "timerFiredEventAttributes": {"timerId": "t", "startedEventId": 1},
        }
        for i in range(count)
    ]
    return {"events": events, **({"nextPageToken": token} if token is not None else {})}


def test_history_get_fetches_one_page_by_default() -> None:
    connection = mock.Mock()
    connection.get_workflow_execution_history.side_effect = [
        _page(1, 100, "t"),
        _page(101, 1, None),
    ]

    history = HistoryQuerySet(Domain("d", connection=connection), connection=connection).get(
        "r", "w"
    )

    assert len(history) == 100
    connection.get_workflow_execution_history.assert_called_once_with(
        "d", "r", "w", maximum_page_size=100, next_page_token=None, reverse_order=False
    )


def test_history_get_fetches_pages_until_max_results_without_truncating() -> None:
    connection = mock.Mock()
    connection.get_workflow_execution_history.side_effect = [
        _page(1, 3, "t1"),
        _page(4, 3, "t2"),
        _page(7, 3, ""),
    ]
    queryset = HistoryQuerySet(Domain("d", connection=connection), connection=connection)

    history = queryset.get("r", "w", max_results=5, page_size=3, reverse=True)

    assert [event.id for event in history] == [1, 2, 3, 4, 5, 6]
    assert connection.get_workflow_execution_history.call_args_list[1] == mock.call(
        "d", "r", "w", maximum_page_size=3, next_page_token="t1", reverse_order=True
    )
