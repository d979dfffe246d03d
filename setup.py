"""Packaging of simpleflow (the ``simpleflow`` and ``swf`` packages)."""

from __future__ import annotations

import re
from pathlib import Path

from setuptools import find_packages, setup

HERE = Path(__file__).resolve().parent


def read_version() -> str:
    text = (HERE / "simpleflow" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r"^__version__\s*=\s*['\"]([^'\"]+)['\"]", text, re.MULTILINE)
    if match is None:
        raise RuntimeError("cannot find __version__ in simpleflow/__init__.py")
    return match.group(1)


# msgspec: the engine encodes its answers (history pages) with it.
LOCAL = ["moto[s3]>=5.2.5,<5.3", "flask>=2.2.2", "flask-cors>=4", "msgspec>=0.18"]

setup(
    name="simpleflow",
    version=read_version(),
    description="Python library for dataflow programming with Amazon SWF",
    long_description=(HERE / "README.md").read_text(encoding="utf-8"),
    long_description_content_type="text/markdown",
    author="Greg Leclercq",
    license_expression="MIT",
    license_files=["LICENSE"],
    url="https://github.com/botify-labs/simpleflow",
    project_urls={
        "Documentation": "https://github.com/botify-labs/simpleflow/tree/main/docs",
        "Source": "https://github.com/botify-labs/simpleflow",
        "Changelog": "https://github.com/botify-labs/simpleflow/blob/main/CHANGELOG.md",
        "Issues": "https://github.com/botify-labs/simpleflow/issues",
    },
    # The examples ship as ``simpleflow.examples`` (from the repository's ``examples/``),
    # so ``simpleflow workflow.start --local simpleflow.examples.basic.BasicWorkflow``
    # works after ``pip install``.
    packages=[
        *find_packages(include=["swf", "swf.*", "simpleflow", "simpleflow.*"]),
        "simpleflow.examples",
    ],
    package_dir={"simpleflow.examples": "examples"},
    package_data={"simpleflow": ["py.typed"], "swf": ["py.typed"]},
    exclude_package_data={"simpleflow.examples": ["*.sh"]},
    python_requires=">=3.10",
    install_requires=[
        # The code imports botocore only (in swf.transport), never boto3.
        "botocore>=1.34",
        "click>=8.1",
        "tabulate>=0.9",
        "setproctitle>=1.3",
        "psutil>=5.9",
        "rich>=13.0",
    ],
    extras_require={
        # moto's SWF (and S3) server: the range the local engine's fixes are proven on.
        # moto[server] would pull every service's dependencies; SWF needs none of them,
        # S3 needs the s3 extra, the HTTP server needs flask and flask-cors.
        "local": LOCAL,
        "ui": ["flask>=3.0", "jinja2>=3.1"],
        # A faster JSON decoder for the transport (histories of every decision task).
        "fast": ["msgspec>=0.18"],
        "dev": [
            *LOCAL,
            "pytest>=8",
            "pytest-timeout>=2.3",
            "ruff>=0.6",
            "mypy>=1.10",
            "sphinx>=7",
        ],
    },
    entry_points={
        "console_scripts": ["simpleflow = simpleflow.command:cli"],
        "pytest11": ["simpleflow = simpleflow.testing.pytest_plugin"],
    },
    classifiers=[
        "Development Status :: 4 - Beta",
        "Intended Audience :: Developers",
        "Operating System :: POSIX",
        "Topic :: System :: Distributed Computing",
        "Typing :: Typed",
        "Programming Language :: Python :: 3",
        "Programming Language :: Python :: 3.10",
        "Programming Language :: Python :: 3.11",
        "Programming Language :: Python :: 3.12",
        "Programming Language :: Python :: 3.13",
    ],
)
