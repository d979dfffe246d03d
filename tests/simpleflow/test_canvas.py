from __future__ import annotations

import pytest

from simpleflow import activity, futures
from simpleflow.canvas import Chain, ChainFuture, FuncGroup, Group, GroupFuture
from simpleflow.exceptions import AggregateException, ExecutionBlocked
from simpleflow.task import ActivityTask
from tests.simpleflow._stub import StubExecutor


@activity.with_attributes(name="tests.canvas.increment")
def increment(x: int) -> int:
    return x + 1


@activity.with_attributes(name="tests.canvas.slow")
def slow(x: int) -> int:
    return x


@activity.with_attributes(name="tests.canvas.total")
def total(values: list[int]) -> int:
    return sum(values)


@activity.with_attributes(name="tests.canvas.add_to")
def add_to(values: list[int], previous: int) -> int:
    return sum(values) + previous


@activity.with_attributes(name="tests.canvas.fail")
def fail(*args: object) -> None:
    raise ValueError("boom")


def test_group_future_finished_with_results_in_order() -> None:
    future = Group(ActivityTask(increment, 1), ActivityTask(increment, 2)).submit(StubExecutor())
    assert isinstance(future, GroupFuture)
    assert future.finished
    assert future.result == [2, 3]
    assert future.count_finished_activities == 2
    assert future.exception is None


def test_empty_group_is_finished_with_empty_list() -> None:
    future = Group().submit(StubExecutor())
    assert future.finished
    assert future.result == []


@pytest.mark.parametrize(
    ("state", "expected"),
    [("pending", futures.PENDING), ("running", futures.RUNNING), ("cancelled", futures.CANCELLED)],
)
def test_group_state_follows_unfinished_member(state: str, expected: str) -> None:
    executor = StubExecutor(states={"tests.canvas.slow": state})
    future = Group(
        ActivityTask(increment, 1), ActivityTask(slow, 2), ActivityTask(increment, 3)
    ).submit(executor)
    assert future.state == expected
    assert future._result == [2, None, 4]
    assert future.count_finished_activities == 2
    if state != "cancelled":  # a cancelled future is done (features §1.3)
        with pytest.raises(ExecutionBlocked):
            future.result  # noqa: B018
    assert len(executor.submitted) == 3  # all members are submitted at once


def test_group_cancelled_wins_over_running() -> None:
    executor = StubExecutor(
        states={"tests.canvas.slow": "running", "tests.canvas.increment": "cancelled"}
    )
    future = Group(ActivityTask(slow, 1), ActivityTask(increment, 1)).submit(executor)
    assert future.state == futures.CANCELLED


def test_group_rejects_unknown_member_type() -> None:
    with pytest.raises(TypeError, match=r"Wrong type for `act` \(<class 'int'>\)\. Expecting"):
        Group(1).submit(StubExecutor())


def test_group_options_are_ignored() -> None:
    assert Group(ActivityTask(increment, 1), whatever=True).activities[0].args == [1]


def test_group_append() -> None:
    group = Group()
    group.append(ActivityTask(increment, 1))
    group.append(Group())
    group.append(increment, 5)
    assert [type(a) for a in group.activities] == [ActivityTask, Group, ActivityTask]
    assert group.activities[2].args == [5]
    with pytest.raises(ValueError, match="42 should be a Submittable, Group, or Activity"):
        group.append(42)


def test_nested_groups() -> None:
    group = Group(ActivityTask(increment, 1), Group(ActivityTask(increment, 2)))
    assert group.submit(StubExecutor()).result == [2, [3]]


def test_chain_with_send_result() -> None:
    chain = Chain(
        ActivityTask(total, [1, 2]),
        ActivityTask(add_to, [2, 3]),
        ActivityTask(add_to, [4, 5]),
        send_result=True,
    )
    future = chain.submit(StubExecutor())
    assert isinstance(future, ChainFuture)
    assert future.result == [3, 8, 17]


