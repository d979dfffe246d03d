from __future__ import annotations

import logging
import pickle
from typing import Any

import pytest

from swf import exceptions
from swf.exceptions import (
    REGEX_NESTED_RESOURCE,
    REGEX_UNKNOWN_RESOURCE,
    AlreadyExistsError,
    DoesNotExistError,
    InvalidCredentialsError,
    InvalidKeywordArgumentError,
    PollTimeout,
    ResponseError,
    SWFConnectionError,
    SWFDomainAlreadyExistsError,
    SWFError,
    SWFLimitExceededError,
    SWFOperationNotPermittedError,
    SWFResponseError,
    SWFTypeAlreadyExistsError,
    SWFWorkflowExecutionAlreadyStartedError,
    always,
    catch,
    extract_resource,
    ignore,
    is_not,
    is_swf_response_error,
    is_unknown,
    is_unknown_resource_raised,
    match_equals,
    raises,
    translate,
    when,
)

PREFIX = "com.amazonaws.swf.base.model#"


def fault(code: str, message: str | None = None, status: int = 400) -> SWFResponseError:
    body: dict[str, Any] = {"__type": PREFIX + code}
    if message is not None:
        body["message"] = message
    return SWFResponseError(status, "Bad Request", body, code)


def unknown(message: str | None) -> SWFResponseError:
    return fault("UnknownResourceFault", message)


# -- SWFError --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw_error", "kind", "details", "type_"),
    [
        ("", "", "", None),
        (None, "", "", None),
        ("kind", "kind", "", "kind"),
        ("kind:  details ", "kind", "details", "kind"),
        ("Unknown execution: blah", "Unknown execution", "blah", "unknown_execution"),
        ("a: b: c", "a", "b: c", "a"),
    ],
)
def test_swf_error_splits_raw_error_on_first_colon(
    raw_error: str | None, kind: str, details: str, type_: str | None
) -> None:
    error = SWFError("m", raw_error)

    assert (error.kind, error.details, error.type_) == (kind, details, type_)


def test_swf_error_message_is_an_attribute_and_first_arg() -> None:
    error = SWFError("the message", "kind: details", "extra")

    assert error.message == "the message"
    assert error.args == ("the message", "extra")


def test_swf_error_str_appends_reason_only_with_kind_and_details() -> None:
    assert str(SWFError("m")) == "m"
    assert str(SWFError("m", "kind")) == "m"
    assert str(SWFError("m", "Unknown execution: blah")) == "m\nReason: Unknown execution, blah"
    assert repr(SWFError("m", "k: d")) == "m\nReason: k, d"


def test_swf_error_with_none_message_renders_empty() -> None:
    assert str(SWFError(None)) == ""


def test_swf_error_keeps_error_code_keyword_out_of_args() -> None:
    error = SWFError("m", error_code="UnknownResourceFault")

    assert error.error_code == "UnknownResourceFault"
    assert error.args == ("m",)


@pytest.mark.parametrize(
    "cls",
    [
        PollTimeout,
        InvalidCredentialsError,
        ResponseError,
        DoesNotExistError,
        AlreadyExistsError,
        InvalidKeywordArgumentError,
        SWFConnectionError,
    ],
)
def test_library_errors_derive_from_swf_error_and_pickle(cls: type[SWFError]) -> None:
    error = cls("message", "Unknown domain: foo")

    copy = pickle.loads(pickle.dumps(error))  # noqa: S301 - own data

    assert isinstance(error, SWFError)
    assert type(copy) is cls
    assert (copy.message, copy.kind, copy.details) == ("message", "Unknown domain", "foo")
    assert str(copy) == str(error)


def test_connection_error_is_a_builtin_connection_error_with_plain_message() -> None:
    error = SWFConnectionError("cannot reach the SWF endpoint 'http://x'")

    assert isinstance(error, ConnectionError)
    assert str(error) == "cannot reach the SWF endpoint 'http://x'"
    assert error.errno is None


# -- SWFResponseError family ----------------------------------------------------------


def test_response_error_attributes() -> None:
    error = fault("UnknownResourceFault", "Unknown domain: x")

    assert error.status == 400
    assert error.reason == "Bad Request"
    assert error.body == {"__type": PREFIX + "UnknownResourceFault", "message": "Unknown domain: x"}
    assert error.error_code == "UnknownResourceFault"
    assert error.message == error.error_message == "Unknown domain: x"
    assert error.request_id is None


