"""``python -m simpleflow``: the ``simpleflow`` command line."""

from __future__ import annotations

from simpleflow.command import main

if __name__ == "__main__":
    main()
