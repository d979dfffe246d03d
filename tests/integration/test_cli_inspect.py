"""The inspection commands (``workflow.info``, ``workflow.profile``, ``workflow.tasks``,
``workflow.list``, ``workflow.filter``, ``task.info``) against moto's SWF server.

A module fixture drives real executions with plain boto3 calls (register, start, poll and
answer decision and activity tasks), so every command sees open, completed, failed and
terminated executions with tasks in several states. Most cases run in-process through
click's ``CliRunner``; a few run the real ``simpleflow`` program to check streams and exit
statuses end to end.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import pytest
from click.testing import CliRunner, Result

import simpleflow._cli.inspect  # noqa: F401 - registers the commands on the group
from simpleflow._cli._output import json_key
from simpleflow._cli.base import cli
from tests.data.cli_runner import run_cli

pytestmark = pytest.mark.integration

MAIN = {"name": "inspect.main", "version": "1"}
OTHER = {"name": "inspect.other", "version": "2"}
INCREMENT = {"name": "tests.increment", "version": "1"}
DOUBLE = {"name": "tests.double", "version": "1"}
EXPLODE = {"name": "tests.explode", "version": "1"}

INC_ID = "activity-tests.increment-1"
DOUBLE_ID = "activity-tests.double-1"
EXPLODE_ID = "activity-tests.explode-1"

FORMATS = ("tabular", "csv", "tsv", "json", "prettyjson", "human")
HEADER_OPTIONS = ("--header", "--no-header")


# --- the executions ---------------------------------------------------------------------


@dataclass
class Scenario:
    domain: str
    runs: dict[str, str] = field(default_factory=dict)  # workflow id -> latest run id
    first_rerun: str = ""  # run id of the closed first run of "wf-rerun"


class _Driver:
    """Plays decider and worker for one execution at a time with plain boto3 calls."""

    def __init__(self, client: Any, domain: str) -> None:
        self.client = client
        self.domain = domain

    def start(
        self, workflow_id: str, workflow_type: dict[str, str], input: Any, tags: list[str]
    ) -> str:
        response = self.client.start_workflow_execution(
            domain=self.domain,
            workflowId=workflow_id,
            workflowType=workflow_type,
            taskList={"name": f"dt-{workflow_id}"},
            input=json.dumps(input),
            tagList=tags,
        )
        return str(response["runId"])

    def decide(self, workflow_id: str, *decisions: dict[str, Any]) -> None:
        task = self.client.poll_for_decision_task(
            domain=self.domain, taskList={"name": f"dt-{workflow_id}"}
        )
        assert task.get("taskToken"), f"no decision task for {workflow_id}"
        self.client.respond_decision_task_completed(
            taskToken=task["taskToken"], decisions=list(decisions)
        )

    def poll_activity(self, workflow_id: str, activity_id: str) -> str:
        task = self.client.poll_for_activity_task(
            domain=self.domain, taskList={"name": f"at-{workflow_id}"}
        )
        assert task.get("activityId") == activity_id, task
        return str(task["taskToken"])

    def complete(self, workflow_id: str, activity_id: str, result: Any) -> None:
        token = self.poll_activity(workflow_id, activity_id)
        self.client.respond_activity_task_completed(taskToken=token, result=json.dumps(result))

    def fail(self, workflow_id: str, activity_id: str, reason: str, details: str) -> None:
        token = self.poll_activity(workflow_id, activity_id)
        self.client.respond_activity_task_failed(taskToken=token, reason=reason, details=details)

    @staticmethod
    def schedule(
        workflow_id: str, activity_id: str, activity_type: dict[str, str], args: list[Any]
    ) -> dict[str, Any]:
        return {
            "decisionType": "ScheduleActivityTask",
            "scheduleActivityTaskDecisionAttributes": {
                "activityId": activity_id,
                "activityType": activity_type,
                "taskList": {"name": f"at-{workflow_id}"},
                "input": json.dumps({"args": args, "kwargs": {}}),
            },
        }


def _register(client: Any, domain: str) -> None:
    client.register_domain(name=domain, workflowExecutionRetentionPeriodInDays="1")
    for workflow_type in (MAIN, OTHER):
        client.register_workflow_type(
            domain=domain,
            **workflow_type,
            defaultTaskList={"name": "default"},
            defaultExecutionStartToCloseTimeout="3600",
            defaultTaskStartToCloseTimeout="300",
            defaultChildPolicy="TERMINATE",
        )
    for activity_type in (INCREMENT, DOUBLE, EXPLODE):
        client.register_activity_type(
            domain=domain,
            **activity_type,
            defaultTaskList={"name": "default"},
            defaultTaskHeartbeatTimeout="300",
            defaultTaskScheduleToCloseTimeout="600",
            defaultTaskScheduleToStartTimeout="300",
            defaultTaskStartToCloseTimeout="300",
        )


def _build(client: Any, domain: str) -> Scenario:
    _register(client, domain)
    scenario = Scenario(domain)
    drive = _Driver(client, domain)
    schedule = drive.schedule

    # wf-done: three activities (two completed, one failed), then the workflow completes.
    wid = "wf-done"
    scenario.runs[wid] = drive.start(wid, MAIN, {"args": [1], "kwargs": {}}, ["alpha", "beta"])
    drive.decide(wid, schedule(wid, INC_ID, INCREMENT, [1]))
    drive.complete(wid, INC_ID, 2)
    drive.decide(wid, schedule(wid, DOUBLE_ID, DOUBLE, [2]), schedule(wid, EXPLODE_ID, EXPLODE, []))
    drive.complete(wid, DOUBLE_ID, 4)
    drive.fail(wid, EXPLODE_ID, "ValueError: boom", "Traceback: boom")
    drive.decide(
        wid,
        {
            "decisionType": "CompleteWorkflowExecution",
            "completeWorkflowExecutionDecisionAttributes": {"result": "4"},
        },
    )

    # wf-failed: its only activity fails, and so does the workflow.
    wid = "wf-failed"
    scenario.runs[wid] = drive.start(wid, MAIN, [5], ["beta"])
    drive.decide(wid, schedule(wid, EXPLODE_ID, EXPLODE, []))
    drive.fail(wid, EXPLODE_ID, "ValueError: boom", "Traceback: boom")
    drive.decide(
        wid,
        {
            "decisionType": "FailWorkflowExecution",
            "failWorkflowExecutionDecisionAttributes": {"reason": "activity failed"},
        },
    )

    # wf-open: one activity started (not finished), one only scheduled.
    wid = "wf-open"
    scenario.runs[wid] = drive.start(wid, MAIN, [7], ["gamma"])
    drive.decide(wid, schedule(wid, INC_ID, INCREMENT, [7]), schedule(wid, DOUBLE_ID, DOUBLE, [8]))
    drive.poll_activity(wid, INC_ID)

    # wf-rerun: a terminated first run, then an open second run.
    wid = "wf-rerun"
    scenario.first_rerun = drive.start(wid, MAIN, [1], [])
    client.terminate_workflow_execution(domain=domain, workflowId=wid, runId=scenario.first_rerun)
    scenario.runs[wid] = drive.start(wid, MAIN, [2], [])

    # wf-other: another workflow type, open, sharing a tag with wf-done.
    wid = "wf-other"
    scenario.runs[wid] = drive.start(wid, OTHER, [], ["alpha"])
    return scenario


@pytest.fixture(scope="module")
def scenario(moto_server: str) -> Scenario:
    import boto3

    client = boto3.client(
        "swf",
        endpoint_url=moto_server,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    return _build(client, f"inspect-{uuid.uuid4().hex[:12]}")


@pytest.fixture
def endpoint(moto_server: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """Point the commands at the server without resetting it (the scenario lives there)."""
    monkeypatch.setenv("AWS_ENDPOINT_URL_SWF", moto_server)
    return moto_server


@pytest.fixture
def domain(scenario: Scenario, endpoint: str) -> str:
    return scenario.domain


@pytest.fixture(autouse=True)
def _restore_logging() -> Iterator[None]:
    """The group configures logging on CliRunner's temporary stderr: undo it afterwards."""
    logger = logging.getLogger("simpleflow")
    saved = (logger.handlers[:], logger.level, logger.propagate)
    yield
    logger.handlers[:] = saved[0]
    logger.setLevel(saved[1])
    logger.propagate = saved[2]


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def ok(*args: str) -> str:
    result = invoke(*args)
    assert result.exit_code == 0, (result.stdout, result.stderr, result.exception)
    # Not ``result.stdout``: it turns the CSV record terminators into "\n".
    return result.stdout_bytes.decode()


