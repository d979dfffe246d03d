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


setup(
    name="simpleflow",
    version=read_version(),
    description="Python library for dataflow programming with Amazon SWF",
    long_description=(HERE / "README.md").read_text(encoding="utf-8"),
    long_description_content_type="text/markdown",
    author="Greg Leclercq",
    license="MIT",
    url="https://github.com/botify-labs/simpleflow",
    packages=find_packages(include=["swf", "swf.*", "simpleflow", "simpleflow.*"]),
    python_requires=">=3.10",
    install_requires=[
        "boto3>=1.34",
        "click>=8.1",
        "tabulate>=0.9",
        "setproctitle>=1.3",
        "psutil>=5.9",
        "rich>=13.0",
    ],
    extras_require={
        "local": ["moto[server]>=5.0"],
        "ui": ["flask>=3.0"],
        "dev": [
            "moto[server]>=5.0",
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
        "Programming Language :: Python :: 3",
        "Programming Language :: Python :: 3.10",
        "Programming Language :: Python :: 3.11",
        "Programming Language :: Python :: 3.12",
        "Programming Language :: Python :: 3.13",
    ],
)
