"""The public surface of the ``swf`` package (0.11.9 names and signatures, swf.md §1, §18.2).

Signatures are compared without annotations: names, order, kinds and defaults are the
contract; annotations may be added freely.
"""

from __future__ import annotations

import importlib
import inspect
from typing import Any

import pytest

PUBLIC_NAMES: dict[str, tuple[str, ...]] = {
    "swf": ("version", "__version__", "__title__", "__author__", "__license__"),
    "swf.settings": ("from_stream", "from_file", "from_env", "from_home", "get", "set"),
    "swf.core": ("SETTINGS", "RETRIES", "ConnectedSWFObject"),
    "swf.exceptions": (
        "SWFError",
        "PollTimeout",
        "InvalidCredentialsError",
        "ResponseError",
        "DoesNotExistError",
        "AlreadyExistsError",
        "InvalidKeywordArgumentError",
        "ignore",
        "REGEX_UNKNOWN_RESOURCE",
        "REGEX_NESTED_RESOURCE",
        "match_equals",
        "is_swf_response_error",
        "is_unknown_resource_raised",
        "is_unknown",
        "always",
        "extract_resource",
        "raises",
        "catch",
        "when",
        "is_not",
        "translate",
        "SWFResponseError",
        "SWFDomainAlreadyExistsError",
        "SWFLimitExceededError",
        "SWFOperationNotPermittedError",
        "SWFTypeAlreadyExistsError",
        "SWFWorkflowExecutionAlreadyStartedError",
    ),
    "swf.constants": (
        "REGISTERED",
        "DEPRECATED",
        "MAX_REASON_LENGTH",
        "MAX_DETAILS_LENGTH",
        "MAX_INPUT_LENGTH",
        "MAX_RESULT_LENGTH",
    ),
    "swf.format": ("wrap", "reason", "details", "input", "result"),
    "swf.utils": (
        "decapitalize",
        "past_day",
        "datetime_timestamp",
        "Enum",
        "get_subkey",
        "cached_property",
        "_CachedProperty",
        "immutable",
        "camel_to_underscore",
        "underscore_to_camel",
    ),
    "swf.models": (
        "BaseModel",
        "ActivityType",
        "ActivityTask",
        "Domain",
        "WorkflowType",
        "WorkflowExecution",
        "History",
        "decision",
    ),
    "swf.models.base": ("Difference", "ModelDiff", "BaseModel"),
    "swf.models.domain": ("Domain", "DomainDoesNotExist"),
    "swf.models.workflow": (
        "CHILD_POLICIES",
        "WorkflowType",
        "WorkflowExecution",
        "WorkflowTypeDoesNotExist",
        "WorkflowExecutionDoesNotExist",
    ),
    "swf.models.activity": ("ActivityType", "ActivityTask", "ActivityTypeDoesNotExist"),
    "swf.models.decision": (
        "MarkerDecision",
        "ActivityTaskDecision",
        "TimerDecision",
        "WorkflowExecutionDecision",
        "ChildWorkflowExecutionDecision",
        "ExternalWorkflowExecutionDecision",
    ),
    "swf.models.decision.base": ("Decision", "decision_action"),
    "swf.models.decision.marker": ("MarkerDecision",),
    "swf.models.decision.task": ("ActivityTaskDecision",),
    "swf.models.decision.timer": ("TimerDecision",),
    "swf.models.decision.workflow": (
        "WorkflowExecutionDecision",
        "ChildWorkflowExecutionDecision",
        "ExternalWorkflowExecutionDecision",
    ),
    "swf.models.event": (
        "Event",
        "CompiledEvent",
        "EventFactory",
        "CompiledEventFactory",
        "DecisionTaskEvent",
        "ActivityTaskEvent",
        "WorkflowExecutionEvent",
        "MarkerEvent",
        "TimerEvent",
    ),
    "swf.models.event.base": ("Event",),
    "swf.models.event.compiler": (
        "InconsistentStateError",
        "TransitionError",
        "Stateful",
        "CompiledEvent",
    ),
    "swf.models.event.factory": ("EVENTS", "EventFactory", "CompiledEventFactory"),
    "swf.models.event.task": (
        "ActivityTaskEvent",
        "CompiledActivityTaskEvent",
        "DecisionTaskEvent",
        "CompiledDecisionTaskEvent",
    ),
    "swf.models.event.timer": ("TimerEvent", "CompiledTimerEvent"),
    "swf.models.event.marker": ("MarkerEvent", "CompiledMarkerEvent"),
    "swf.models.event.workflow": (
        "WorkflowExecutionEvent",
        "CompiledWorkflowExecutionEvent",
        "ChildWorkflowExecutionEvent",
        "CompiledChildWorkflowExecutionEvent",
        "ExternalWorkflowExecutionEvent",
        "CompiledExternalWorkflowExecutionEvent",
    ),
    "swf.models.history": ("History",),
    "swf.models.history.base": ("History",),
    "swf.models.history.builder": (
        "History",
        "new_timestamp_string",
        "DEFAULT_DECIDER_IDENTITY",
        "DEFAULT_WORKER_IDENTITY",
        "DEFAULT_REASON",
        "DEFAULT_DETAILS",
        "FIRST_TIMESTAMP",
        "LATEST_TIMESTAMP",
        "CHILD_WORKFLOW_STATES",
    ),
    "swf.querysets": (
        "ActivityTypeQuerySet",
        "DomainQuerySet",
        "HistoryQuerySet",
        "WorkflowTypeQuerySet",
        "WorkflowExecutionQuerySet",
    ),
    "swf.querysets.base": ("BaseQuerySet",),
    "swf.querysets.domain": ("DomainQuerySet",),
    "swf.querysets.activity": ("ActivityTypeQuerySet",),
    "swf.querysets.workflow": (
        "BaseWorkflowQuerySet",
        "WorkflowTypeQuerySet",
        "WorkflowExecutionQuerySet",
    ),
    "swf.querysets.history": ("HistoryQuerySet",),
    "swf.responses": ("Response",),
    "swf.actors": ("Actor", "ActivityWorker", "Decider"),
    "swf.actors.core": ("Actor",),
    "swf.actors.decider": ("Decider",),
    "swf.actors.worker": ("ActivityWorker",),
    "swf.actors.helpers": ("Every", "meanwhile"),
    "swf.actors.heartbeat": ("heartbeat_on",),
    "swf.transport": ("SWFConnection", "Layer1", "connect"),
}

