"""AWS settings of the ``swf`` package: the legacy ``~/.swf`` file and ``AWS_*`` variables.

Every reader returns a plain ``dict`` whose possible keys are ``'aws_access_key_id'``,
``'aws_secret_access_key'`` and ``'region'``. Example of a ``~/.swf`` file::

    [credentials]
    aws_access_key_id=AKIA...
    aws_secret_access_key=...

    [defaults]
    region=eu-west-1

The settings in use live in ``swf.core.SETTINGS``; :func:`set` updates them. When neither
the file nor the variables give credentials, boto3's own chain (profiles, roles...) applies
(see ``swf.transport``).
"""

from __future__ import annotations

import configparser
import os
from typing import IO, Any

_CREDENTIAL_KEYS = ("aws_access_key_id", "aws_secret_access_key")


def from_stream(stream: IO[str]) -> dict[str, Any]:
    """Read settings from INI text.

    A ``[credentials]`` section sets both credential keys (a missing key gives ``None``);
    a ``[defaults]`` section sets ``region``. Absent sections contribute nothing.
    """
    parser = configparser.ConfigParser(allow_no_value=True)
    parser.read_file(stream)
    settings: dict[str, Any] = {}
    if parser.has_section("credentials"):
        for key in _CREDENTIAL_KEYS:
            settings[key] = parser.get("credentials", key, fallback=None)
    if parser.has_section("defaults"):
        settings["region"] = parser.get("defaults", "region", fallback=None)
    return settings


def from_file(path: str) -> dict[str, Any]:
    """Read settings from the INI file at ``path``; ``{}`` when it does not exist.

    Raises:
        OSError: the path exists but cannot be read (permission, directory...).
    """
    if not os.path.exists(path):
        return {}
    with open(path, encoding="utf-8") as stream:
        return from_stream(stream)


def from_env() -> dict[str, Any]:
    """Read settings from ``AWS_ACCESS_KEY_ID``, ``AWS_SECRET_ACCESS_KEY``, ``AWS_DEFAULT_REGION``.

    The secret key is read (possibly ``None``) only when the key id is set.
    """
    settings: dict[str, Any] = {}
    key_id = os.environ.get("AWS_ACCESS_KEY_ID")
    if key_id is not None:
        settings["aws_access_key_id"] = key_id
        settings["aws_secret_access_key"] = os.environ.get("AWS_SECRET_ACCESS_KEY")
    region = os.environ.get("AWS_DEFAULT_REGION")
    if region is not None:
        settings["region"] = region
    return settings


def from_home(path: str = ".swf") -> dict[str, Any]:
    """Read settings from ``$HOME/<path>``; ``{}`` when ``HOME`` is not set."""
    home = os.environ.get("HOME")
    if home is None:
        return {}
    return from_file(os.path.join(home, path))


def get(path: str = ".swf") -> dict[str, Any]:
    """The settings of ``$HOME/<path>`` when non-empty, else those of the environment.

    The two are not merged: a non-empty file replaces the environment (0.11.9 behaviour).
    """
    return from_home(path) or from_env()


def set(**settings: Any) -> None:  # shadows the builtin: 0.11.9 public name
    """Merge every setting whose value is not ``None`` into ``swf.core.SETTINGS``.

    Only connections created afterwards use the new values.
    """
    from swf.core import SETTINGS  # imported here: swf.core imports this module

    SETTINGS.update({key: value for key, value in settings.items() if value is not None})
