"""The child process of ``igraph_process``: computes what its parent sends, one call at a
time, until its input closes.

Each call arrives on standard input as a pickled ``(function, args)`` (the function by
reference: a module-level function of this package); its answer leaves on standard
output as a pickled ``(True, value)``, or ``(False, what went wrong)``. Only the parent
that started the child writes to it.
"""

from __future__ import annotations

import pickle
import sys


def main() -> None:
    """Answer calls until the parent closes the pipe."""
    calls, answers = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # a stray print must not corrupt the answers
    while True:
        try:
            function, args = pickle.load(calls)  # noqa: S301 - from the parent only
        except EOFError:
            return
        try:
            answer = (True, function(*args))
        except Exception as error:  # reported to the parent, which raises it
            answer = (False, f"{type(error).__name__}: {error}")
        pickle.dump(answer, answers, pickle.HIGHEST_PROTOCOL)
        answers.flush()


if __name__ == "__main__":
    main()
