"""The order records are shown in: relevance (learned), file, random or year.

:class:`RelevanceModel` holds one stage's texts and features and turns one reviewer's
own decisions into a :class:`Ranking`. It touches no database; the app runs it in a
process of its own (:mod:`.rank_worker`) while the reviewer keeps screening from the
last ranking. Before the
reviewer has both an include and an exclude it ranks by similarity to the review's own
terms (strategy terms, highlight terms, criteria text): the cold start.
"""

from __future__ import annotations

import bisect
import json
import random
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import ScreeningError
from ..store import Store
from ..store.pgurl import is_postgres_url
from .criteria import Criteria

if TYPE_CHECKING:  # scikit-learn is imported only when a ranking is computed
    from .ranking import Features

ORDERS = ("relevance", "file", "random", "year")
#: Character n-grams are left out above this many records (memory and build time).
CHAR_LIMIT = 50_000


def retrain_every(labelled: int) -> int:
    """Decisions between two retrains in a simulation: every one while fewer than 100
    records are labelled, then one per 1 % more labels (10 at 1,000 labelled).

    ASReview refits after every decision; a refit after every 5 % more labels (this
    schedule before) cost about a point of WSS@95 on every labelled set against it
    (benchmarks/results/screening-models.md), 1 % keeps the point at a fifth of the fits.
    The app needs no schedule: it refits after every decision, one fit at a time, and
    decisions made during a fit are taken up by the next (so at 100,000 records, where
    a fit takes seconds, it refits every few decisions).
    """
    return 1 if labelled < 100 else labelled // 100


def check_order(order: str) -> str:
    """Return ``order`` if known.

    Raises:
        ScreeningError: Another word.
    """
    if order not in ORDERS:
        raise ScreeningError(f"unknown screening order {order!r}.",
                             f"Use --order {' or --order '.join(ORDERS)}.")
    return order


@dataclass(frozen=True)
class Ranking:
    """Units best first, their scores (0..1) and what made the order."""

    order: list[int]
    scores: dict[int, float]
    version: str
    fitted: Any = None  # ranking.Fitted
    rows: dict[int, int] = field(default_factory=dict)
    #: The queue's ids and positions in this order, when computed ahead (ScreeningQueue.plan).
    planned: Any = None


def review_terms(root: Path | None, criteria: Criteria) -> list[str]:
    """The review's own words for a cold start: strategy terms and headings, highlight
    include terms, reason descriptions are not used (they describe exclusions)."""
    terms: list[str] = list(criteria.highlight_include)
    if root is not None:
        path = root / "queries" / "strategy.toml"
        if path.exists():
            from ..query.strategy import load_strategy

            try:
                strategy = load_strategy(path)
            except Exception:  # noqa: BLE001 - a broken strategy only loses the cold start
                strategy = None
            if strategy is not None:
                for block in strategy.blocks.values():
                    terms += [t.text for t in block.terms]
                    terms += [h.name for hs in block.headings.values() for h in hs]
                    terms.append(block.label)
    # A trailing * stays: the cold start expands it to the words of the records.
    return [re.sub(r"[?$\"]", " ", t).strip() for t in terms if t and t.strip()]


def load_texts(db_path: str, units: Sequence[int]) -> list[str]:
    """Read the units' title, keywords and abstract on a connection of this thread."""
    import sqlite3


    if is_postgres_url(db_path):  # a team review: a connection of this thread's own
        with Store(db_path, migrate=False) as store:
            rows = store.execute("SELECT id, title, abstract, keywords FROM records")
            return _texts({r[0]: (r[1], r[2], r[3]) for r in rows}, units)
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) if db_path != ":memory:" \
        else None
    if conn is None:
        raise ScreeningError("an in-memory review cannot be ranked in the background.",
                             "Open the review from its folder.")
    try:
        found = {}
        for rid, title, abstract, keywords in conn.execute(
                "SELECT id, title, abstract, keywords FROM records"):
            found[rid] = (title, abstract, keywords)
    finally:
        conn.close()
    return _texts(found, units)


def has_text(store: Store, units: Sequence[int]) -> bool:
    """Tell whether any of ``units`` has a title, abstract or keywords to rank by."""
    wanted = set(units)
    rows = store.execute("SELECT id FROM records WHERE TRIM(COALESCE(title, '')) <> '' OR "
                         "TRIM(COALESCE(abstract, '')) <> '' OR "
                         "COALESCE(keywords, '[]') NOT IN ('', '[]')")
    return any(row[0] in wanted for row in rows)


def _texts(found: dict[int, tuple], units: Sequence[int]) -> list[str]:
    from .ranking import record_text

    out = []
    for unit in units:
        title, abstract, keywords = found.get(unit, (None, None, None))
        out.append(record_text(title, abstract, "; ".join(json.loads(keywords or "[]"))))
    return out


