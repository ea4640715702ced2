"""Every file litsearch writes: whole or not at all, and spreadsheet cells that cannot run.

Two rules live here and nowhere else:

* **Replace, never overwrite in place.** An output is written to a temporary file in
  the same folder and renamed over the old one (:func:`replacing`, :func:`write_text`):
  a kill, a full disk or an error half-way leaves the previous file as it was, never a
  truncated one that nothing flags.
* **No formulas in CSV cells.** Titles, notes and reasons come from third-party exports
  and reviewers; a cell starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return
  is a formula (or the start of one) to Excel and LibreOffice. As OWASP's "CSV
  Injection" page recommends, such a cell is written with a single quote in front
  (:func:`neutralise`); the spreadsheet shows the text, the quote hidden. ``raw=True``
  writes cells unchanged, for files a program reads. ``litsearch import`` removes the
  quote again (:func:`unneutralise`) in a CSV litsearch wrote (:func:`is_own_csv`), so
  an exported CSV round-trips.

Every CSV writer in the package is :func:`csv_writer` or :func:`dict_writer`.
"""

from __future__ import annotations

import csv
import errno
import glob
import os
import secrets
import socket
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

from .errors import OutputError

#: First characters that make a spreadsheet read a cell as a formula (OWASP).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
#: What :func:`neutralise` puts in front of such a cell.
NEUTRAL_PREFIX = "'"


def neutralise(value: Any) -> Any:
    """Return ``value`` with a quote in front if a spreadsheet would run it as a formula.

    Only text is changed: numbers (a negative score, a year) are written as numbers.
    Text that already starts with quotes before a trigger ("'=x") gets one more, so
    :func:`unneutralise` gives back exactly what was written.
    """
    if isinstance(value, str) and value.lstrip(NEUTRAL_PREFIX)[:1] in FORMULA_TRIGGERS \
            and value.lstrip(NEUTRAL_PREFIX):
        return NEUTRAL_PREFIX + value
    return value


def unneutralise(text: str) -> str:
    """Undo :func:`neutralise`: drop the quote it put before a formula trigger.

    Only the cells litsearch's neutralisation produces lose their quote; a quote before
    anything else ("'t Hooft") is text and stays.
    """
    rest = text.lstrip(NEUTRAL_PREFIX)
    if text[:1] == NEUTRAL_PREFIX and rest and rest[0] in FORMULA_TRIGGERS:
        return text[1:]
    return text


#: The column every CSV of records or decisions litsearch writes starts with: a file that
#: has it is one of litsearch's own, so a quote before a formula trigger is neutralise's.
OWN_COLUMN = "litsearch_record_id"


def is_own_csv(header: Iterable[Any]) -> bool:
    """Whether a CSV with this header was written by litsearch (see :data:`OWN_COLUMN`).

    Only such a file gets :func:`unneutralise` on import: in another tool's export a
    title like "'-omics' approaches" starts with a quote of its own.
    """
    return any(str(h).strip().lstrip("\ufeff").lower() == OWN_COLUMN for h in header)


class _RowWriter:
    """``csv.writer`` that neutralises every cell unless ``raw``.

    A row holding a line break is written with every cell quoted: Python 3.11's
    QUOTE_MINIMAL with ``lineterminator="\\n"`` leaves a carriage return unquoted, and
    a reader (or Excel) then splits the row there.
    """

    def __init__(self, handle: TextIO, raw: bool, **fmtparams: Any) -> None:
        self._writer = csv.writer(handle, **fmtparams)
        minimal = fmtparams.get("quoting", csv.QUOTE_MINIMAL) == csv.QUOTE_MINIMAL
        self._quoted = csv.writer(handle, **{**fmtparams, "quoting": csv.QUOTE_ALL}) \
            if minimal else self._writer
        self._raw = raw

    def writerow(self, row: Iterable[Any]) -> Any:
        cells = list(row) if self._raw else [neutralise(v) for v in row]
        broken = any(isinstance(c, str) and ("\r" in c or "\n" in c) for c in cells)
        return (self._quoted if broken else self._writer).writerow(cells)

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


