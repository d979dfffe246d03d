"""The output formats of `pretty` (`FORMATS`) and the `formatted` decorator."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import datetime, timezone
from typing import Any

import pytest

from simpleflow.swf.stats import pretty

HEADER = ("name", "count", "ratio", "when", "extra")
WHEN = datetime(2024, 5, 6, 7, 8, 9, tzinfo=timezone.utc)
ROWS: list[tuple[Any, ...]] = [
    ("alpha", 3, 0.5, WHEN, None),
    ("beta, gamma", 12, 2.0, None, {"k": [1]}),
]


def table() -> tuple[tuple[str, ...], Iterator[tuple[Any, ...]]]:
    # Rows as a generator, as 0.11.9's formatters returned them.
    return HEADER, (row for row in ROWS)


def render(fmt: str, header: bool) -> str:
    return pretty.formatted(with_header=header, fmt=fmt)(table)()


def test_default_format_and_time_format() -> None:
    assert pretty.DEFAULT_FORMAT == "tabular"
    assert pretty.TIME_FORMAT == "%Y-%m-%d %H:%M"
    assert set(pretty.FORMATS) == {"tabular", "csv", "tsv", "json", "prettyjson", "human"}


def test_tabular_aligns_columns_with_two_decimals_and_empty_none() -> None:
    lines = render("tabular", header=True).splitlines()

    assert lines == [
        "name           count    ratio  when                       extra",
        "alpha              3     0.50  2024-05-06 07:08:09+00:00",
        "beta, gamma       12     2.00                             {'k': [1]}",
    ]
    assert render("tabular", header=False).splitlines()[0].startswith("alpha ")


@pytest.mark.parametrize(("fmt", "delimiter"), [("csv", ","), ("tsv", "\t")])
def test_csv_and_tsv_return_text_with_an_optional_header(fmt: str, delimiter: str) -> None:
    with_header = render(fmt, header=True)
    without = render(fmt, header=False)

    assert with_header.endswith("\r\n") and "None" not in with_header.split(delimiter)
    records = list(csv.reader(io.StringIO(with_header, newline=""), delimiter=delimiter))
    assert records == [
        list(HEADER),
        ["alpha", "3", "0.5", "2024-05-06 07:08:09+00:00", ""],
        ["beta, gamma", "12", "2.0", "", "{'k': [1]}"],
    ]
    assert with_header.split("\r\n", 1)[1] == without


def test_csv_quotes_only_when_needed() -> None:
    assert render("csv", header=False).splitlines()[1].startswith('"beta, gamma",12,')
    assert render("tsv", header=False).splitlines()[1].startswith("beta, gamma\t12\t")


def test_json_with_header_is_an_array_of_objects_in_column_order() -> None:
    text = render("json", header=True)

    rows = json.loads(text)
    assert [list(row) for row in rows] == [list(HEADER)] * 2
    assert rows[0] == {
        "name": "alpha",
        "count": 3,
        "ratio": 0.5,
        "when": "2024-05-06T07:08:09+00:00",
        "extra": None,
    }
    assert "\n" not in text


def test_json_without_header_is_an_array_of_arrays() -> None:
    assert json.loads(render("json", header=False)) == [
        ["alpha", 3, 0.5, "2024-05-06T07:08:09+00:00", None],
        ["beta, gamma", 12, 2.0, None, {"k": [1]}],
    ]


def test_prettyjson_is_json_indented_with_two_spaces() -> None:
    text = render("prettyjson", header=True)

    assert json.loads(text) == json.loads(render("json", header=True))
    assert text.splitlines()[:3] == ["[", "  {", '    "name": "alpha",']


def test_human_shows_the_first_row_as_column_value_lines() -> None:
    text = render("human", header=False)  # human always uses the column names

    assert text.splitlines() == [
        "name   alpha",
        "count  3",
        "ratio  0.5",
        "when   2024-05-06 07:08:09+00:00",
        "extra  None",
    ]


def test_human_without_rows_is_empty() -> None:
    assert pretty.formatted(fmt="human")(lambda: (HEADER, iter(())))() == ""


@pytest.mark.parametrize("fmt", ["tabular", "csv", "tsv", "json", "prettyjson"])
def test_no_rows_without_header_is_empty_or_an_empty_array(fmt: str) -> None:
    text = pretty.formatted(fmt=fmt)(lambda: (HEADER, []))()

    assert text in ("", "[]")


def test_formatted_accepts_a_callable_format_and_ignores_with_info() -> None:
    seen: list[Any] = []

    def fmt(values: Any, headers: Any) -> str:
        seen.append((values, headers))
        return "done"

    wrapped = pretty.formatted(with_info=True, with_header=True, fmt=fmt)(table)

    assert wrapped() == "done"
    assert seen == [(ROWS, list(HEADER))]
    assert wrapped.__name__ == "table"


def test_formatted_rejects_an_unknown_format_name() -> None:
    with pytest.raises(ValueError, match="unknown format 'xml': use one of csv, human, json"):
        pretty.formatted(fmt="xml")


def test_format_functions_keep_their_0_11_9_signatures() -> None:
    assert pretty.csv(ROWS[:1], [], delimiter=";").startswith("alpha;3;0.5;")
    assert pretty.tabular([[1.234]], [], "plain", ".1f") == "1.2"
    assert json.loads(pretty.jsonify([[1]], ["a"])) == [{"a": 1}]
    assert pretty.human([[1]], ["a"]) == "a  1"
