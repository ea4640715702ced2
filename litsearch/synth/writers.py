"""Write a synthetic corpus the way each database exports it, one file per database."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from ..errors import ConfigError
from ..models import Record
from .output import Target
from .tables import FILE_NAMES
from .writers_csv import write_scopus_csv
from .writers_medline import write_medline
from .writers_ris import write_embase_ris, write_ovid_ris
from .writers_wos import write_wos

Writer = Callable[[Iterable[Record], Target], int]

#: The writer that produces each database's export format.
WRITERS: dict[str, Writer] = {
    "pubmed": write_medline,
    "embase": write_embase_ris,
    "psycinfo": write_ovid_ris,
    "scopus": write_scopus_csv,
    "wos": write_wos,
}


def write_exports(corpus: Mapping[str, Iterable[Record]], folder: str | Path) -> dict[str, Path]:
    """Write one export file per database into ``folder`` (created if missing).

    Args:
        corpus: Records per database, as :func:`litsearch.synth.generate_corpus` returns.
        folder: Where to write ``pubmed.nbib``, ``embase.ris``, ``psycinfo.ris``,
            ``scopus.csv`` and ``wos.txt`` (only those in ``corpus``).

    Returns:
        The path written for each database.

    Raises:
        ConfigError: ``corpus`` names a database without a writer.
    """
    unknown = [name for name in corpus if name not in WRITERS]
    if unknown:
        raise ConfigError(f"No export writer for database {unknown[0]!r}.",
                          hint=f"Choose from {', '.join(WRITERS)}.")
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name, records in corpus.items():
        path = out / FILE_NAMES[name]
        WRITERS[name](records, path)
        paths[name] = path
    return paths


__all__ = ["WRITERS", "write_embase_ris", "write_exports", "write_medline", "write_ovid_ris",
           "write_scopus_csv", "write_wos"]
