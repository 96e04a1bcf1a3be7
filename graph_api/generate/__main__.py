"""``python -m graph_api.generate``: print or write the sample seed file."""

from __future__ import annotations

from graph_api.generate.command import main

if __name__ == "__main__":
    main()