@pytest.mark.parametrize(
    ("body", "args", "code"),
    [
        ({"__type": PREFIX + "TypeDeprecatedFault"}, (), "TypeDeprecatedFault"),
        ({"__type": "UnrecognizedClientException"}, (), "UnrecognizedClientException"),
        ({"message": "no type"}, ("LimitExceededFault",), "LimitExceededFault"),
        ({"message": "no type"}, (), None),
        (None, (), None),
    ],
)
def test_response_error_code_comes_from_type_then_fourth_argument(
    body: dict[str, Any] | None, args: tuple[str, ...], code: str | None
) -> None:
    assert SWFResponseError(400, "Bad Request", body, *args).error_code == code


def test_response_error_without_body_has_empty_body_and_no_message() -> None:
    error = SWFResponseError(500, "Internal Server Error")

    assert error.body == {}
    assert error.message is None


def test_response_error_message_and_error_message_stay_in_sync() -> None:
    error = fault("X", "old")

    error.message = "new"
    assert error.error_message == "new"
    error.error_message = "newer"
    assert error.message == "newer"


def test_response_error_code_is_overwritable() -> None:
    error = fault("X", "m")
    error.error_code = "UnknownResourceFault"

    assert is_unknown_resource_raised(error)


def test_response_error_str_and_repr() -> None:
    error = SWFTypeAlreadyExistsError(400, "Bad Request", {"__type": "T", "message": "m"})

    expected = "SWFTypeAlreadyExistsError: 400 Bad Request\n{'__type': 'T', 'message': 'm'}"
    assert str(error) == repr(error) == expected


@pytest.mark.parametrize(
    "cls",
    [
        SWFDomainAlreadyExistsError,
        SWFLimitExceededError,
        SWFOperationNotPermittedError,
        SWFTypeAlreadyExistsError,
        SWFWorkflowExecutionAlreadyStartedError,
    ],
)
def test_response_error_subclasses_pickle(cls: type[SWFResponseError]) -> None:
    error = cls(400, "Bad Request", {"__type": "T", "message": "m"}, "T")
    error.request_id = "rid"

    copy = pickle.loads(pickle.dumps(error))  # noqa: S301 - own data

    assert issubclass(cls, SWFResponseError)
    assert type(copy) is cls
    assert (copy.status, copy.body, copy.error_code, copy.request_id) == (
        400,
        {"__type": "T", "message": "m"},
        "T",
        "rid",
    )


@pytest.mark.parametrize(
    ("code", "cls"),
    [
        ("DomainAlreadyExistsFault", SWFDomainAlreadyExistsError),
        ("LimitExceededFault", SWFLimitExceededError),
        ("OperationNotPermittedFault", SWFOperationNotPermittedError),
        ("TypeAlreadyExistsFault", SWFTypeAlreadyExistsError),
        ("WorkflowExecutionAlreadyStartedFault", SWFWorkflowExecutionAlreadyStartedError),
        ("UnknownResourceFault", SWFResponseError),
        ("ValidationException", SWFResponseError),
        (None, SWFResponseError),
    ],
)
def test_fault_code_selects_the_boto2_class(code: str | None, cls: type[SWFResponseError]) -> None:
    assert exceptions._response_error_class(code) is cls


def test_module_docstring_draws_the_new_names() -> None:
    doc = exceptions.__doc__ or ""

    for name in ("SWFConnectionError", "InvalidCredentialsError", "SWFResponseError"):
        assert name in doc


# -- regexes and predicates -------------------------------------------------------------


@pytest.mark.parametrize(
    ("message", "generic"),
    [
        ("Unknown domain: foo", "domain"),
        ("Unknown type: ActivityType=[name=a, version=1]", "type"),
        ("Unknown execution: WorkflowExecution=[workflowId=w, runId=r]", "execution"),
    ],
)
def test_regex_unknown_resource_captures_second_word(message: str, generic: str) -> None:
    assert REGEX_UNKNOWN_RESOURCE.findall(message)[0] == generic