_REG = "'REGISTERED'"
_QS_DOMAIN_CREATE = (
    f"(self, name, status={_REG}, description=None, retention_period=30, *args, **kwargs)"
)
_ACTIVITY_DEFAULTS = (
    "creation_date=0.0, deprecation_date=0.0, task_list=None, task_heartbeat_timeout=0, "
    "task_schedule_to_close_timeout=0, task_schedule_to_start_timeout=0, "
    "task_start_to_close_timeout=0, *args, **kwargs)"
)
_QS_ACTIVITY_CREATE = f"(self, name, version, status={_REG}, description=None, {_ACTIVITY_DEFAULTS}"
_QS_WORKFLOW_CREATE = (
    f"(self, name, version, status={_REG}, creation_date=0.0, deprecation_date=0.0, "
    "task_list=None, child_policy='TERMINATE', execution_timeout='300', "
    "decision_tasks_timeout='300', description=None, *args, **kwargs)"
)
_QS_TYPE_FILTER = f"(self, domain=None, registration_status={_REG}, name=None, *args, **kwargs)"
_QS_ALL = f"(self, registration_status={_REG}, *args, **kwargs)"

SIGNATURES: dict[str, str] = {
    # settings, core, exceptions, format, utils
    "swf.settings:from_stream": "(stream)",
    "swf.settings:from_file": "(path)",
    "swf.settings:from_env": "()",
    "swf.settings:from_home": "(path='.swf')",
    "swf.settings:get": "(path='.swf')",
    "swf.settings:set": "(**settings)",
    "swf.core:ConnectedSWFObject": "(*args, **kwargs)",
    "swf.exceptions:SWFError": "(message, raw_error='', *args, error_code='')",
    "swf.exceptions:SWFResponseError": "(status, reason, body=None, *args)",
    "swf.exceptions:ignore": "(*args, **kwargs)",
    "swf.exceptions:match_equals": "(regex, string, values)",
    "swf.exceptions:is_swf_response_error": "(error)",
    "swf.exceptions:is_unknown_resource_raised": "(error, *args, **kwargs)",
    "swf.exceptions:is_unknown": "(resource)",
    "swf.exceptions:always": "(value)",
    "swf.exceptions:extract_resource": "(error)",
    "swf.exceptions:raises": "(exception, when, extract=<class 'str'>)",
    "swf.exceptions:catch": "(exceptions, handle_with=None, log=False)",
    "swf.exceptions:when": "(exceptions, handle_with=None, log=False)",
    "swf.exceptions:is_not": "(exceptions, log=False)",
    "swf.exceptions:translate": "(exceptions, to)",
    "swf.format:wrap": "(message, max_length)",
    "swf.format:reason": "(message)",
    "swf.format:details": "(message)",
    "swf.format:input": "(message)",
    "swf.format:result": "(message)",
    "swf.utils:decapitalize": "(s)",
    "swf.utils:past_day": "(d)",
    "swf.utils:datetime_timestamp": "(dt)",
    "swf.utils:Enum": "(*sequential, **named)",
    "swf.utils:get_subkey": "(d, key_path)",
    "swf.utils:immutable": "(cls)",
    "swf.utils:camel_to_underscore": "(s)",
    "swf.utils:underscore_to_camel": "(s)",
    # models
    "swf.models.base:ModelDiff": "(*input)",
    "swf.models.base:BaseModel": "(*args, **kwargs)",
    "swf.models.domain:Domain": (
        f"(name, status={_REG}, description=None, retention_period=30, *args, **kwargs)"
    ),
    "swf.models.domain:Domain.workflows": f"(self, status={_REG})",
    "swf.models.domain:Domain.activities": f"(self, status={_REG})",
    "swf.models.domain:Domain.check": "(domain)",
    "swf.models.workflow:WorkflowType": (
        f"(domain, name, version, status={_REG}, creation_date=0.0, deprecation_date=0.0, "
        "task_list=None, child_policy='TERMINATE', execution_timeout='300', "
        "decision_tasks_timeout='300', description=None, *args, **kwargs)"
    ),
    "swf.models.workflow:WorkflowType.set_child_policy": "(self, policy)",
    "swf.models.workflow:WorkflowType.start_execution": (
        "(self, workflow_id=None, task_list=None, child_policy=None, execution_timeout=None, "
        "input=None, tag_list=None, decision_tasks_timeout=None, task_priority=None)"
    ),
    "swf.models.workflow:WorkflowExecution": (
        "(domain, workflow_id, run_id=None, status='OPEN', workflow_type=None, task_list=None, "
        "child_policy=None, close_status=None, execution_timeout=None, input=None, "
        "tag_list=None, decision_tasks_timeout=None, close_timestamp=None, "
        "start_timestamp=None, cancel_requested=None, latest_execution_context=None, "
        "latest_activity_task_timestamp=None, open_counts=None, parent=None, *args, **kwargs)"
    ),
    "swf.models.workflow:WorkflowExecution.history": "(self, *args, **kwargs)",
    "swf.models.workflow:WorkflowExecution.signal": (
        "(self, signal_name, input=None, *args, **kwargs)"
    ),
    "swf.models.workflow:WorkflowExecution.request_cancel": "(self, *args, **kwargs)",
    "swf.models.workflow:WorkflowExecution.terminate": "(self, *args, **kwargs)",
    "swf.models.activity:ActivityType": (
        f"(domain, name, version, status={_REG}, description=None, {_ACTIVITY_DEFAULTS}"
    ),
    "swf.models.activity:ActivityTask": (
        "(domain, task_list, task_token=None, activity_type=None, workflow_execution=None, "
        "input=None, activity_id=None, started_event_id=None)"
    ),
    "swf.models.activity:ActivityTask.from_poll": "(domain, task_list, data)",
    # decisions, events, history
    "swf.models.decision.base:Decision": "(action=None, *args, **kwargs)",
    "swf.models.decision.marker:MarkerDecision.record": "(self, name, details=None)",
    "swf.models.decision.task:ActivityTaskDecision.request_cancel": "(self, activity_id)",
    "swf.models.decision.task:ActivityTaskDecision.schedule": (
        "(self, activity_id, activity_type, control=None, heartbeat_timeout=None, input=None, "
        "duration_timeout=None, schedule_timeout=None, task_timeout=None, task_list=None, "
        "task_priority=None)"
    ),
    "swf.models.decision.timer:TimerDecision.start": (
        "(self, id, start_to_fire_timeout, control=None)"
    ),
    "swf.models.decision.timer:TimerDecision.cancel": "(self, id)",
    "swf.models.decision.workflow:WorkflowExecutionDecision.complete": "(self, result=None)",
    "swf.models.decision.workflow:WorkflowExecutionDecision.cancel": "(self, details=None)",
    "swf.models.decision.workflow:WorkflowExecutionDecision.fail": (
        "(self, details=None, reason=None)"
    ),
    "swf.models.decision.workflow:WorkflowExecutionDecision.terminate": (
        "(self, reason=None, details=None)"
    ),
    "swf.models.decision.workflow:WorkflowExecutionDecision.continue_as_new": (
        "(self, child_policy=None, execution_timeout=None, task_timeout=None, input=None, "
        "tag_list=None, task_list=None, workflow_type_version=None, task_priority=None)"
    ),
    "swf.models.decision.workflow:ChildWorkflowExecutionDecision.start": (
        "(self, workflow_type, workflow_id, child_policy='TERMINATE', execution_timeout='300', "
        "task_timeout='300', control=None, input=None, tag_list=None, task_list=None, "
        "task_priority=None)"
    ),
    "swf.models.decision.workflow:ExternalWorkflowExecutionDecision.request_cancel": (
        "(self, workflow_id, control=None, run_id=None)"
    ),
    "swf.models.decision.workflow:ExternalWorkflowExecutionDecision.signal": (
        "(self, signal_name, workflow_id, control=None, input=None, run_id=None)"
    ),
    "swf.models.event.base:Event": "(id, state, timestamp, raw_data)",
    "swf.models.history.base:History.from_event_list": "(data)",
    "swf.models.history.builder:History": "(workflow, input=None, tag_list=None)",
    # querysets
    "swf.querysets.base:BaseQuerySet": "(*args, **kwargs)",
    "swf.querysets.domain:DomainQuerySet.get": "(self, name, *args, **kwargs)",
    "swf.querysets.domain:DomainQuerySet.get_or_create": _QS_DOMAIN_CREATE,
    "swf.querysets.domain:DomainQuerySet.all": _QS_ALL,
    "swf.querysets.domain:DomainQuerySet.create": _QS_DOMAIN_CREATE,
    "swf.querysets.activity:ActivityTypeQuerySet": "(domain, *args, **kwargs)",
    "swf.querysets.activity:ActivityTypeQuerySet.to_ActivityType": (
        "(self, domain, type_info, **kwargs)"
    ),
    "swf.querysets.activity:ActivityTypeQuerySet.get": "(self, name, version, *args, **kwargs)",
    "swf.querysets.activity:ActivityTypeQuerySet.get_or_create": _QS_ACTIVITY_CREATE,
    "swf.querysets.activity:ActivityTypeQuerySet.filter": _QS_TYPE_FILTER,
    "swf.querysets.activity:ActivityTypeQuerySet.all": _QS_ALL,
    "swf.querysets.activity:ActivityTypeQuerySet.create": _QS_ACTIVITY_CREATE,
    "swf.querysets.workflow:BaseWorkflowQuerySet": "(domain, *args, **kwargs)",
    "swf.querysets.workflow:WorkflowTypeQuerySet.to_WorkflowType": (
        "(self, domain, workflow_info, **kwargs)"
    ),
    "swf.querysets.workflow:WorkflowTypeQuerySet.get": "(self, name, version, *args, **kwargs)",
    "swf.querysets.workflow:WorkflowTypeQuerySet.get_or_create": _QS_WORKFLOW_CREATE,
    "swf.querysets.workflow:WorkflowTypeQuerySet.filter": _QS_TYPE_FILTER,
    "swf.querysets.workflow:WorkflowTypeQuerySet.all": _QS_ALL,
    "swf.querysets.workflow:WorkflowTypeQuerySet.create": _QS_WORKFLOW_CREATE,
    "swf.querysets.workflow:WorkflowExecutionQuerySet.list_workflow_executions": (
        "(self, status, *args, **kwargs)"
    ),
    "swf.querysets.workflow:WorkflowExecutionQuerySet.get_workflow_type": (
        "(self, execution_info)"
    ),
    "swf.querysets.workflow:WorkflowExecutionQuerySet.to_WorkflowExecution": (
        "(self, domain, execution_info, **kwargs)"
    ),
    "swf.querysets.workflow:WorkflowExecutionQuerySet.get": (
        "(self, workflow_id, run_id, *args, **kwargs)"
    ),
    "swf.querysets.workflow:WorkflowExecutionQuerySet.filter": (
        "(self, status='OPEN', tag=None, workflow_id=None, workflow_type_name=None, "
        "workflow_type_version=None, *args, **kwargs)"
    ),
    "swf.querysets.workflow:WorkflowExecutionQuerySet.all": (
        "(self, status='OPEN', start_oldest_date=30, *args, **kwargs)"
    ),
    "swf.querysets.history:HistoryQuerySet": "(domain, *args, **kwargs)",
    "swf.querysets.history:HistoryQuerySet.get": (
        "(self, run_id, workflow_id, max_results=None, page_size=100, reverse=False)"
    ),
    # responses, actors
    "swf.responses:Response": "(**kwargs)",
    "swf.actors.core:Actor": "(domain, task_list)",
    "swf.actors.decider:Decider": "(domain, task_list)",
    "swf.actors.decider:Decider.poll": "(self, task_list=None, identity=None, **kwargs)",
    "swf.actors.decider:Decider.complete": (
        "(self, task_token, decisions=None, execution_context=None)"
    ),
    "swf.actors.worker:ActivityWorker": "(domain, task_list, identity=None)",
    "swf.actors.worker:ActivityWorker.cancel": "(self, task_token, details=None)",
    "swf.actors.worker:ActivityWorker.complete": "(self, task_token, result=None)",
    "swf.actors.worker:ActivityWorker.fail": "(self, task_token, details=None, reason=None)",
    "swf.actors.worker:ActivityWorker.heartbeat": "(self, task_token, details=None)",
    "swf.actors.worker:ActivityWorker.poll": "(self, task_list=None, identity=None)",
    "swf.actors.helpers:Every": "(nseconds, call, *args, **kwargs)",
    "swf.actors.helpers:meanwhile": "(calling_this, call_that, *args, **kwargs)",
    "swf.actors.heartbeat:heartbeat_on": "(heartbeat, interval)",
}

