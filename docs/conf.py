"""Sphinx configuration of the simpleflow documentation (built by ``script/doc``)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import simpleflow  # noqa: E402 - needs the repository on sys.path

project = "simpleflow"
author = "Botify Labs and contributors"
copyright = "2016, Botify Labs"
version = simpleflow.__version__
release = simpleflow.__version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
]

# Google-style docstrings (Args / Returns / Raises), as written in the code.
napoleon_google_docstring = True
napoleon_numpy_docstring = False
# "Attributes:" sections as fields: an attribute that is also a property or has its own
# docstring would otherwise be described twice.
napoleon_use_ivar = True
autodoc_member_order = "bysource"
autodoc_typehints = "signature"
# Annotations are strings (``from __future__ import annotations``), so a short name such as
# ``History`` may match several documented classes: keep the name, skip the warning.
suppress_warnings = ["ref.python"]
autodoc_default_options = {"members": True, "show-inheritance": True}

exclude_patterns = ["_build", "api"]
templates_path: list[str] = []
# custom.css: long code lines scroll instead of being cut off (alabaster hides the overflow).
html_static_path = ["_static"]
html_css_files = ["custom.css"]
html_theme = "alabaster"
html_theme_options = {
    "description": "Dataflow programming on Amazon SWF",
    "fixed_sidebar": True,
}
pygments_style = "sphinx"