@pytest.mark.parametrize(
    ("message", "nested"),
    [
        ("Unknown type: ActivityType=[name=a, version=1]", "ActivityType"),
        ("Unknown type: WorkflowType=[name=a, version=1]", "WorkflowType"),
        ("Unknown execution: WorkflowExecution=[workflowId=w, runId=r]", "WorkflowExecution"),
    ],
)
def test_regex_nested_resource_captures_name_before_equals(message: str, nested: str) -> None:
    assert REGEX_NESTED_RESOURCE.findall(message)[0] == nested


def test_match_equals() -> None:
    assert match_equals(REGEX_UNKNOWN_RESOURCE, "Unknown domain: x", "domain")
    assert not match_equals(REGEX_UNKNOWN_RESOURCE, "Unknown domain: x", "dom")
    assert not match_equals(REGEX_UNKNOWN_RESOURCE, "Unknown domain: x", "domains")
    assert match_equals(REGEX_UNKNOWN_RESOURCE, "Unknown domain: x", ("type", "domain"))
    assert match_equals(REGEX_UNKNOWN_RESOURCE, "Unknown domain: x", ["domain"])
    assert not match_equals(REGEX_UNKNOWN_RESOURCE, None, "domain")
    assert not match_equals(REGEX_NESTED_RESOURCE, "Unknown domain: x", "domain")


def test_is_swf_response_error_and_unknown_resource_raised() -> None:
    assert is_swf_response_error(fault("X"))
    assert not is_swf_response_error(SWFError("m"))
    assert is_unknown_resource_raised(unknown("Unknown domain: x"))
    assert not is_unknown_resource_raised(fault("TypeDeprecatedFault", "Unknown domain: x"))
    assert not is_unknown_resource_raised(SWFError("m", error_code="UnknownResourceFault"))


@pytest.mark.parametrize(
    ("message", "resource", "expected"),
    [
        ("Unknown domain: foo", "domain", True),
        ("Unknown domain: foo", ("domain", "WorkflowType"), True),
        ("Unknown domain: foo", "WorkflowType", False),
        ("Unknown type: ActivityType=[name=a, version=1]", "ActivityType", True),
        ("Unknown type: ActivityType=[name=a, version=1]", "WorkflowType", False),
        ("Unknown type: ActivityType=[name=a, version=1]", "type", False),
        ("Unknown type: WorkflowType=[name=a, version=1]", "WorkflowType", True),
        ("Unknown execution: WorkflowExecution=[workflowId=w, runId=r]", "WorkflowExecution", True),
        ("Unknown execution: WorkflowExecution=[workflowId=w, runId=r]", "domain", False),
        ("Unknown execution, workflowId = w", "WorkflowExecution", True),
        ("Unknown execution, workflowId = w", "domain", False),
        (None, "domain", False),
    ],
)
def test_is_unknown(message: str | None, resource: str | tuple[str, ...], expected: bool) -> None:
    assert is_unknown(resource)(unknown(message)) is expected


def test_is_unknown_ignores_other_faults_and_other_exceptions() -> None:
    assert not is_unknown("domain")(fault("TypeDeprecatedFault", "Unknown domain: foo"))
    assert not is_unknown("domain")(ValueError("Unknown domain: foo"))


def test_always_returns_value_or_calls_plain_functions() -> None:
    calls: list[int] = []

    def counter() -> int:
        calls.append(1)
        return len(calls)

    assert always(False)(1, a=2) is False
    assert always(len)("ignored") is len  # builtins are returned, not called
    assert always(lambda: "called")() == "called"
    f = always(counter)
    assert (f(), f("x")) == (1, 2)


def test_ignore_returns_none() -> None:
    assert ignore(1, x=2) is None


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("Unknown domain: x", "Resource domain does not exist"),
        ("Unknown type: ActivityType=[name=a, version=1]", "Resource type does not exist"),
        ("Unknown execution, workflowId = w", "Resource execution does not exist"),
        (None, "Resource unknown does not exist"),
        ("", "Resource unknown does not exist"),
    ],
)
def test_extract_resource(message: str | None, expected: str) -> None:
    assert extract_resource(unknown(message)) == expected


def test_extract_resource_rejects_other_faults() -> None:
    error = fault("TypeDeprecatedFault", "m")

    with pytest.raises(ValueError, match="cannot extract resource from"):
        extract_resource(error)