def as_json(*args: str) -> list[dict[str, Any]]:
    """Run a command with ``--header --format json`` and return the decoded rows."""
    rows: list[dict[str, Any]] = json.loads(ok("--header", "--format", "json", *args))
    return rows


def as_csv(*args: str, delimiter: str = ",", header: bool = True) -> list[list[str]]:
    fmt = "csv" if delimiter == "," else "tsv"
    text = ok("--header" if header else "--no-header", "--format", fmt, *args)
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


# --- workflow.info ----------------------------------------------------------------------

INFO_COLUMNS = [
    "domain",
    "workflow_type.name",
    "workflow_type.version",
    "task_list",
    "workflow_id",
    "run_id",
    "tag_list",
    "execution_time",
    "input",
]


def test_info_describes_the_execution_from_its_history(domain: str, scenario: Scenario) -> None:
    [row] = as_json("workflow.info", domain, "wf-done")

    assert list(row) == [json_key(column) for column in INFO_COLUMNS]
    assert row["domain"] == domain
    assert (row["workflow_type_name"], row["workflow_type_version"]) == ("inspect.main", "1")
    assert row["task_list"] == "dt-wf-done"
    assert (row["workflow_id"], row["run_id"]) == ("wf-done", scenario.runs["wf-done"])
    assert row["tags"] == ["alpha", "beta"]
    assert row["input"] == {"args": [1], "kwargs": {}}
    assert 0 < row["execution_time"] < 60