_PAGING = "maximum_page_size=None, next_page_token=None, reverse_order=None"
_TYPE_FILTERS = "tag=None, workflow_id=None, workflow_name=None, workflow_version=None"
_CLOSED_DATES = (
    "start_latest_date=None, start_oldest_date=None, close_latest_date=None, "
    "close_oldest_date=None, close_status=None"
)

#: boto 2 ``Layer1`` methods of swf.md §18.2, on ``swf.transport.SWFConnection``.
LAYER1_SIGNATURES: dict[str, str] = {
    "describe_domain": "(self, name)",
    "register_domain": (
        "(self, name, workflow_execution_retention_period_in_days, description=None)"
    ),
    "deprecate_domain": "(self, name)",
    "list_domains": f"(self, registration_status, {_PAGING})",
    "describe_activity_type": "(self, domain, activity_name, activity_version)",
    "register_activity_type": (
        "(self, domain, name, version, task_list=None, default_task_heartbeat_timeout=None, "
        "default_task_schedule_to_close_timeout=None, "
        "default_task_schedule_to_start_timeout=None, "
        "default_task_start_to_close_timeout=None, description=None)"
    ),
    "deprecate_activity_type": "(self, domain, activity_name, activity_version)",
    "list_activity_types": f"(self, domain, registration_status, name=None, {_PAGING})",
    "describe_workflow_type": "(self, domain, workflow_name, workflow_version)",
    "register_workflow_type": (
        "(self, domain, name, version, task_list=None, default_child_policy=None, "
        "default_execution_start_to_close_timeout=None, "
        "default_task_start_to_close_timeout=None, description=None)"
    ),
    "deprecate_workflow_type": "(self, domain, workflow_name, workflow_version)",
    "list_workflow_types": (
        "(self, domain, registration_status, maximum_page_size=None, name=None, "
        "next_page_token=None, reverse_order=None)"
    ),
    "start_workflow_execution": (
        "(self, domain, workflow_id, workflow_name, workflow_version, task_list=None, "
        "child_policy=None, execution_start_to_close_timeout=None, input=None, "
        "tag_list=None, task_start_to_close_timeout=None, task_priority=None)"
    ),
    "describe_workflow_execution": "(self, domain, run_id, workflow_id)",
    "get_workflow_execution_history": f"(self, domain, run_id, workflow_id, {_PAGING})",
    "signal_workflow_execution": (
        "(self, domain, signal_name, workflow_id, input=None, run_id=None)"
    ),
    "request_cancel_workflow_execution": "(self, domain, workflow_id, run_id=None)",
    "terminate_workflow_execution": (
        "(self, domain, workflow_id, child_policy=None, details=None, reason=None, run_id=None)"
    ),
    "list_open_workflow_executions": (
        f"(self, domain, oldest_date, latest_date=None, {_TYPE_FILTERS}, {_PAGING})"
    ),
    "list_closed_workflow_executions": (
        f"(self, domain, {_CLOSED_DATES}, {_TYPE_FILTERS}, {_PAGING})"
    ),
    "poll_for_decision_task": f"(self, domain, task_list, identity=None, {_PAGING})",
    "respond_decision_task_completed": (
        "(self, task_token, decisions=None, execution_context=None)"
    ),
    "poll_for_activity_task": "(self, domain, task_list, identity=None)",
    "respond_activity_task_completed": "(self, task_token, result=None)",
    "respond_activity_task_failed": "(self, task_token, details=None, reason=None)",
    "respond_activity_task_canceled": "(self, task_token, details=None)",
    "record_activity_task_heartbeat": "(self, task_token, details=None)",
    "count_open_workflow_executions": (
        f"(self, domain, latest_date, oldest_date, {_TYPE_FILTERS})"
    ),
    "count_closed_workflow_executions": f"(self, domain, {_CLOSED_DATES}, {_TYPE_FILTERS})",
    "count_pending_decision_tasks": "(self, domain, task_list)",
    "count_pending_activity_tasks": "(self, domain, task_list)",
}


