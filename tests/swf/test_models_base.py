from __future__ import annotations

from unittest import mock

import pytest

from swf.exceptions import DoesNotExistError, ResponseError
from swf.models.base import BaseModel, Difference, ModelDiff


def test_model_diff_keeps_only_differing_triples_in_order() -> None:
    diff = ModelDiff(("a", 1, 1), ("b", 30, "30"), ("c", None, "x"))

    assert len(diff) == 2
    assert "b" in diff and "c" in diff and "a" not in diff
    assert diff.differing_fields() == ["b", "c"]
    assert diff[0] == Difference("b", 30, "30")
    assert diff[1] == Difference(attr="c", local=None, upstream="x")
    with pytest.raises(IndexError):
        diff[2]
    assert list(diff) == diff.as_list()


def test_model_diff_repeated_attr_keeps_position_and_takes_latest_values() -> None:
    diff = ModelDiff(("a", 1, 2), ("b", 1, 2))
    diff.add_input(("a", 3, 4), ("c", 1, 1))

    assert diff.as_list() == [Difference("a", 3, 4), Difference("b", 1, 2)]


def test_model_diff_merge_adds_other_entries() -> None:
    diff = ModelDiff(("a", 1, 2))
    diff.merge(ModelDiff(("b", "x", "y"), ("c", 0, 0)))

    assert diff.differing_fields() == ["a", "b"]


def test_empty_model_diff_is_falsy_and_has_readable_repr() -> None:
    assert not ModelDiff(("a", 1, 1))
    assert repr(ModelDiff(("status", "REGISTERED", "DEPRECATED"))) == (
        "ModelDiff(Difference(attr='status', local='REGISTERED', upstream='DEPRECATED'))"
    )


def test_base_model_builds_without_arguments_and_leaves_operations_abstract() -> None:
    model = BaseModel(connection=mock.Mock())

    for operation in (model._diff, model.save, model.delete, model.upstream):
        with pytest.raises(NotImplementedError):
            operation()
    with pytest.raises(NotImplementedError):
        model.exists  # noqa: B018


def test_base_model_without_any_argument_gets_a_connection() -> None:
    assert BaseModel().connection is not None


class _Model(BaseModel):
    __slots__ = ("outcome",)

    def __init__(self, outcome: object) -> None:
        super().__init__(connection=mock.Mock())
        self.outcome = outcome

    def _diff(self) -> ModelDiff:
        if isinstance(self.outcome, Exception):
            raise self.outcome
        assert isinstance(self.outcome, ModelDiff)
        return self.outcome


@pytest.mark.parametrize(
    ("outcome", "synced"),
    [
        (ModelDiff(), True),
        (ModelDiff(("a", 1, 1)), True),
        (ModelDiff(("a", 1, 2)), False),
        (DoesNotExistError("gone"), False),
    ],
)
def test_is_synced_evaluates_the_diff(outcome: object, synced: bool) -> None:
    assert _Model(outcome).is_synced is synced


def test_is_synced_lets_response_errors_through() -> None:
    with pytest.raises(ResponseError):
        _Model(ResponseError("boom")).is_synced  # noqa: B018


def test_changes_returns_the_diff() -> None:
    diff = ModelDiff(("a", 1, 2))
    assert _Model(diff).changes is diff
