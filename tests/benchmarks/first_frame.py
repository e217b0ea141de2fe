"""Our TUI or the bare app, run until the first frame is written and then ended at once:
what `valgrind --tool=callgrind` counts as the instructions to the first frame.

    python -m tests.benchmarks.first_frame ours PLAN...
    python -m tests.benchmarks.first_frame bare TITLE NODES
"""

import os
import sys

from textual.app import App

_display = App._display


def _display_then_exit(self, screen, renderable) -> None:
    _display(self, screen, renderable)
    os._exit(0)


if __name__ == "__main__":
    App._display = _display_then_exit
    if sys.argv[1] == "bare":
        from tests.benchmarks.bare_app import Bare

        Bare(sys.argv[2], int(sys.argv[3])).run()
    else:
        from tui.cli import main

        main(sys.argv[2:])