def test_info_without_run_id_shows_the_open_run_and_with_it_the_chosen_run(
    domain: str, scenario: Scenario
) -> None:
    [latest] = as_json("workflow.info", domain, "wf-rerun")
    [first] = as_json("workflow.info", domain, "wf-rerun", scenario.first_rerun)

    assert (latest["run_id"], latest["input"]) == (scenario.runs["wf-rerun"], [2])
    assert (first["run_id"], first["input"]) == (scenario.first_rerun, [1])


def test_info_csv_has_a_header_record_only_with_header(domain: str) -> None:
    with_header = as_csv("workflow.info", domain, "wf-failed")
    without = as_csv("workflow.info", domain, "wf-failed", header=False)

    assert with_header[0] == INFO_COLUMNS
    assert with_header[1:] == without
    assert len(without) == 1
    assert without[0][4] == "wf-failed"
    assert without[0][8] == "[5]"


def test_info_human_shows_one_column_value_line_per_column(domain: str) -> None:
    text = ok("--format", "human", "workflow.info", domain, "wf-failed")

    lines = text.splitlines()
    assert [line.split()[0] for line in lines] == INFO_COLUMNS
    assert lines[4].split() == ["workflow_id", "wf-failed"]


def test_info_tabular_is_the_default_format(domain: str, scenario: Scenario) -> None:
    text = ok("workflow.info", domain, "wf-failed")
    with_header = ok("--header", "workflow.info", domain, "wf-failed")

    [line] = text.splitlines()
    assert line.split()[:7] == [
        domain,
        "inspect.main",
        "1",
        "dt-wf-failed",
        "wf-failed",
        scenario.runs["wf-failed"],
        "beta",
    ]
    assert with_header.splitlines()[0].split() == INFO_COLUMNS
    assert with_header.splitlines()[1].split() == line.split()  # wider columns, same cells


# --- workflow.tasks and workflow.profile ------------------------------------------------


def test_tasks_lists_every_task_most_recent_first(domain: str) -> None:
    rows = as_json("workflow.tasks", domain, "wf-done")

    assert [list(row) for row in rows][0] == ["task_name", "state", "state_time", "scheduled"]
    assert [(row["task_name"], row["state"]) for row in rows] == [
        ("tests.explode", "failed"),
        ("tests.double", "completed"),
        ("tests.increment", "completed"),
    ]
    for row in rows:
        assert datetime.fromisoformat(row["state_time"]) >= datetime.fromisoformat(row["scheduled"])


def test_tasks_of_an_open_execution_show_started_and_scheduled_tasks(domain: str) -> None:
    rows = as_json("workflow.tasks", domain, "wf-open")

    assert [(row["task_name"], row["state"]) for row in rows] == [
        ("tests.double", "scheduled"),
        ("tests.increment", "started"),
    ]


def test_tasks_nb_tasks_keeps_the_most_recent(domain: str) -> None:
    rows = as_csv("workflow.tasks", domain, "wf-done", "-n", "2", header=False)

    assert [row[:2] for row in rows] == [["tests.explode", "failed"], ["tests.double", "completed"]]


