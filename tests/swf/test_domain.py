from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from unittest import mock

import pytest
from moto import mock_aws

from swf.constants import DEPRECATED, REGISTERED
from swf.exceptions import (
    AlreadyExistsError,
    DoesNotExistError,
    ResponseError,
    SWFResponseError,
)
from swf.models import ActivityType, Domain, WorkflowType
from swf.models.domain import DomainDoesNotExist


def _fault(code: str, message: str | None = "boom") -> SWFResponseError:
    return SWFResponseError(
        400, "Bad Request", {"__type": f"com.amazonaws.swf.base.model#{code}", "message": message}
    )


@pytest.fixture
def mocked_swf() -> Iterator[None]:
    with mock_aws():
        yield


def test_domain_stores_its_arguments_and_builds_without_network() -> None:
    connection = mock.Mock()
    domain = Domain("dom", description="desc", retention_period=10, connection=connection)

    assert (domain.name, domain.status, domain.description, domain.retention_period) == (
        "dom",
        REGISTERED,
        "desc",
        10,
    )
    assert domain.connection is connection
    assert connection.mock_calls == []
    assert repr(domain) == "<Domain name=dom status=REGISTERED>"


def test_domain_is_immutable() -> None:
    domain = Domain("dom", connection=mock.Mock())
    with pytest.raises(AttributeError):
        domain.name = "other"  # type: ignore[misc]


@pytest.mark.parametrize("value", [None, "dom", object()])
def test_check_rejects_non_domains(value: Any) -> None:
    with pytest.raises(TypeError, match="invalid type"):
        Domain.check(value)


def test_check_accepts_a_domain() -> None:
    Domain.check(Domain("dom", connection=mock.Mock()))


@pytest.mark.usefixtures("mocked_swf")
def test_save_then_exists_diff_and_upstream() -> None:
    domain = Domain("dom", description="desc", retention_period="7")
    assert domain.exists is False
    assert domain.is_synced is False

    domain.save()

    assert domain.exists is True
    assert domain.is_synced is True
    assert not domain.changes
    upstream = domain.upstream()
    assert (upstream.name, upstream.description, upstream.retention_period) == ("dom", "desc", "7")


@pytest.mark.usefixtures("mocked_swf")
def test_integer_retention_differs_from_the_string_swf_returns() -> None:
    domain = Domain("dom", retention_period=30)
    domain.save()

    assert domain.changes.differing_fields() == ["retention_period"]
    assert domain.is_synced is False


@pytest.mark.usefixtures("mocked_swf")
def test_save_twice_raises_already_exists_naming_the_domain() -> None:
    Domain("dom").save()
    with pytest.raises(AlreadyExistsError, match="dom"):
        Domain("dom").save()


@pytest.mark.usefixtures("mocked_swf")
def test_diff_of_a_missing_domain_raises_does_not_exist() -> None:
    with pytest.raises(DoesNotExistError):
        Domain("nope")._diff()


@pytest.mark.usefixtures("mocked_swf")
def test_delete_deprecates_then_reports_missing() -> None:
    domain = Domain("dom")
    domain.save()
    domain.delete()

    assert domain.upstream().status == DEPRECATED
    with pytest.raises(DomainDoesNotExist, match="Resource domain does not exist"):
        Domain("nope").delete()


@pytest.mark.usefixtures("mocked_swf")
def test_workflows_and_activities_list_the_registered_types() -> None:
    domain = Domain("dom")
    domain.save()
    WorkflowType(domain, "wf", "1").save()
    ActivityType(domain, "act", "1").save()

    assert [(w.name, w.version) for w in domain.workflows()] == [("wf", "1")]
    assert [(a.name, a.version) for a in domain.activities()] == [("act", "1")]
    assert domain.workflows(status=DEPRECATED) == []
    assert domain.executions is None


def test_exists_translates_other_faults_to_response_error() -> None:
    connection = mock.Mock()
    connection.describe_domain.side_effect = _fault("ThrottlingException", "slow down")

    with pytest.raises(ResponseError, match="slow down"):
        Domain("dom", connection=connection).exists  # noqa: B018


def test_diff_translates_other_faults_to_response_error() -> None:
    connection = mock.Mock()
    connection.describe_domain.side_effect = _fault("ThrottlingException", "slow down")

    with pytest.raises(ResponseError, match="slow down"):
        Domain("dom", connection=connection).is_synced  # noqa: B018


def test_delete_translates_other_faults_to_response_error() -> None:
    connection = mock.Mock()
    connection.deprecate_domain.side_effect = _fault("OperationNotPermittedFault", "no")

    with pytest.raises(ResponseError, match="no"):
        Domain("dom", connection=connection).delete()


def test_save_lets_other_faults_through_unchanged() -> None:
    connection = mock.Mock()
    fault = _fault("LimitExceededFault", "too many")
    connection.register_domain.side_effect = fault

    with pytest.raises(SWFResponseError) as info:
        Domain("dom", retention_period=3, connection=connection).save()
    assert info.value is fault
    connection.register_domain.assert_called_once_with("dom", "3", None)


@pytest.mark.usefixtures("mocked_swf")
def test_domain_without_description_is_synced() -> None:
    domain = Domain("dom", retention_period="30")
    domain.save()

    assert domain.is_synced is True


@pytest.mark.parametrize("name", ["a:b", "a/b", "a|b", "x" * 257, "", "arn", "tab\there", " x"])
def test_save_refuses_names_swf_rejects_before_any_request(name: str) -> None:
    connection = mock.Mock()

    with pytest.raises(SWFResponseError) as info:
        Domain(name, connection=connection).save()

    assert info.value.error_code == "ValidationException"
    assert "invalid domain name" in str(info.value.message)
    connection.register_domain.assert_not_called()


@pytest.mark.parametrize("name", ["my-domain.v2_test", "x" * 256, "arnold"])
def test_save_accepts_valid_names(name: str) -> None:
    connection = mock.Mock()

    Domain(name, connection=connection).save()

    connection.register_domain.assert_called_once_with(name, "30", None)
