from __future__ import annotations

import copy
import pickle
import time
from collections.abc import Iterator
from unittest import mock

import pytest
from moto import mock_aws

from swf.exceptions import (
    AlreadyExistsError,
    DoesNotExistError,
    ResponseError,
    SWFResponseError,
)
from swf.models import ActivityType, Domain
from swf.models.activity import ActivityTypeDoesNotExist


def _fault(code: str, message: str | None = "boom") -> SWFResponseError:
    return SWFResponseError(
        400, "Bad Request", {"__type": f"com.amazonaws.swf.base.model#{code}", "message": message}
    )


@pytest.fixture
def domain() -> Iterator[Domain]:
    with mock_aws():
        domain = Domain("dom")
        domain.save()
        yield domain


def test_defaults_kind_and_repr() -> None:
    at = ActivityType(Domain("dom", connection=mock.Mock()), "act", "1", connection=mock.Mock())

    assert at.kind == "type"
    assert (at.status, at.description, at.creation_date, at.task_list) == (
        "REGISTERED",
        None,
        0.0,
        None,
    )
    assert at.task_heartbeat_timeout == at.task_start_to_close_timeout == 0
    assert repr(at) == "<ActivityType domain=dom name=act version=1 status=REGISTERED>"


def test_activity_type_does_not_exist_is_a_does_not_exist_error() -> None:
    assert issubclass(ActivityTypeDoesNotExist, DoesNotExistError)


def test_building_many_activity_types_is_cheap_and_offline() -> None:
    domain = Domain("dom")
    start = time.perf_counter()
    types = [ActivityType(domain, f"act{i}", "1") for i in range(300)]
    elapsed = time.perf_counter() - start

    assert elapsed < 2.0, f"300 ActivityType objects took {elapsed:.2f} s"
    # One botocore client shared by every model of the process.
    assert types[0].connection.client is types[-1].connection.client


def test_activity_type_can_be_copied_and_pickled() -> None:
    at = ActivityType(Domain("dom"), "act", "1", task_list="tl")

    # Round trip of our own object: pickling models is a requirement (multiprocessing spawn).
    for clone in (copy.copy(at), pickle.loads(pickle.dumps(at))):  # noqa: S301
        assert type(clone) is ActivityType
        assert (clone.domain.name, clone.name, clone.version, clone.task_list) == (
            "dom",
            "act",
            "1",
            "tl",
        )


def test_save_exists_and_diff(domain: Domain) -> None:
    at = ActivityType(
        domain,
        "act",
        "1",
        task_list="tl",
        task_heartbeat_timeout="10",
        task_schedule_to_close_timeout="20",
        task_schedule_to_start_timeout="30",
        task_start_to_close_timeout="40",
        description="d",
    )
    assert at.exists is False
    assert at.is_synced is False

    at.save()

    assert at.exists is True
    assert at.changes.differing_fields() == ["creation_date", "deprecation_date"]
    upstream = at.upstream()
    assert upstream.is_synced is True
    assert (upstream.task_list, upstream.task_heartbeat_timeout, upstream.description) == (
        "tl",
        "10",
        "d",
    )


def test_save_omits_none_values() -> None:
    connection = mock.Mock()
    ActivityType(
        Domain("dom", connection=connection),
        "act",
        "1",
        task_heartbeat_timeout=None,
        task_start_to_close_timeout=60,
        connection=connection,
    ).save()

    connection.register_activity_type.assert_called_once_with(
        "dom",
        "act",
        "1",
        description=None,
        default_task_schedule_to_close_timeout="0",
        default_task_schedule_to_start_timeout="0",
        default_task_start_to_close_timeout="60",
    )


def test_save_twice_raises_already_exists_with_the_repr(domain: Domain) -> None:
    ActivityType(domain, "act", "1").save()
    with pytest.raises(AlreadyExistsError) as info:
        ActivityType(domain, "act", "1").save()
    assert info.value.message == (
        "<ActivityType domain=dom name=act version=1 status=REGISTERED> already exists"
    )


@pytest.mark.usefixtures("domain")
def test_save_in_an_unknown_domain_raises_does_not_exist() -> None:
    with pytest.raises(DoesNotExistError):
        ActivityType(Domain("nope"), "act", "1").save()


def test_save_lets_other_faults_through() -> None:
    connection = mock.Mock()
    fault = _fault("LimitExceededFault")
    connection.register_activity_type.side_effect = fault
    at = ActivityType(Domain("dom", connection=connection), "a", "1", connection=connection)

    with pytest.raises(SWFResponseError) as info:
        at.save()
    assert info.value is fault


def test_diff_describes_the_type_in_its_domain() -> None:
    connection = mock.Mock()
    connection.describe_activity_type.side_effect = _fault(
        "UnknownResourceFault", "Unknown type: ActivityType=[name=act, version=1]"
    )
    at = ActivityType(Domain("dom", connection=connection), "act", "1", connection=connection)

    with pytest.raises(DoesNotExistError):
        at._diff()
    connection.describe_activity_type.assert_called_once_with("dom", "act", "1")


@pytest.mark.usefixtures("domain")
def test_exists_in_an_unknown_domain_raises_response_error() -> None:
    with pytest.raises(ResponseError):
        ActivityType(Domain("nope"), "act", "1").exists  # noqa: B018


def test_delete_deprecates_then_reports_missing(domain: Domain) -> None:
    at = ActivityType(domain, "act", "1")
    at.save()
    at.delete()

    assert at.upstream().status == "DEPRECATED"
    with pytest.raises(ActivityTypeDoesNotExist, match="Resource type does not exist"):
        ActivityType(domain, "other", "1").delete()


def test_delete_lets_other_faults_through_unchanged() -> None:
    connection = mock.Mock()
    fault = _fault("UnknownResourceFault", "Unknown domain: dom")
    connection.deprecate_activity_type.side_effect = fault
    at = ActivityType(Domain("dom", connection=connection), "a", "1", connection=connection)

    with pytest.raises(SWFResponseError) as info:
        at.delete()
    assert info.value is fault