def test_tasks_of_an_execution_without_tasks_is_empty(domain: str) -> None:
    assert as_json("workflow.tasks", domain, "wf-other") == []
    assert ok("--format", "human", "workflow.tasks", domain, "wf-other") == ""
    assert ok("--header", "--format", "csv", "workflow.tasks", domain, "wf-other") == (
        "Tasks,Last State,Last State Time,Scheduled Time\r\n"
    )


PROFILE_COLUMNS = [
    "Task",
    "Last State",
    "Scheduled",
    "Time Scheduled",
    "Start",
    "Time Running",
    "End",
    "Percentage of total time",
]


def test_profile_lists_tasks_that_ran_slowest_first(domain: str) -> None:
    rows = as_json("workflow.profile", domain, "wf-done")

    assert list(rows[0]) == [json_key(column) for column in PROFILE_COLUMNS]
    assert sorted(row["task_id"] for row in rows) == [DOUBLE_ID, EXPLODE_ID, INC_ID]
    running = [row["time_running"] for row in rows]
    assert running == sorted(running, reverse=True)
    assert all(0 < row["percentage"] <= 100 for row in rows)
    assert all(row["time_scheduled"] >= 0 for row in rows)
    states = {row["task_id"]: row["state"] for row in rows}
    assert states == {INC_ID: "completed", DOUBLE_ID: "completed", EXPLODE_ID: "failed"}
    for row in rows:
        for column in ("scheduled", "started", "ended"):
            datetime.strptime(row[column], "%Y-%m-%d %H:%M")


def test_profile_skips_tasks_that_did_not_finish(domain: str) -> None:
    # wf-open has a started and a scheduled task: neither has a running time yet.
    assert as_json("workflow.profile", domain, "wf-open") == []


def test_profile_nb_tasks_keeps_the_slowest(domain: str) -> None:
    every = as_json("workflow.profile", domain, "wf-done")
    first = as_json("workflow.profile", domain, "wf-done", "--nb-tasks", "1")

    assert first == every[:1]


# --- task.info --------------------------------------------------------------------------


def test_task_info_of_a_completed_activity(domain: str) -> None:
    [row] = as_json("task.info", domain, "wf-done", INC_ID)

    assert list(row) == [
        "task_type",
        "task_id",
        "task_name",
        "task_version",
        "state",
        "state_time",
        "input",
        "result",
        "reason",
    ]
    assert row["task_type"] == "activity"
    assert (row["task_id"], row["task_name"], row["task_version"]) == (
        INC_ID,
        "tests.increment",
        "1",
    )
    assert row["state"] == "completed"
    assert row["input"] == {"args": [1], "kwargs": {}}
    assert row["result"] == 2  # decoded JSON
    assert row["reason"] == ""
    datetime.fromisoformat(row["state_time"])


def test_task_info_of_a_failed_activity_with_details(domain: str) -> None:
    [row] = as_json("task.info", domain, "wf-done", EXPLODE_ID, "--details")

    assert row["state"] == "failed"
    assert row["reason"] == "ValueError: boom"
    assert row["details"] == "Traceback: boom"
    assert row["result"] is None


def test_task_info_of_a_started_activity(domain: str) -> None:
    [row] = as_json("task.info", domain, "wf-open", INC_ID)

    assert (row["state"], row["result"], row["reason"]) == ("started", None, "")


def test_task_info_of_an_unknown_task_is_an_error(domain: str, scenario: Scenario) -> None:
    result = invoke("task.info", domain, "wf-done", "activity-nope-1")

    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"Error: task 'activity-nope-1' not found in execution wf-done {scenario.runs['wf-done']}\n"
    )


# --- workflow.list and workflow.filter --------------------------------------------------


def test_list_shows_open_executions_newest_first(domain: str) -> None:
    rows = as_json("workflow.list", domain)

    assert rows == [
        {"workflow_id": "wf-other", "workflow_type_name": "inspect.other", "status": "OPEN"},
        {"workflow_id": "wf-rerun", "workflow_type_name": "inspect.main", "status": "OPEN"},
        {"workflow_id": "wf-open", "workflow_type_name": "inspect.main", "status": "OPEN"},
    ]


