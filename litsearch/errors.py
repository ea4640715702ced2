"""One error family with user-facing messages.

Every error a user can cause is a :class:`LitsearchError`. Its text is one line
that says what went wrong, where (file and line, record, flag) and how to fix it.
The CLI prints it to stderr and exits non-zero; the TUI shows it as a notice titled
with ``title``.
"""

from __future__ import annotations


class LitsearchError(Exception):
    """An error caused by the user's input or environment, with a fix.

    Args:
        message: What went wrong and where.
        hint: How to fix it (appended to the message when printed).
        title: A short heading for modals.
    """

    exit_code = 2

    def __init__(self, message: str, hint: str = "", title: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.title = title or type(self).__name__

    def __str__(self) -> str:
        return f"{self.message} {self.hint}".strip() if self.hint else self.message


class ConfigError(LitsearchError):
    """A configuration file (review.toml, criteria.toml, strategy.toml) is wrong."""


class ProjectNotFoundError(LitsearchError, FileNotFoundError):
    """No review workspace where one was expected."""


class ProjectExistsError(LitsearchError, FileExistsError):
    """A review workspace already exists where one would be created."""


class StoreError(LitsearchError):
    """The review database cannot be opened, migrated or written."""


class ConnectionLostError(StoreError):
    """The review database server went away (a restart, a network drop)."""


class ImportFormatError(LitsearchError):
    """An export file cannot be recognised or read."""


class QueryError(LitsearchError):
    """A search string or strategy cannot be parsed or rendered."""


class PubMedError(LitsearchError):
    """NCBI E-utilities refused a request or returned something unusable."""


class DedupError(LitsearchError):
    """A deduplication request is invalid (unknown cluster, bad decision)."""


class ScreeningError(LitsearchError):
    """A screening decision or criteria file is invalid."""


class UnknownReviewerError(ScreeningError):
    """A reviewer's name that review.toml's ``[review] reviewers`` does not list."""


class ReportError(LitsearchError):
    """A report cannot be produced from the review's records."""


class OutputError(LitsearchError):
    """An output file cannot be written (disk full, read-only folder, no permission)."""
