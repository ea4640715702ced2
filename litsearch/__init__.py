"""litsearch: a systematic literature review from its search strings to its PRISMA 2020 flow.

The library is organised by pipeline stage (``store``, ``importers``, ``query``,
``search``, ``dedup``, ``screening``, ``report``); the command line and the
terminal apps (``cli``, ``tui``) sit at the edge and only call into it.
"""

from .errors import LitsearchError
from .models import Author, Record
from .project import Project
from .store import Store

__version__ = "0.1.0"

__all__ = ["Author", "LitsearchError", "Project", "Record", "Store", "__version__"]
