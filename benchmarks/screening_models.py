"""Candidate ranking models and retrain schedules on every labelled set, for picking the default.

Run: ``python -m benchmarks.screening_models --candidates A,B --seeds 1,2,3 [--sets S,..]``.

Each candidate is a model from ``litsearch.screening.ranking.MODELS`` and a retrain
schedule (decisions between two fits, given the records labelled so far), replayed by
``litsearch.screening.simulate.replay`` with the same priors and seeds as
``litsearch simulate`` and ASReview's runs (screening_asreview.py). Every run is appended
to benchmarks/.work/models.jsonl (so candidates can be added one at a time); the table
of every run so far is written to benchmarks/results/screening-models.md.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from litsearch.screening import ranking as rk
from litsearch.screening.labelled import load_labelled
from litsearch.screening.order import retrain_every
from litsearch.screening.ranking import CHAR_MODELS, build_features
from litsearch.screening.simulate import draw_priors, metrics, replay

from .screening_asreview import cached_run, is_cached
from .screening_simulate import DATA, SETS

HERE = Path(__file__).resolve().parent
LOG = HERE / ".work" / "models.jsonl"
RESULTS = HERE / "results" / "screening-models.md"

#: Retrain schedules: decisions between two fits, given the records labelled so far.
SCHEDULES = {
    "5%": lambda n: 1 if n < 40 else n // 20,  # the schedule before this session
    "1%": retrain_every,  # every decision below 100 labelled, then every 1 % more
    "each": lambda n: 1,  # ASReview's: a fit after every decision
    # after every decision while fewer than 300 are labelled, then every 1 % more
    "e300": lambda n: 1 if n < 300 else max(1, n // 100),
    "e500": lambda n: 1 if n < 500 else max(1, n // 100),
}


# Candidates tried against the default and not kept (their numbers are in
# results/screening-models.md). They live here, not in litsearch's MODELS, so that
# `--model` offers only the models a team should choose from; run() adds them to MODELS
# for the replay.
def _centroid(x: sp.csr_matrix, labelled: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Cosine similarity of every row to the mean of the included rows (Rocchio)."""
    inc = np.asarray(x[labelled[y == 1]].mean(axis=0)).ravel()
    norm = np.linalg.norm(inc)
    return x @ (inc / norm) if norm > 0 else np.zeros(x.shape[0])


def _svm_rocchio(features: rk.Features, labelled: np.ndarray, y: np.ndarray) -> rk.Fitted:
    """The word SVM's rank blended with the rank of the similarity to the includes'
    centroid, the centroid weighing 1/(1 + includes) (much while few includes are known)."""
    x = features.words
    clf = rk._svm(x[labelled], y, rk._balanced_weights(y, 9.8), 0.11)
    a = 1.0 / (1.0 + int(y.sum()))
    scores = (1 - a) * rk._rank01(rk._margin(clf, x)) + a * rk._rank01(
        _centroid(x, labelled, y))
    return rk.Fitted(scores, clf.coef_.ravel())


def _svm_cnb(features: rk.Features, labelled: np.ndarray, y: np.ndarray) -> rk.Fitted:
    """Mean rank of the word SVM and a complement naive Bayes on words."""
    from sklearn.naive_bayes import ComplementNB

    words = features.words
    w = rk._balanced_weights(y, 9.8)
    svm = rk._svm(words[labelled], y, w, 0.11)
    cnb = ComplementNB(alpha=1.0).fit(words[labelled], y, sample_weight=w)
    jll = cnb.predict_joint_log_proba(words) if hasattr(cnb, "predict_joint_log_proba") \
        else cnb.predict_log_proba(words)
    scores = (rk._rank01(rk._margin(svm, words)) + rk._rank01(jll[:, 1] - jll[:, 0])) / 2.0
    return rk.Fitted(scores, svm.coef_.ravel())


def _svm_lr_chars(features: rk.Features, labelled: np.ndarray, y: np.ndarray) -> rk.Fitted:
    """Mean rank of the word SVM and a logistic regression on words + characters."""
    words, full = features.words, rk._stack(features)
    w = rk._balanced_weights(y, 9.8)
    svm = rk._svm(words[labelled], y, w, 0.11)
    lr = rk._lr(full[labelled], y, w)
    scores = (rk._rank01(rk._margin(svm, words))
              + rk._rank01(rk._margin(lr, full))) / 2.0
    return rk.Fitted(scores, svm.coef_.ravel())