def test_list_closed_executions(domain: str) -> None:
    rows = as_csv("workflow.list", domain, "--status", "closed", "--started-since", "2")

    assert rows == [
        ["Workflow ID", "Workflow Type", "Status"],
        ["wf-rerun", "inspect.main", "CLOSED"],
        ["wf-failed", "inspect.main", "CLOSED"],
        ["wf-done", "inspect.main", "CLOSED"],
    ]


FILTER_COLUMNS = [
    "Workflow ID",
    "Workflow Type",
    "Workflow Version",
    "Run ID",
    "Status",
    "Task List",
    "Child Policy",
    "Close Status",
    "Execution Timeout",
    "Input",
    "Tags",
    "Decision Tasks Timeout",
]


def test_filter_by_workflow_id_shows_only_that_workflow(domain: str, scenario: Scenario) -> None:
    rows = as_json("workflow.filter", domain, "--workflow-id", "wf-open")

    assert len(rows) == 1
    assert list(rows[0]) == [json_key(column) for column in FILTER_COLUMNS]
    assert rows[0]["workflow_id"] == "wf-open"
    assert rows[0]["run_id"] == scenario.runs["wf-open"]
    assert rows[0]["tags"] == ["gamma"]
    assert (rows[0]["workflow_type_name"], rows[0]["workflow_type_version"]) == (
        "inspect.main",
        "1",
    )


def test_filter_by_type_name_and_version(domain: str) -> None:
    other = as_json("workflow.filter", domain, "--workflow-type-name", "inspect.other")
    versioned = as_json(
        "workflow.filter",
        domain,
        "--workflow-type-name",
        "inspect.main",
        "--workflow-type-version",
        "1",
    )
    none = as_json(
        "workflow.filter",
        domain,
        "--workflow-type-name",
        "inspect.main",
        "--workflow-type-version",
        "2",
    )

    assert [row["workflow_id"] for row in other] == ["wf-other"]
    assert [row["workflow_id"] for row in versioned] == ["wf-rerun", "wf-open"]
    assert none == []


def test_filter_by_tag_and_combined_filters(domain: str) -> None:
    alpha_open = as_json("workflow.filter", domain, "--tag", "alpha")
    alpha_closed = as_json("workflow.filter", domain, "--tag", "alpha", "-s", "closed")
    combined = as_json(
        "workflow.filter",
        domain,
        "--status",
        "closed",
        "--tag",
        "beta",
        "--workflow-type-name",
        "inspect.main",
        "--workflow-id",
        "wf-failed",
    )

    assert [row["workflow_id"] for row in alpha_open] == ["wf-other"]
    assert [(row["workflow_id"], row["close_status"]) for row in alpha_closed] == [
        ("wf-done", "COMPLETED")
    ]
    assert [(row["workflow_id"], row["close_status"]) for row in combined] == [
        ("wf-failed", "FAILED")
    ]


def test_filter_type_version_without_name_is_a_usage_error(domain: str) -> None:
    result = invoke("workflow.filter", domain, "--workflow-type-version", "1")

    assert result.exit_code == 2
    assert "--workflow-type-version needs --workflow-type-name" in result.stderr


# --- every command in every format ------------------------------------------------------


def _commands(scenario: Scenario) -> dict[str, list[str]]:
    return {
        "workflow.info": ["workflow.info", scenario.domain, "wf-done"],
        "workflow.profile": ["workflow.profile", scenario.domain, "wf-done"],
        "workflow.tasks": ["workflow.tasks", scenario.domain, "wf-done"],
        "workflow.list": ["workflow.list", scenario.domain],
        "workflow.filter": ["workflow.filter", scenario.domain, "--status", "closed"],
        "task.info": ["task.info", scenario.domain, "wf-done", EXPLODE_ID, "--details"],
    }


COMMAND_NAMES = (
    "workflow.info",
    "workflow.profile",
    "workflow.tasks",
    "workflow.list",
    "workflow.filter",
    "task.info",
)