class _DictWriter(csv.DictWriter):
    """``csv.DictWriter`` whose rows go through :class:`_RowWriter` (header as given)."""

    def __init__(self, handle: TextIO, fieldnames: Sequence[str], raw: bool,
                 **fmtparams: Any) -> None:
        super().__init__(handle, fieldnames=fieldnames, **fmtparams)
        self._rows = _RowWriter(handle, raw, **fmtparams)

    def writerow(self, rowdict: Mapping[str, Any]) -> Any:
        return self._rows.writerow(self._dict_to_list(rowdict))

    def writerows(self, rowdicts: Iterable[Mapping[str, Any]]) -> None:
        for row in rowdicts:
            self.writerow(row)


def csv_writer(handle: TextIO, raw: bool = False, **fmtparams: Any) -> _RowWriter:
    """Return a CSV row writer over ``handle`` (cells neutralised unless ``raw``)."""
    return _RowWriter(handle, raw, **fmtparams)


def dict_writer(handle: TextIO, fieldnames: Sequence[str], raw: bool = False,
                **fmtparams: Any) -> _DictWriter:
    """Return a CSV dict writer over ``handle`` (cells neutralised unless ``raw``)."""
    return _DictWriter(handle, fieldnames, raw, **fmtparams)


#: errno -> the advice for an output that cannot be written.
_WRITE_ADVICE = {
    errno.ENOSPC: "Free some disk space and run the command again.",
    getattr(errno, "EDQUOT", -1): "Free some space within your disk quota and run "
                                "the command again.",
    errno.EROFS: "The disk is mounted read-only; write the file to another folder.",
    errno.EACCES: "Choose a folder you may write to, or change its permissions.",
    errno.EPERM: "Choose a folder you may write to, or change its permissions.",
}


def _error(path: Path, exc: OSError) -> OutputError:
    reason = exc.strerror or type(exc).__name__
    advice = _WRITE_ADVICE.get(exc.errno or 0,
                               "Choose a writable path, or create the folder first.")
    return OutputError(f"cannot write the file {path} ({reason}); an earlier version of it "
                       "is unchanged.", advice)


def _target(path: str | Path) -> Path:
    path = Path(path)
    # Replace the file a link points to, not the link: the user's link keeps working.
    return path.resolve() if path.is_symlink() else path


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, owned by someone else
        return True
    return True


def _clear_stale_parts(target: Path) -> None:
    """Remove temporary files a killed writer of ``target`` left on this host.

    A temporary file is named ``.NAME.HOST-PID-HEX.part``; one whose process is gone
    (SIGKILL, power loss) is never renamed, so it is removed here. Files of a live
    process, or written from another host (a shared folder), are left alone.
    """
    host = socket.gethostname()
    for part in target.parent.glob(f".{glob.escape(target.name)}.*.part"):
        owner = part.name[len(target.name) + 2:-len(".part")]  # HOST-PID-HEX
        part_host, _, pid = owner.rpartition("-")[0].rpartition("-")
        if part_host == host and pid.isdigit() and not _alive(int(pid)):
            part.unlink(missing_ok=True)


@contextmanager
def replacing(path: str | Path, newline: str | None = None,
              encoding: str = "utf-8") -> Iterator[TextIO]:
    """Open a temporary file beside ``path`` for writing; rename it over ``path`` on success.

    On any exception (including Ctrl-C) the temporary file is removed and ``path`` is
    left as it was. The folder is created if missing.

    Raises:
        OutputError: The folder or file cannot be written (disk full, read-only, denied).
    """
    target = _target(path)
    tmp = target.with_name(f".{target.name}.{socket.gethostname()}-{os.getpid()}-"
                           f"{secrets.token_hex(4)}.part")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        _clear_stale_parts(target)
        # os.open with 0o666 lets the umask decide the mode, like a plain open() would
        # (tempfile.mkstemp would make every output private to its owner).
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except OSError as exc:
        raise _error(target, exc) from exc
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline=newline) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise _error(target, exc) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_text(path: str | Path, text: str, newline: str | None = None) -> Path:
    """Write ``text`` to ``path`` through :func:`replacing` and return the path."""
    with replacing(path, newline=newline) as handle:
        handle.write(text)
    return Path(path)


@contextmanager
def opened(out: str | Path | TextIO, newline: str | None = None) -> Iterator[TextIO]:
    """Yield a stream for ``out``: a path is written through :func:`replacing`."""
    if isinstance(out, (str, Path)):
        with replacing(out, newline=newline) as handle:
            yield handle
    else:
        yield out
