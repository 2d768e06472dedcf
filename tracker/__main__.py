"""``python -m tracker``: the ``tracker`` command, where its script is not on the PATH."""

from tracker.cli import app

if __name__ == "__main__":
    app(prog_name="tracker")
