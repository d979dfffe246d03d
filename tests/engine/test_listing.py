"""§16/§20.16: List*/Count* executions with every filter applied on the server."""

from __future__ import annotations

import time

import pytest
from botocore.exceptions import ClientError

from tests.engine.swf import Swf, decision

pytestmark = pytest.mark.integration


def _ids(page: dict[str, object]) -> list[str]:
    return [info["execution"]["workflowId"] for info in page["executionInfos"]]  # type: ignore[index, union-attr]


@pytest.fixture
def population(swf: Swf) -> Swf:
    swf.register_workflow("other")
    swf.start("a", tagList=["red"])
    swf.start("b", tagList=["blue"])
    swf.start("c", name="other", tagList=["red", "blue"])
    swf.start("d", tagList=["red"])
    swf.client.terminate_workflow_execution(domain=swf.domain, workflowId="d")
    swf.start("e")
    swf.client.request_cancel_workflow_execution(domain=swf.domain, workflowId="e")
    task = swf.poll()
    while task["workflowExecution"]["workflowId"] != "e":
        swf.decide(task)
        task = swf.poll()
    swf.decide(task, decision("CancelWorkflowExecution"))
    return swf


def test_20_16_list_open_filters(population: Swf) -> None:
    swf = population
    c = swf.client
    base = {"domain": swf.domain, "startTimeFilter": {"oldestDate": 0}}
    assert _ids(c.list_open_workflow_executions(**base)) == ["c", "b", "a"]  # newest first
    assert _ids(c.list_open_workflow_executions(**base, reverseOrder=True)) == ["a", "b", "c"]
    assert _ids(c.list_open_workflow_executions(**base, tagFilter={"tag": "red"})) == ["c", "a"]
    assert _ids(c.list_open_workflow_executions(**base, typeFilter={"name": "other"})) == ["c"]
    assert _ids(c.list_open_workflow_executions(**base, executionFilter={"workflowId": "b"})) == [
        "b"
    ]
    future = {"oldestDate": time.time() + 3600}
    assert _ids(c.list_open_workflow_executions(domain=swf.domain, startTimeFilter=future)) == []
    assert c.count_open_workflow_executions(**base, tagFilter={"tag": "blue"})["count"] == 2


def test_20_16_list_closed_filters(population: Swf) -> None:
    swf = population
    c = swf.client
    base = {"domain": swf.domain, "startTimeFilter": {"oldestDate": 0}}
    assert sorted(_ids(c.list_closed_workflow_executions(**base))) == ["d", "e"]
    by_status = c.list_closed_workflow_executions(**base, closeStatusFilter={"status": "CANCELED"})
    assert _ids(by_status) == ["e"]
    closed = c.list_closed_workflow_executions(domain=swf.domain, closeTimeFilter={"oldestDate": 0})
    assert _ids(closed) == ["e", "d"]
    assert c.count_closed_workflow_executions(**base, tagFilter={"tag": "red"})["count"] == 1
    with pytest.raises(ClientError) as err:
        c.list_closed_workflow_executions(
            **base, tagFilter={"tag": "red"}, closeStatusFilter={"status": "TERMINATED"}
        )
    assert err.value.response["Error"]["Code"] == "ValidationException"


def test_list_pages(population: Swf) -> None:
    swf = population
    base = {"domain": swf.domain, "startTimeFilter": {"oldestDate": 0}}
    first = swf.client.list_open_workflow_executions(**base, maximumPageSize=2)
    assert len(first["executionInfos"]) == 2 and first["nextPageToken"]
    second = swf.client.list_open_workflow_executions(**base, nextPageToken=first["nextPageToken"])
    assert _ids(first) + _ids(second) == ["c", "b", "a"]