def _svm2(features: rk.Features, labelled: np.ndarray, y: np.ndarray) -> rk.Fitted:
    """Mean rank of the word SVM and a word + character SVM."""
    words, full = features.words, rk._stack(features)
    w = rk._balanced_weights(y, 9.8)
    a = rk._svm(words[labelled], y, w, 0.11)
    b = rk._svm(full[labelled], y, w, 0.11)
    scores = (rk._rank01(rk._margin(a, words)) + rk._rank01(rk._margin(b, full))) / 2
    return rk.Fitted(scores, a.coef_.ravel())


def _bag_coef(x: sp.csr_matrix, labelled: np.ndarray, y: np.ndarray, bags: int = 7
              ) -> tuple[np.ndarray, float]:
    """Bagging with aggressive undersampling (Wallace et al., "Active learning for
    biomedical citation screening", KDD 2010): ``bags`` linear SVMs, each on every
    include and as many excludes drawn without replacement (a different draw each), no
    class weights (each bag is balanced). A mean of linear models is one linear model:
    the mean weights and intercept, so scoring costs one product. The draws are seeded by
    the number of labels, so a ranking repeats."""
    pos, neg = labelled[y == 1], labelled[y == 0]
    rng = np.random.default_rng(len(y))
    m = min(len(pos), len(neg))
    coef = np.zeros(x.shape[1])
    icpt = 0.0
    for _ in range(bags):
        rows = np.concatenate([pos, rng.choice(neg, m, replace=False)])
        yy = np.concatenate([np.ones(len(pos), dtype=int), np.zeros(m, dtype=int)])
        clf = rk._svm(x[rows], yy, np.ones(len(rows)), 0.11)
        coef += clf.coef_.ravel()
        icpt += float(clf.intercept_[0])
    return coef / bags, icpt / bags


def _bagged(features: rk.Features, labelled: np.ndarray, y: np.ndarray) -> rk.Fitted:
    """The undersampled bag of word SVMs alone (Wallace et al. 2010)."""
    coef, icpt = _bag_coef(features.words, labelled, y)
    return rk.Fitted(rk._rank01(features.words @ coef + icpt), coef)


def _svm_bag(features: rk.Features, labelled: np.ndarray, y: np.ndarray) -> rk.Fitted:
    """Mean rank of the word SVM (all labels, balanced weights) and the undersampled bag."""
    x = features.words
    clf = rk._svm(x[labelled], y, rk._balanced_weights(y, 9.8), 0.11)
    coef, icpt = _bag_coef(x, labelled, y)
    scores = (rk._rank01(rk._margin(clf, x)) + rk._rank01(x @ coef + icpt)) / 2.0
    return rk.Fitted(scores, clf.coef_.ravel())


def rare_chars(texts: list[str]) -> rk.Features:
    """Word features plus only the rare character 4-5-grams within words (in at most 5 %
    of the records, and in 2 or more). Frequent character n-grams mostly repeat what the
    words already say and make up most of the character features' nonzeros (5x the
    words' on Kitchenham); the rare ones carry the parts of compounds and spelling
    variants (Dutch "zingevingsvragen" shares "zinge", "ingev" with "zingeving") at
    about the words' own count of nonzeros, so a fit costs about twice a word fit."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    base = rk.build_features(texts, chars=False)
    docs = [t if t.strip() else "_empty_" for t in texts]
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(4, 5), sublinear_tf=True,
                            min_df=2, max_df=0.05, dtype=np.float64).fit_transform(docs)
    return rk.Features(base.words, chars.tocsr(), base.vocabulary)


def title_chars(texts: list[str], titles: list[str]) -> rk.Features:
    """Word features of the whole text plus character 3-5-grams within the words of the
    title only (a title has a tenth of a record's words, so its character n-grams cost
    about what the words do, where the whole text's cost five times more)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    base = rk.build_features(texts, chars=False)
    docs = [t if t.strip() else "_empty_" for t in titles]
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True,
                            min_df=2, max_df=0.95, dtype=np.float64).fit_transform(docs)
    return rk.Features(base.words, chars.tocsr(), base.vocabulary)


def _svm_maxsim(features: rk.Features, labelled: np.ndarray, y: np.ndarray) -> rk.Fitted:
    """Mean rank of the word SVM and each record's highest cosine similarity to any one
    include (a nearest-neighbour view: an include unlike the includes' average but close
    to one of them, a sub-topic, ranks high; TF-IDF rows are unit length)."""
    x = features.words
    clf = rk._svm(x[labelled], y, rk._balanced_weights(y, 9.8), 0.11)
    sims = (x @ x[labelled[y == 1]].T).max(axis=1).toarray().ravel()
    scores = (rk._rank01(rk._margin(clf, x)) + rk._rank01(sims)) / 2.0
    return rk.Fitted(scores, clf.coef_.ravel())


