"""Notes on text standing outside a RIS file's records (before, between, after them).

None of it is read as records; vendors' own text (:data:`.ris_dialects.OUTSIDE_TEXT`)
never reaches these notes. Anything else is named with its lines, so a pasted CSV row,
a stray paragraph or a second export is found in the file rather than lost unsaid.
"""

from __future__ import annotations

from ..wording import plural

#: Runs of line numbers a note names before "and n more".
RUNS_SHOWN = 5
#: Where text outside records stood, in file order, as the notes word it.
PLACES = ("before the first record", "between records", "after the last record")


def _lines(found: list[tuple[int, str]]) -> str:
    """Name the line numbers of ``found`` as runs ("line 4", "lines 12-14, 40 and 2 more")."""
    runs: list[list[int]] = []
    for number, _ in found:
        if runs and number == runs[-1][1] + 1:
            runs[-1][1] = number
        else:
            runs.append([number, number])
    shown = [f"{a}" if a == b else f"{a}-{b}" for a, b in runs[:RUNS_SHOWN]]
    more = f" and {len(runs) - RUNS_SHOWN} more" if len(runs) > RUNS_SHOWN else ""
    word = "line" if len(runs) == 1 and runs[0][0] == runs[0][1] else "lines"
    return f"{word} {', '.join(shown)}{more}"


def outside_notes(name: str, before: list[tuple[int, str]], between: list[tuple[int, str]],
                  after: list[tuple[int, str]]) -> list[str]:
    """Return one note per place text outside records stood (none for vendor text).

    Each names the lines, how many and how the text starts, so a pasted row or a second
    export is found in the file; nothing of it is read as records.
    """
    notes = []
    for found, where in zip((before, between, after), PLACES, strict=True):
        if found:
            notes.append(
                f"{name}, {_lines(found)}: {plural(len(found), 'line')} of text {where}, "
                f"starting {found[0][1].strip()[:40]!r}, not read as records; if they are "
                "another export pasted in, import that part as a file of its own.")
    return notes
