"""A review workspace: ``review.toml``, ``queries/``, ``screening/``, ``outputs/`` and its database.

Commands find their review like git finds its repository: an explicit path,
else ``LITSEARCH_REVIEW``, else the nearest ancestor folder holding ``review.toml``.
"""

from __future__ import annotations

import json
import os
import sqlite3
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from .configcheck import known_keys, misspelt_keys, raiser, spelled, string, strings, table
from .dedup.settings import DedupSettings
from .errors import ConfigError, ProjectExistsError, ProjectNotFoundError
from .outfiles import write_text
from .pubmed_settings import review_email
from .screening.policy import policy_from_config
from .store import Store
from .store.failures import store_failure
from .store.pgurl import is_postgres_url, redact

CONFIG_NAME = "review.toml"
DB_NAME = "review.db"
#: A team review's PostgreSQL URL (wins over ``[store] url`` in review.toml).
DATABASE_URL_ENV = "LITSEARCH_DATABASE_URL"
ENV_VAR = "LITSEARCH_REVIEW"
#: The tables review.toml may hold; a misspelt one (``[screenig]``) would be ignored.
SECTIONS = ("review", "databases", "store", "pubmed", "dedup", "screening")
#: The keys litsearch reads in [review] and in a [[databases]] entry (others are notes).
REVIEW_KEYS = ("title", "question", "reviewers")
DATABASE_KEYS = ("name", "platform")

#: The databases a new review lists unless told otherwise: the zingeving report's set.
DEFAULT_DATABASES = (
    ("pubmed", "PubMed"), ("medline", "Ovid"), ("embase", "Ovid"), ("psycinfo", "Ovid"),
    ("cochrane", "Cochrane Library"), ("wos", "Web of Science"), ("scopus", "Scopus"),
    ("cinahl", "EBSCOhost"), ("google-scholar", "Google Scholar"),
)


def _template(name: str) -> str:
    return resources.files("litsearch.templates").joinpath(name).read_text(encoding="utf-8")