@pytest.mark.parametrize("command", COMMAND_NAMES)
def test_every_format_shows_the_same_table(domain: str, scenario: Scenario, command: str) -> None:
    args = _commands(scenario)[command]
    rows = as_json(*args)
    columns = as_csv(*args)[0]  # the 0.11.9 column names
    bare = json.loads(ok("--format", "json", *args))
    pretty = ok("--header", "--format", "prettyjson", *args)

    # JSON: always objects (with or without --header), one snake_case key per column.
    assert rows and bare == rows
    assert list(rows[0]) == [json_key(column) for column in columns]
    assert all(key == key.lower() and " " not in key and "." not in key for key in rows[0])
    assert json.loads(pretty) == rows
    assert pretty.startswith('[\n  {\n    "')
    for delimiter in (",", "\t"):
        records = as_csv(*args, delimiter=delimiter)
        assert records[0] == columns
        assert len(records) == len(rows) + 1
        assert as_csv(*args, delimiter=delimiter, header=False) == records[1:]
    tabular = ok("--header", "--format", "tabular", *args).splitlines()
    assert tabular[0].split() == " ".join(columns).split()
    assert len(tabular) == len(rows) + 1
    bare_lines = ok("--no-header", *args).splitlines()
    assert [line.split() for line in bare_lines] == [line.split() for line in tabular[1:]]
    human = ok("--format", "human", *args).splitlines()
    assert [line.split(" ")[0] for line in human] == [c.split(" ")[0] for c in columns]
    assert ok("--header", "--format", "human", *args).splitlines() == human


def test_csv_output_ends_with_one_record_terminator(domain: str) -> None:
    text = ok("--format", "csv", "workflow.info", domain, "wf-done")

    assert text.endswith("\r\n")
    assert not text.endswith("\r\n\n")
    assert "None" not in text.splitlines()


# --- errors and the real program --------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["workflow.info", "{domain}", "no-such-workflow"], "no-such-workflow"),
        (["workflow.profile", "{domain}", "wf-done", "0123abcd"], "0123abcd"),
        (["workflow.tasks", "{domain}", "no-such-workflow"], "no-such-workflow"),
        (["task.info", "{domain}", "no-such-workflow", INC_ID], "no-such-workflow"),
    ],
)
def test_unknown_execution_is_one_error_line(domain: str, args: list[str], message: str) -> None:
    result = invoke(*[arg.format(domain=domain) for arg in args])

    assert result.exit_code == 1
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith("Error: ")
    assert message in line


@pytest.mark.parametrize(
    "args",
    [
        ["workflow.list", "no-such-domain"],
        ["workflow.filter", "no-such-domain", "--workflow-id", "x"],
        ["workflow.info", "no-such-domain", "wf-done"],
        ["workflow.tasks", "no-such-domain", "wf-done", "some-run-id"],
        ["task.info", "no-such-domain", "wf-done", INC_ID],
    ],
)
def test_unknown_domain_is_one_error_line(endpoint: str, args: list[str]) -> None:
    result = invoke(*args)

    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == "Error: domain 'no-such-domain' does not exist\n"


def test_the_program_prints_results_on_stdout_only(domain: str, scenario: Scenario) -> None:
    result = run_cli("--header", "--format", "json", "workflow.info", domain, "wf-done")

    assert result.returncode == 0, result.stderr
    [row] = json.loads(result.stdout)
    assert row["run_id"] == scenario.runs["wf-done"]


def test_the_program_reports_an_unknown_task_without_traceback(
    domain: str, scenario: Scenario
) -> None:
    result = run_cli("task.info", domain, "wf-done", "activity-nope-1")

    assert result.returncode == 1
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert (
        f"Error: task 'activity-nope-1' not found in execution wf-done {scenario.runs['wf-done']}"
    ) in result.stderr


# --- the display helpers, called directly ------------------------------------------------


def test_helpers_return_header_and_rows(domain: str, scenario: Scenario) -> None:
    from simpleflow.swf import _inspect

    header, rows = _inspect.show_workflow_status(domain, "wf-done", nb_tasks=1)
    assert header[0] == "Tasks" and [row[0] for row in rows] == ["tests.explode"]

    header, rows = _inspect.list_workflow_executions(domain, "CLOSED", 2)
    assert [row[0] for row in rows] == ["wf-rerun", "wf-failed", "wf-done"]

    header, rows = _inspect.filter_workflow_executions(
        domain, "CLOSED", None, None, None, None, close_status="FAILED"
    )
    assert [(row[0], row[7]) for row in rows] == [("wf-failed", "FAILED")]

    header, [row] = _inspect.get_task(domain, "wf-failed", EXPLODE_ID, True)
    assert row[header.index("details")] == "Traceback: boom"


def test_filter_helper_refuses_a_version_without_a_name(domain: str) -> None:
    from simpleflow.swf import _inspect

    with pytest.raises(ValueError, match="version needs a workflow type name"):
        _inspect.filter_workflow_executions(domain, "OPEN", None, None, None, "1")
