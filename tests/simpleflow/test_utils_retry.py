from __future__ import annotations

import pytest

from simpleflow.utils import retry


class Sleeps:
    def __init__(self) -> None:
        self.calls: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> Sleeps:
    recorder = Sleeps()
    monkeypatch.setattr(retry.time, "sleep", recorder)
    return recorder


def failing(times: int, exc: type[Exception] = ValueError):  # type: ignore[no-untyped-def]
    calls: list[int] = []

    def func() -> str:
        calls.append(1)
        if len(calls) <= times:
            raise exc(f"failure {len(calls)}")
        return "ok"

    return func, calls


def test_constant() -> None:
    assert retry.constant(3)(1, 2, x=3) == 3


def test_exponential_uses_random(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(retry.random, "random", lambda: 0.5)
    assert retry.exponential(3) == 4.0


def test_success_first_time(sleeps: Sleeps) -> None:
    func, calls = failing(0)
    assert retry.with_delay(nb_times=3)(func)() == "ok"
    assert (len(calls), sleeps.calls) == (1, [])


def test_retries_until_success(sleeps: Sleeps) -> None:
    func, calls = failing(2)
    assert retry.with_delay(nb_times=3, delay=retry.constant(0.5))(func)() == "ok"
    assert len(calls) == 3
    assert sleeps.calls == [0.5, 0.5]


def test_reraises_last_exception_after_sleeping(sleeps: Sleeps) -> None:
    func, calls = failing(5)
    with pytest.raises(ValueError, match="^failure 3$"):
        retry.with_delay(nb_times=3, delay=lambda k: k)(func)()
    assert len(calls) == 3
    assert sleeps.calls == [0, 1, 2]  # a sleep also follows the last failure


def test_default_is_one_call_one_sleep(sleeps: Sleeps) -> None:
    func, calls = failing(1)
    with pytest.raises(ValueError):
        retry.with_delay()(func)()
    assert (len(calls), sleeps.calls) == (1, [1])


def test_other_exceptions_propagate_immediately(sleeps: Sleeps) -> None:
    func, calls = failing(5, KeyError)
    with pytest.raises(KeyError):
        retry.with_delay(nb_times=3, on_exceptions=ValueError)(func)()
    assert (len(calls), sleeps.calls) == (1, [])


def test_on_exceptions_sequence(sleeps: Sleeps) -> None:
    func, calls = failing(1, KeyError)
    assert retry.with_delay(nb_times=2, on_exceptions=[ValueError, KeyError])(func)() == "ok"
    assert len(calls) == 2


def test_log_message(sleeps: Sleeps) -> None:
    messages: list[str] = []
    func, _ = failing(1)
    retry.with_delay(nb_times=2, delay=retry.constant(1.5), log_with=messages.append)(func)()
    assert messages == ['error "failure 1": retrying in 1.50 seconds']


@pytest.mark.parametrize("nb_times", [0, -1])
def test_invalid_nb_times(nb_times: int) -> None:
    with pytest.raises(ValueError, match="nb_times must be at least 1"):
        retry.with_delay(nb_times=nb_times)


def test_keeps_function_metadata() -> None:
    def documented() -> None:
        """Doc."""

    wrapped = retry.with_delay()(documented)
    assert (wrapped.__name__, wrapped.__doc__) == ("documented", "Doc.")
