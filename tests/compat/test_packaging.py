"""What the installed distribution declares and ships (setup.py, MANIFEST.in)."""

from __future__ import annotations

import ast
import importlib.metadata
import importlib.resources
import sys
from pathlib import Path

import pytest

import simpleflow

REPO = Path(__file__).resolve().parents[2]


def test_version_is_the_projects_own() -> None:
    assert simpleflow.__version__ == "1.0.0.dev0"
    assert importlib.metadata.version("simpleflow") == simpleflow.__version__


def test_metadata() -> None:
    metadata = importlib.metadata.metadata("simpleflow")
    assert metadata["License-Expression"] == "MIT"
    assert "Operating System :: POSIX" in metadata.get_all("Classifier")
    urls = dict(url.split(", ", 1) for url in metadata.get_all("Project-URL"))
    assert {"Source", "Documentation", "Changelog", "Issues"} <= set(urls)


def test_dependencies_are_what_the_code_imports() -> None:
    requires = importlib.metadata.requires("simpleflow") or []
    runtime = {req.split(">")[0].split("[")[0] for req in requires if "extra ==" not in req}
    assert runtime == {"botocore", "click", "tabulate", "setproctitle", "psutil", "rich"}
    imported: set[str] = set()
    for path in [*REPO.joinpath("simpleflow").rglob("*.py"), *REPO.joinpath("swf").rglob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                imported.add(node.module.split(".")[0])
    third_party = imported - set(sys.stdlib_module_names) - {"simpleflow", "swf"}
    # moto and werkzeug: the local server, behind the 'local' extra; flask and jinja2: the
    # web view, behind the 'ui' extra; pytest: the testing plugin, loaded by pytest only;
    # mypy_boto3_swf: typing; msgspec: the faster JSON decoder, behind the 'fast' extra.
    assert third_party == runtime | {
        "msgspec",
        "moto",
        "werkzeug",
        "flask",
        "jinja2",
        "pytest",
        "mypy_boto3_swf",
    }
    ui = [req for req in requires if 'extra == "ui"' in req]
    assert {req.split(">")[0] for req in ui} == {"flask", "jinja2"}
    fast = [req for req in requires if 'extra == "fast"' in req]
    assert {req.split(">")[0] for req in fast} == {"msgspec"}
    local = [req for req in requires if 'extra == "local"' in req]
    assert any(req.startswith("moto[s3]") and "<5.3" in req and ">=5.2.5" in req for req in local)


@pytest.mark.parametrize("package", ["simpleflow", "swf"])
def test_packages_are_typed(package: str) -> None:
    assert importlib.resources.files(package).joinpath("py.typed").is_file()


def test_examples_ship_as_simpleflow_examples() -> None:
    import simpleflow.examples.basic

    # The repository's examples/ is the package (editable install, or a copy in a wheel).
    shipped = Path(simpleflow.examples.basic.__file__)
    assert shipped.read_bytes() == (REPO / "examples" / "basic.py").read_bytes()
    in_repo = shipped.resolve() == REPO / "examples" / "basic.py"  # an editable install
    in_package = shipped.parent.parts[-2:] == ("simpleflow", "examples")  # a wheel's copy
    assert in_repo or in_package


def test_sdist_manifest_holds_tests_docs_examples_changelog() -> None:
    manifest = REPO.joinpath("MANIFEST.in").read_text(encoding="utf-8")
    for line in (
        "include LICENSE README.md CHANGELOG.md",
        "recursive-include docs",
        "recursive-include examples",
        "recursive-include tests",
    ):
        assert line in manifest