def _resolve(path: str) -> Any:
    module_name, _, qualname = path.partition(":")
    obj: Any = importlib.import_module(module_name)
    for part in qualname.split("."):
        obj = getattr(obj, part)
    return obj


def _signature_text(obj: Any) -> str:
    """``str(inspect.signature(obj))`` without annotations."""
    signature = inspect.signature(obj)
    parameters = [
        parameter.replace(annotation=inspect.Parameter.empty)
        for parameter in signature.parameters.values()
    ]
    return str(signature.replace(parameters=parameters, return_annotation=inspect.Signature.empty))


@pytest.mark.parametrize(
    ("module_name", "name"),
    [(module, name) for module, names in PUBLIC_NAMES.items() for name in names],
)
def test_public_name_is_importable(module_name: str, name: str) -> None:
    module = importlib.import_module(module_name)
    assert hasattr(module, name), f"{module_name}.{name} is missing"


@pytest.mark.parametrize(("path", "expected"), sorted(SIGNATURES.items()))
def test_public_signature(path: str, expected: str) -> None:
    assert _signature_text(_resolve(path)) == expected


@pytest.mark.parametrize(("method", "expected"), sorted(LAYER1_SIGNATURES.items()))
def test_layer1_method_signature(method: str, expected: str) -> None:
    from swf.transport import Layer1, SWFConnection

    assert Layer1 is SWFConnection
    # A plain function on the class: class-level mock.patch.object must reach instances.
    function = vars(SWFConnection)[method]
    assert inspect.isfunction(function)
    assert _signature_text(function) == expected


def test_package_metadata() -> None:
    import swf

    assert swf.version == (0, 1, 60)
    assert swf.__version__ == "0.1.60"
    assert (swf.__title__, swf.__author__, swf.__license__) == (
        "python-simple-workflow",
        "Oleiade",
        "MIT",
    )


def test_swf_utils_star_import_gives_every_public_name() -> None:
    # What ``from swf.utils import *`` binds: ``__all__``, else every non-underscore name.
    module = importlib.import_module("swf.utils")
    default = [name for name in vars(module) if not name.startswith("_")]
    exported = set(getattr(module, "__all__", default))
    assert set(PUBLIC_NAMES["swf.utils"]) - {"_CachedProperty"} <= exported


def test_history_builder_exports_only_history() -> None:
    from swf.models.history import builder

    assert builder.__all__ == ["History"]


def test_import_swf_models_reaches_decisions() -> None:
    import swf.models

    assert swf.models.decision.ActivityTaskDecision.__name__ == "ActivityTaskDecision"