def test_chain_does_not_mutate_members_and_resubmits_identically() -> None:
    second = ActivityTask(add_to, [2, 3])
    chain = Chain(ActivityTask(total, [1, 2]), second, send_result=True)
    assert chain.submit(StubExecutor()).result == [3, 8]
    assert chain.submit(StubExecutor()).result == [3, 8]
    assert second.args == [[2, 3]]


def test_chain_without_send_result_passes_nothing() -> None:
    executor = StubExecutor()
    Chain(ActivityTask(increment, 1), ActivityTask(increment, 5)).submit(executor)
    assert [call[1] for call in executor.submitted] == [(1,), (5,)]


def test_chain_stops_after_first_unfinished_member() -> None:
    executor = StubExecutor(states={"tests.canvas.slow": "running"})
    future = Chain(
        ActivityTask(increment, 1), ActivityTask(slow, 2), ActivityTask(increment, 3)
    ).submit(executor)
    assert [call[0] for call in executor.submitted] == [increment, slow]
    assert len(future.futures) == 2
    assert future.state == futures.RUNNING
    assert future.count_finished_activities == 1
    assert future._result == [2, None]


def test_chain_initialises_future_fields() -> None:
    future = Chain(ActivityTask(increment, 1)).submit(StubExecutor())
    assert future.exception is None
    assert future.send_result is False


def test_chain_passes_group_result_list() -> None:
    chain = Chain(
        Group(ActivityTask(increment, 1), ActivityTask(increment, 2)),
        ActivityTask(total),
        send_result=True,
    )
    assert chain.submit(StubExecutor()).result == [[2, 3], 5]


def test_chain_failed_step_passes_none() -> None:
    executor = StubExecutor()

    class FailingExecutor(StubExecutor):
        def submit(self, task: object, *args: object, **kwargs: object) -> futures.Future:
            if task is fail:
                self.submitted.append((task, args, kwargs))
                future = futures.Future()
                future._set_exception(ValueError("boom"))
                return future
            return super().submit(task, *args, **kwargs)

    executor = FailingExecutor()
    future = Chain(ActivityTask(fail), ActivityTask(fail), send_result=True).submit(executor)
    # features §10.2: a chain breaks on its first failure (0.11.9 went on with None).
    assert len(executor.submitted) == 1
    assert future.finished and isinstance(future.exception, AggregateException)
    Chain(ActivityTask(fail), ActivityTask(fail), break_on_failure=False).submit(executor)
    assert len(executor.submitted) == 3


def test_chain_group_member_after_first_is_submitted_unchanged() -> None:
    chain = Chain(ActivityTask(increment, 1), Group(ActivityTask(increment, 10)), send_result=True)
    assert chain.submit(StubExecutor()).result == [2, [11]]


def make_group(n: int) -> Group:
    return Group(*[ActivityTask(increment, i) for i in range(n)])


def test_funcgroup_in_chain_receives_previous_result() -> None:
    chain = Chain(
        ActivityTask(total, [1, 2]),
        FuncGroup(make_group),
        ActivityTask(total),
        send_result=True,
    )
    assert chain.submit(StubExecutor()).result == [3, [1, 2, 3], 6]


def test_funcgroup_returning_activity_task_is_submitted_by_the_executor() -> None:
    executor = StubExecutor()
    future = FuncGroup(lambda x: ActivityTask(increment, x), 4).submit(executor)
    assert future.result == 5
    assert executor.submitted == [(increment, (4,), {})]


def test_funcgroup_attributes() -> None:
    group = FuncGroup(make_group, 1, k=2)
    assert group.args == [1]
    assert group.kwargs == {"k": 2}


def test_funcgroup_rejects_other_results() -> None:
    with pytest.raises(
        TypeError,
        match=r"^FuncGroup submission should return a Group or Submittable, "
        r"got <class 'int'> instead \(func: <function",
    ):
        FuncGroup(lambda: 1).submit(StubExecutor())