def title_twice(texts: list[str], titles: list[str]) -> rk.Features:
    """Word features of the text with the title written twice (a title word counts as
    two occurrences: titles say what a paper is about in few words)."""
    return rk.build_features([f"{t} {x}" for t, x in zip(titles, texts, strict=True)],
                             chars=False)


def _titles(path: Path) -> list[str]:
    """The title column of a labelled CSV, in file order (the harness's candidates that
    read titles apart; load_labelled joins title, keywords and abstract)."""
    import csv

    with path.open(encoding="utf-8", newline="") as f:
        return [row.get("title") or "" for row in csv.DictReader(f)]


CANDIDATES = {"svm-rocchio": _svm_rocchio, "svm-cnb": _svm_cnb,
              "svm-lr-chars": _svm_lr_chars, "svm2": _svm2,
              "bagged": _bagged, "svm-bag": _svm_bag, "svm-rare-chars": rk._svm_chars,
              "svm-title-chars": rk._svm_chars, "svm-maxsim": _svm_maxsim,
              "svm-title2": rk._elas_u4}
CANDIDATE_CHARS = {"svm-lr-chars", "svm2"}
#: Candidates with features of their own (built once per set, like the others).
CANDIDATE_FEATURES = {"svm-rare-chars": lambda texts, path: rare_chars(texts),
                      "svm-title-chars": lambda texts, path: title_chars(texts, _titles(path)),
                      "svm-title2": lambda texts, path: title_twice(texts, _titles(path))}


def run(candidates: list[str], seeds: list[int], sets: list[tuple[str, str]]) -> None:
    LOG.parent.mkdir(parents=True, exist_ok=True)
    for name, fit in CANDIDATES.items():
        rk.MODELS.setdefault(name, fit)
    for name, label in sets:
        data = load_labelled(DATA / name, label)
        cache: dict[bool, object] = {}
        for cand in candidates:
            model, schedule = cand.split("@")
            chars: bool | str = model in CHAR_MODELS or model in CANDIDATE_CHARS
            if model in CANDIDATE_FEATURES:
                chars = model
            if chars not in cache:
                cache[chars] = (CANDIDATE_FEATURES[model](data.texts, DATA / name)
                                if isinstance(chars, str)
                                else build_features(data.texts, chars=chars))
            for seed in seeds:
                start, cpu0 = time.perf_counter(), time.process_time()
                priors = draw_priors(data.labels, seed)
                order = (replay(cache[chars], data.labels, priors, model, seed,
                                refit_on_include=True)
                         if schedule == "1%+inc" else
                         replay(cache[chars], data.labels, priors, model, seed,
                                SCHEDULES[schedule]))
                m = metrics(data.labels[order])
                row = {"set": Path(name).stem, "label": label, "candidate": cand,
                       "seed": seed, "wss95": m.wss95, "wss100": m.wss100,
                       "rrf10": m.rrf10, "seconds": time.perf_counter() - start,
                       "cpu": time.process_time() - cpu0,
                       "load": os.getloadavg()[0],
                       "at": datetime.now(UTC).strftime("%H:%M")}
                with LOG.open("a", encoding="utf-8") as f:
                    f.write(json.dumps(row) + "\n")
                print(row, flush=True)


def _asreview(stem: str, label: str, seed: int) -> float | None:
    """WSS@95 of ASReview's kept run for (set, label, seed), when a valid one is kept."""
    source = DATA / f"{stem}.csv"
    return (cached_run(Path(), source, label, seed)["wss95"]
            if is_cached(source, label, seed) else None)


def _cpu(runs: list[dict]) -> str:
    """Mean process CPU seconds of the replays (features apart); runs logged before it
    was measured have none."""
    cpu = [r["cpu"] for r in runs if r.get("cpu") is not None]
    return f"{statistics.mean(cpu):.1f}" if len(cpu) == len(runs) else "–"


def _kept_rows() -> dict[tuple[str, str, str], str]:
    """The candidate rows of the results file as it stands, by (set, label, candidate):
    runs logged on another checkout (the log is not committed) keep their row when this
    checkout's log has none for them."""
    if not RESULTS.is_file():
        return {}
    rows = {}
    for line in RESULTS.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 7 and "@" in cells[2]:
            rows[(cells[0], cells[1], cells[2])] = line
    return rows