def test_raises_raises_mapped_exception_when_predicate_is_true() -> None:
    error = unknown("Unknown domain: x")
    handler = raises(DoesNotExistError, is_unknown("domain"), extract_resource)

    with pytest.raises(DoesNotExistError, match="Resource domain does not exist") as info:
        handler(error)
    assert info.value.__cause__ is error


@pytest.mark.parametrize(
    "error", [unknown("Unknown type: WorkflowType=[name=a, version=1]"), ValueError("x")]
)
def test_raises_reraises_the_error_itself_otherwise(error: Exception) -> None:
    handler = raises(DoesNotExistError, is_unknown("domain"))

    with pytest.raises(type(error)) as info:
        handler(error)
    assert info.value is error


def test_raises_requires_predicate_to_be_exactly_true() -> None:
    error = fault("X")

    with pytest.raises(SWFResponseError):
        raises(DoesNotExistError, lambda err: 1)(error)  # type: ignore[arg-type,return-value]


class Thing:
    """Decorated methods receive their original arguments in handlers."""

    def __init__(self, error: Exception | None) -> None:
        self.error = error
        self.seen: list[tuple[Any, ...]] = []

    @catch(SWFResponseError, handle_with=lambda err, self, *a, **kw: (type(err), self, a, kw))
    def handled(self, *args: Any, **kwargs: Any) -> str:
        """Docstring kept."""
        if self.error:
            raise self.error
        return "ok"

    @catch([KeyError, SWFResponseError])
    def reraised(self) -> str:
        if self.error:
            raise self.error
        return "ok"


def test_catch_passes_error_and_original_call_arguments_to_handler() -> None:
    thing = Thing(fault("X"))

    assert thing.handled(1, k=2) == (SWFResponseError, thing, (1,), {"k": 2})
    assert Thing(None).handled() == "ok"


def test_catch_preserves_name_and_docstring() -> None:
    assert Thing.handled.__name__ == "handled"
    assert Thing.handled.__doc__ == "Docstring kept."


def test_catch_without_handler_reraises_and_lets_other_errors_pass() -> None:
    with pytest.raises(KeyError):
        Thing(KeyError("k")).reraised()
    with pytest.raises(ValueError):
        Thing(ValueError("v")).handled()


def test_catch_logs_when_asked(caplog: pytest.LogCaptureFixture) -> None:
    @catch(ValueError, handle_with=always(None), log=True)
    def failing() -> None:
        raise ValueError("boom")

    with caplog.at_level(logging.ERROR, logger="swf.exceptions"):
        failing()

    assert "failing" in caplog.text and "boom" in caplog.text


def test_when_is_catch() -> None:
    assert when is catch


def test_is_not_turns_errors_into_false() -> None:
    @is_not(DoesNotExistError)
    def exists() -> bool:
        raise DoesNotExistError("gone")

    assert exists() is False


def test_translate_raises_target_with_fault_message() -> None:
    error = fault("X", "the fault message")

    @translate(SWFResponseError, to=ResponseError)
    def call() -> None:
        raise error

    with pytest.raises(ResponseError) as info:
        call()
    assert info.value.message == "the fault message"
    assert info.value.__cause__ is error


class FakeDomain:
    """The ``Domain.exists`` stack of swf.md 4.3, on a fake connection call."""

    def __init__(self, error: Exception | None) -> None:
        self.error = error

    @property
    @translate(SWFResponseError, to=ResponseError)
    @is_not(DoesNotExistError)
    @catch(
        SWFResponseError,
        handle_with=raises(DoesNotExistError, when=is_unknown("domain"), extract=extract_resource),
    )
    def exists(self) -> bool:
        if self.error:
            raise self.error
        return True


def test_domain_exists_stack_outcomes() -> None:
    assert FakeDomain(None).exists is True
    assert FakeDomain(unknown("Unknown domain: x")).exists is False
    with pytest.raises(ResponseError, match="Unknown type"):
        _ = FakeDomain(unknown("Unknown type: WorkflowType=[name=a, version=1]")).exists
    with pytest.raises(ResponseError, match="throttled"):
        _ = FakeDomain(fault("ThrottlingException", "throttled")).exists