@dataclass
class Project:
    """An open review workspace.

    Attributes:
        root: The folder holding ``review.toml``.
        config: The parsed ``review.toml``.
    """

    root: Path
    config: dict[str, Any] = field(default_factory=dict)
    _store: Store | None = None
    #: ``$LITSEARCH_DATABASE_URL`` when the review was opened (it wins over review.toml).
    env_url: str | None = None

    @property
    def db_path(self) -> Path:
        """The review's SQLite database."""
        return self.root / DB_NAME

    @property
    def queries_dir(self) -> Path:
        """Where the strategy and rendered strings live."""
        return self.root / "queries"

    @property
    def screening_dir(self) -> Path:
        """Where the criteria live."""
        return self.root / "screening"

    @property
    def criteria_path(self) -> Path:
        """The screening criteria file."""
        return self.screening_dir / "criteria.toml"

    @property
    def outputs_dir(self) -> Path:
        """Where reports and exports are written."""
        return self.root / "outputs"

    @property
    def title(self) -> str:
        """The review's title."""
        return str(self.config.get("review", {}).get("title", ""))

    @property
    def reviewers(self) -> list[str]:
        """The reviewers named in ``review.toml``."""
        return list(self.config.get("review", {}).get("reviewers", []))

    @property
    def databases(self) -> list[dict[str, Any]]:
        """The databases named in ``review.toml`` (each with ``name`` and ``platform``)."""
        return list(self.config.get("databases", []))

    @property
    def database_url(self) -> str | None:
        """The PostgreSQL URL of a team review, or None for ``review.db``.

        ``$LITSEARCH_DATABASE_URL`` wins over ``[store] url`` in ``review.toml``.

        Raises:
            ConfigError: ``review.toml`` holds a password (it is shared) or a URL that
                is not PostgreSQL's.
        """
        url = self.env_url or self.config.get("store", {}).get("url")
        if not url:
            return None
        url = str(url)
        if not is_postgres_url(url):
            where = f"${DATABASE_URL_ENV}" if self.env_url else "[store] url"
            raise ConfigError(f"{where} {redact(url)!r} is not a PostgreSQL URL.",
                              'Write it as "postgresql://host/dbname", or remove it to keep '
                              "the review in review.db.")
        if not self.env_url and redact(url) != url:
            raise ConfigError(f"{self.root / CONFIG_NAME}: [store] url holds a password; "
                              "review.toml is shared, so it never may.",
                              "Remove it from the URL and put it in ~/.pgpass or $PGPASSWORD.")
        return url

    @property
    def store(self) -> Store:
        """The review database, opened (and migrated) on first use."""
        if self._store is None:
            self._store = Store(self.database_url or self.db_path)
            self._store.settings = self.config
        return self._store

    def close(self) -> None:
        """Close the database if it was opened."""
        if self._store is not None:
            self._store.close()
            self._store = None

    def __enter__(self) -> Project:
        return self

    def __exit__(self, exc_type: object, exc: BaseException | None, tb: object) -> None:
        # A team review's failures are the server's (its URL, without a password).
        where = self._store.path if self._store is not None \
            and self._store.engine == "postgresql" else self.db_path
        self.close()
        # A read outside a transaction (a report, an export) that finds the database
        # damaged, locked or gone: the same one-line error as a failed write.
        failure = store_failure(exc, where) \
            if isinstance(exc, sqlite3.DatabaseError) else None
        if failure is not None:
            raise failure from exc

    @classmethod
    def create(cls, root: str | Path, title: str = "", question: str = "",
               reviewers: list[str] | None = None,
               databases: list[tuple[str, str]] | None = None) -> Project:
        """Create a new review workspace in ``root`` and return it opened.

        Raises:
            ProjectExistsError: ``root`` already holds a review (nothing is overwritten).
        """
        root = Path(root).resolve()
        if (root / CONFIG_NAME).exists() or (root / DB_NAME).exists():
            raise ProjectExistsError(
                f"{root} already holds a review ({CONFIG_NAME} exists); nothing was changed.",
                "Use another folder, or work in this review with --review.")
        if root.exists() and not root.is_dir():
            raise ProjectExistsError(f"{root} is a file, not a folder.", "Choose a folder path.")
        reviewers = reviewers or [os.environ.get("USER") or "reviewer1"]
        dbs = databases or list(DEFAULT_DATABASES)
        db_text = "\n".join(
            f"[[databases]]\nname = {json.dumps(n)}\nplatform = {json.dumps(p)}\n" for n, p in dbs)
        text = _template("review.toml").format(
            title=json.dumps(title or root.name, ensure_ascii=False),
            question=json.dumps(question, ensure_ascii=False),
            reviewers=json.dumps(reviewers, ensure_ascii=False),
            databases=db_text,
        )
        for sub in ("queries", "screening", "outputs"):
            (root / sub).mkdir(parents=True, exist_ok=True)
        criteria = root / "screening" / "criteria.toml"
        if not criteria.exists():
            write_text(criteria, _template("criteria.toml"))
        strategy = root / "queries" / "strategy.toml"
        if not strategy.exists():  # a commented example to edit (docs/strategy.md)
            write_text(strategy, _template("strategy.toml"))
        write_text(root / CONFIG_NAME, text)
        project = cls.open(root)
        _ = project.store  # creates and migrates the database now, not on first use
        return project

    @classmethod
    def open(cls, path: str | Path | None = None, env: Mapping[str, str] | None = None,
             cwd: str | Path | None = None) -> Project:
        """Open the review at ``path``, ``$LITSEARCH_REVIEW``, or the nearest ancestor.

        Raises:
            ProjectNotFoundError: No review there, with how to create or name one.
            ConfigError: ``review.toml`` is not valid TOML.
        """
        env = os.environ if env is None else env
        if path is None and env.get(ENV_VAR):
            path, origin = env[ENV_VAR], f"${ENV_VAR}"
        else:
            origin = "--review"
        if path is not None:
            root = Path(path).expanduser().resolve()
            if root.is_file():
                raise ProjectNotFoundError(
                    f"no review at {root} (from {origin}): it is a file, not a review folder.",
                    f"Point {origin} at the folder that holds {CONFIG_NAME}.")
            if not (root / CONFIG_NAME).is_file():
                raise ProjectNotFoundError(
                    f"no review at {root} (from {origin}): {CONFIG_NAME} is missing.",
                    f"Create one with 'litsearch init {path}' or point {origin} at a review.")
        else:
            start = Path(cwd or Path.cwd()).resolve()
            root = next((d for d in (start, *start.parents) if (d / CONFIG_NAME).is_file()), None)
            if root is None:
                raise ProjectNotFoundError(
                    f"not inside a review: no {CONFIG_NAME} in {start} or any folder above it.",
                    "Create one with 'litsearch init DIR', or name one with --review DIR "
                    f"or {ENV_VAR}=DIR.")
        return cls(root=root, config=load_config(root / CONFIG_NAME),
                   env_url=env.get(DATABASE_URL_ENV) or None)