def report() -> str:
    rows = [json.loads(line) for line in LOG.read_text().splitlines() if line.strip()]
    latest: dict[tuple, dict] = {}
    for r in rows:  # a re-run of the same (set, label, candidate, seed) replaces the last
        latest[(r["set"], r["label"], r["candidate"], r["seed"])] = r
    kept = _kept_rows()
    cands = sorted({k[2] for k in latest} | {k[2] for k in kept})
    pairs = [(Path(n).stem, lab) for n, lab in SETS]
    lines = ["# Ranking candidates: WSS@95 per set and seed", "",
             "`python -m benchmarks.screening_models` (in-process replays, same priors and "
             "seeds as `litsearch simulate` and the ASReview runs; the model `@` its retrain "
             "schedule: `5%` = a fit after every decision below 40 labelled records, then "
             "after every 5 % more; `1%` = after every decision below 100, then every 1 % "
             "more; `each` = after every decision, as ASReview; `e300` = after every "
             "decision below 300 labelled, then every 1 % more; `1%+inc` = `1%` and a "
             "refit right after every include found). WSS@95 in %, per seed "
             "(seed: value), the wall seconds of one replay (1-minute load average "
             "when it ended; 2 shared cores, so wall time says more about the load than "
             "about the model) and its process CPU seconds (features apart; `–` for runs "
             "logged before CPU was measured, whose rows were carried over from this file, "
             "their means now of the rounded per-seed values, so up to 0.1 off the "
             "first report's). "
             "CPU also grows with the load (shared caches): compare candidates run at "
             "similar loads. ASReview: its own `asreview simulate` runs kept so far "
             "(screening_asreview.py). Candidates that lost a pair to `elas-u4@1%` by "
             "the selection rule of docs/ranking.md were not always run on the remaining "
             "pairs. Candidates (the code is above `CANDIDATES`): `bagged` = 7 word SVMs, "
             "each on every include and as many excludes drawn at random (Wallace et al., "
             "KDD 2010), weights averaged; `svm-bag` = mean rank of the word SVM and "
             "`bagged`; `svm-lr` = litsearch's `--model svm-lr`; `svm-rare-chars` = one "
             "SVM on words + character 4-5-grams in at most 5 % of records; "
             "`svm-title-chars` = one SVM on words + character 3-5-grams of the title; "
             "`svm-bmi` = the word SVM trained also on 100 unlabelled records presumed "
             "excluded, drawn afresh per fit (Cormack & Grossman's BMI, 2015); "
             "`svm-maxsim` = mean rank of the word SVM and the highest cosine similarity "
             "to any one include; `svm-title2` = the word SVM on text with the title "
             "written twice; "
             "`svm-cnb`, `svm-rocchio` as their docstrings say.",
             "",
             "| set | label | candidate | WSS@95 per seed | mean | s/run (load) | CPU s/run |",
             "|---|---|---|---|---|---|---|"]
    for stem, label in pairs:
        for cand in cands:
            runs = sorted((r for k, r in latest.items() if k[:3] == (stem, label, cand)),
                          key=lambda r: r["seed"])
            if not runs:
                if (stem, label, cand) in kept:
                    lines.append(kept[(stem, label, cand)])
                continue
            per = ", ".join(f"{r['seed']}: {r['wss95'] * 100:.1f}" for r in runs)
            lines.append(f"| {stem} | {label} | {cand} | {per} | "
                         f"{statistics.mean(r['wss95'] for r in runs) * 100:.1f} | "
                         f"{statistics.mean(r['seconds'] for r in runs):.1f} "
                         f"({statistics.mean(r['load'] for r in runs):.1f}) | {_cpu(runs)} |")
        theirs = [(s, _asreview(stem, label, s)) for s in range(1, 6)]
        theirs = [(s, w) for s, w in theirs if w is not None]
        if theirs:
            per = ", ".join(f"{s}: {w * 100:.1f}" for s, w in theirs)
            lines.append(f"| {stem} | {label} | ASReview elas_u4 | {per} | "
                         f"{statistics.mean(w for _, w in theirs) * 100:.1f} | | |")
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--candidates", default="elas-u4@1%")
    parser.add_argument("--seeds", default="1")
    parser.add_argument("--sets", default="", help="comma-separated file stems")
    parser.add_argument("--labels", default="", help="comma-separated label columns")
    parser.add_argument("--report-only", action="store_true")
    args = parser.parse_args()
    if not args.report_only:
        if not DATA.is_dir():
            print(f"skipped: {DATA} is absent")
            return 0
        sets = [s for s in SETS if (not args.sets or Path(s[0]).stem in args.sets.split(","))
                and (not args.labels or s[1] in args.labels.split(","))]
        run(args.candidates.split(","), [int(s) for s in args.seeds.split(",")], sets)
    RESULTS.write_text(report(), encoding="utf-8")
    print(RESULTS.read_text())
    return 0


if __name__ == "__main__":
    sys.exit(main())