class RelevanceModel:
    """Rank one stage's units for one reviewer from that reviewer's decisions only.

    Args:
        units: The stage's units (file order).
        texts: Their texts, same order.
        terms: The review's own terms for the cold start.
        model: A name from :data:`~litsearch.screening.ranking.MODELS`.
    """

    def __init__(self, units: Sequence[int], texts: Sequence[str], terms: Sequence[str],
                 model: str | None = None) -> None:
        from .ranking import CHAR_MODELS, DEFAULT_MODEL, MODELS, build_features

        model = model or DEFAULT_MODEL
        if model not in MODELS:
            raise ScreeningError(f"unknown ranking model {model!r}.",
                                 f"Choose one of: {', '.join(MODELS)}.")
        self.units = list(units)
        self.row = {u: i for i, u in enumerate(self.units)}
        self.model = model
        chars = model in CHAR_MODELS and len(self.units) <= CHAR_LIMIT
        self.features: Features = build_features(list(texts), chars=chars)
        # The cold start's scores are a second TF-IDF over every text (about as long as
        # the features at 100,000 records): computed only when a ranking needs them,
        # which a reviewer with an include and an exclude already never does.
        self._cold_input: tuple[list[str], list[str]] | None = (list(texts), list(terms))
        self._cold: np.ndarray | None = None
        self.lock = threading.Lock()  # one fit at a time

    @property
    def cold(self) -> np.ndarray | None:
        """The cold start's scores (None: no review term in any record)."""
        if self._cold_input is not None:
            self._cold = self._cold_scores(*self._cold_input)
            self._cold_input = None
        return self._cold

    @staticmethod
    def _cold_scores(texts: list[str], terms: list[str]) -> np.ndarray | None:
        query = " ".join(terms).strip()
        if not query:
            return None
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.metrics.pairwise import linear_kernel

        vec = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)
        try:
            docs = vec.fit_transform(texts)
        except ValueError:  # not one word in any record (no title or abstract): file order
            return None
        words = sorted(w for w in vec.vocabulary_ if " " not in w)
        plain, stems = [], []
        for token in query.split():
            (stems if "*" in token else plain).append(token)
        # A truncated term (gambl*) matches every word of the records that starts with
        # it: the tokenizer alone would look for the word "gambl" and find none.
        for stem in (t.split("*")[0].lower() for t in stems):
            start = bisect.bisect_left(words, stem)
            while len(stem) > 1 and start < len(words) and words[start].startswith(stem):
                plain.append(words[start])
                start += 1
        scores = linear_kernel(vec.transform([" ".join(plain)]), docs).ravel()
        return scores if scores.any() else None  # no term in any record: file order

    def rank(self, labels: dict[int, int]) -> Ranking:
        """Rank every unit given ``{unit: 1 include / 0 exclude}`` (one reviewer's)."""
        from .ranking import fit_and_score, model_version

        with self.lock:
            known = [(self.row[u], y) for u, y in labels.items() if u in self.row]
            ys = {y for _, y in known}
            if ys == {0, 1}:
                idx = np.asarray([r for r, _ in known])
                fitted = fit_and_score(self.model, self.features, idx,
                                       np.asarray([y for _, y in known]))
                scores, version = fitted.scores, model_version(self.model)
            elif self.cold is not None:
                fitted, scores, version = None, self.cold, "cold-start/terms"
            else:
                fitted, scores, version = None, np.zeros(len(self.units)), "file"
        # A stable sort keeps file order among equal scores.
        best = np.argsort(-scores, kind="stable")
        order = [self.units[i] for i in best]
        top = float(scores.max()) if len(scores) and scores.max() > 0 else 1.0
        return Ranking(order, {self.units[i]: float(scores[i]) / top for i in best}, version,
                       fitted, self.row)

    def terms_for(self, ranking: Ranking, unit: int, n: int = 5) -> list[str]:
        """The words that drove a unit's score in ``ranking`` (none in a cold start)."""
        if ranking.fitted is None or unit not in self.row:
            return []
        from .ranking import top_terms

        return top_terms(self.features, ranking.fitted, self.row[unit], n)


def static_order(store: Store, units: list[int], order: str, seed: int) -> list[int]:
    """File, random (by ``seed``) or year (newest first, undated last) order."""
    if order == "random":
        shuffled = list(units)
        random.Random(seed).shuffle(shuffled)
        return shuffled
    if order == "year":
        years = dict(store.execute("SELECT id, year FROM records").fetchall())
        return sorted(units, key=lambda u: -(years.get(u) or -10_000))
    return list(units)
