"""The exceptions a user may see.

Every error the user can cause (bad input, a wrong database URL, an unknown issue) is a
:class:`TrackerError` whose message says what went wrong, where (file and line, value, issue
and week) and what to do about it.  The CLI prints it as one line on stderr and exits with
code 1; any other exception is a bug and keeps its traceback.
"""

from __future__ import annotations


class TrackerError(Exception):
    """Base class of every error meant for the user."""

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        self.message = message
        self.hint = hint
        super().__init__(message if not hint else f"{message} {hint}")

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message} — {self.hint}"


class ConfigError(TrackerError):
    """A setting or configuration file is wrong."""


class DatabaseError(TrackerError):
    """The database cannot be reached, opened or migrated."""


class InputError(TrackerError):
    """An input file or value is malformed.

    ``path`` and ``line`` (1-based) locate the problem where there is a file.
    """

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        hint: str | None = None,
    ) -> None:
        self.path = path
        self.line = line
        where = ""
        if path is not None:
            where = f"{path}:{line}: " if line is not None else f"{path}: "
        super().__init__(where + message, hint=hint)


class ParseError(InputError):
    """A page or table cannot be read as commentaries."""


class UnknownStatusError(InputError):
    """A verdict line that the status vocabulary does not know."""


class WeekError(InputError):
    """A week range or date that is malformed or impossible."""


class NotFoundError(TrackerError):
    """An issue, assessment or other named thing does not exist."""


class AmbiguousError(TrackerError):
    """A name matches more than one thing."""


class ConflictError(TrackerError):
    """A change that would break the register (duplicate alias, merge into itself, …)."""


def driver_reason(exc: BaseException) -> str:
    """The first line of what the database driver said, for a one-line message."""
    original = getattr(exc, "orig", None) or exc
    text = str(original).strip()
    return text.splitlines()[0] if text else type(original).__name__