def load_config(path: Path) -> dict[str, Any]:
    """Parse ``review.toml``, turning syntax errors into a one-line ConfigError."""
    try:
        config = tomllib.loads(read_config_text(path).removeprefix(BOM))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: {exc}.", "Fix the TOML syntax at that line.") from exc
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror}.") from exc
    return check_config(config, path)


#: The byte-order mark some Windows editors put before a UTF-8 file.
BOM = "\ufeff"


def read_config_text(path: Path) -> str:
    """Return review.toml's text as written (line endings kept; a byte-order mark too).

    Raises:
        ConfigError: The file is not UTF-8 (saved in a Windows code page, say).
        OSError: It cannot be read.
    """
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise ConfigError(f"{path} is not UTF-8 (byte 0x{data[exc.start]:02x} on line "
                          f"{line}).", "Save it as UTF-8 in your editor, then run again."
                          ) from None


def check_config(config: dict[str, Any], path: Path) -> dict[str, Any]:
    """Check a parsed ``review.toml`` (from ``path``) and return it.

    Raises:
        ConfigError: A section, key or value litsearch does not take, in one line.
    """
    fail = raiser(str(path))
    known_keys(config, SECTIONS, path.name, fail)
    review = table(config.get("review", {}), "review", fail)
    misspelt_keys(review, REVIEW_KEYS, "[review]", fail)
    for key in ("title", "question"):
        if key in review:
            string(review[key], f"review.{key}", fail)
    if "reviewers" in review:
        strings(review["reviewers"], "review.reviewers", fail)
    store = table(config.get("store", {}), "store", fail)
    if "url" in store:
        string(store["url"], "store.url", fail, empty=False)
    policy_from_config(config, str(path))  # [screening] rules: an error now, not mid-work
    # [dedup] and [pubmed] too, whichever command opens the review (both are cheap to
    # load: the dedup engine and the E-utilities client are not imported for it).
    DedupSettings.from_config(config, str(path))
    review_email(config, str(path))
    databases = config.get("databases", [])
    if not isinstance(databases, list):
        fail("databases must be a list of [[databases]] tables",
             'Write each database as [[databases]] with name = "pubmed".')
    names: dict[str, int] = {}
    for i, db in enumerate(databases, start=1):
        if not isinstance(db, dict) or "name" not in db:
            fail(f"database entry {i} has no name", 'Write [[databases]] with name = "pubmed".')
        misspelt_keys(db, DATABASE_KEYS, f"databases entry {i}", fail)
        for key in DATABASE_KEYS:
            if key in db:
                string(db[key], f"databases entry {i}: {key}", fail, empty=False)
        first = names.setdefault(db["name"].strip().lower(), i)
        if first != i:  # `import --db` takes the first: the second's platform is never read
            fail(f"databases entry {i}: name = {spelled(db['name'])} is listed twice "
                 f"(entry {first} too)", "Give each database its own [[databases]] entry.")
    return config
