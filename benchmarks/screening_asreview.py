"""ASReview's default model through its own ``asreview simulate``, for the side-by-side.

ASReview is not a dependency of litsearch: it lives in the benchmark's own venv,
``benchmarks/.asreview-venv`` (made by :func:`ensure_venv` with ``pip install
asreview==3.0.8``). Each run gets the same prior rows as litsearch's run for the same
seed (``--prior-idx``, drawn by ``litsearch.screening.simulate.draw_priors``) and
``--seed``; its labelling order is read from the project's ``results.db`` and scored by
litsearch's own metric code, so both sides are measured the same way.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from litsearch.screening.simulate import Metrics, draw_priors, metrics

HERE = Path(__file__).resolve().parent
VENV = HERE / ".asreview-venv"
WORK = HERE / ".work" / "asreview"
VERSION = "3.0.8"


def ensure_venv() -> Path:
    """Return the ``asreview`` executable, installing it into its own venv if missing."""
    exe = VENV / "bin" / "asreview"
    if not exe.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run([str(VENV / "bin" / "pip"), "install", "-q", f"asreview=={VERSION}"],
                       check=True)
    return exe


def plain_copy(texts_csv: Path, label: str, out: Path) -> np.ndarray:
    """Write title, abstract and the chosen label (as label_included) to ``out``.

    ASReview reads ``label_included`` before any other label column, and a
    ``record_id`` column as its ids; the copy keeps neither, so its row numbers are
    the ids and the label is the one asked for. Returns the labels.
    """
    csv.field_size_limit(1 << 30)
    with texts_csv.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    out.parent.mkdir(parents=True, exist_ok=True)
    buf = io.StringIO(newline="")
    w = csv.writer(buf)
    w.writerow(["title", "abstract", "label_included"])
    for r in rows:
        w.writerow([r.get("title", ""), r.get("abstract", ""), r[label]])
    text = buf.getvalue().encode("utf-8")
    if not out.exists() or out.read_bytes() != text:
        # Written aside and renamed: a run reading the copy never sees it half written.
        tmp = out.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(text)
        os.replace(tmp, out)
    return np.asarray([int(r[label]) for r in rows], dtype=np.int64)


def run_one(exe: Path, data: Path, labels: np.ndarray, seed: int) -> dict:
    """One ``asreview simulate`` run; returns its metrics and wall/CPU seconds."""
    priors = draw_priors(labels, seed)
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "sim.asreview"
        started = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
        load_before = os.getloadavg()[0]
        start = time.perf_counter()
        before = _children_cpu()
        subprocess.run([str(exe), "simulate", str(data), "-o", str(project),
                        "--prior-idx", *map(str, priors), "--seed", str(seed)],
                       check=True, capture_output=True, text=True)
        wall = time.perf_counter() - start
        cpu = _children_cpu() - before
        load_after = os.getloadavg()[0]
        order = _labelled_order(project)
    if order[: len(priors)] != priors and sorted(order[: len(priors)]) != sorted(priors):
        raise RuntimeError(f"asreview did not start from the priors {priors}: {order[:2]}")
    rest = [i for i in order if i not in set(priors)]
    seen = set(order)
    # ASReview stops once every include is found; the records it never showed are all
    # excludes, appended in any order (the metrics do not depend on their order).
    ordered = np.concatenate([labels[rest], np.zeros(len(labels) - len(seen), np.int64)])
    m: Metrics = metrics(ordered)
    m.seconds, m.seed, m.priors = wall, seed, priors
    out = m.__dict__.copy()
    out["cpu_seconds"] = cpu
    out["started"] = started
    out["load"] = [load_before, load_after]  # 1-minute load average before and after
    return out


def _children_cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _labelled_order(project: Path) -> list[int]:
    with zipfile.ZipFile(project) as z, tempfile.TemporaryDirectory() as tmp:
        name = next(n for n in z.namelist() if n.endswith("results.db"))
        z.extract(name, tmp)
        db = sqlite3.connect(Path(tmp) / name)
        rows = db.execute("SELECT record_id FROM results ORDER BY time, rowid").fetchall()
        db.close()
    return [int(r[0]) for r in rows]


def _key(source: Path, label: str, seed: int) -> tuple[Path, Path, np.ndarray, dict]:
    """The cache file of one run and what it is keyed by.

    The key holds everything the run depends on: the data (SHA-256 of the copy ASReview
    reads, which holds the chosen label), the label's name, the seed, the prior rows
    (drawn from the labels by the seed) and ASReview's version. A kept run whose key
    differs (other data, other priors, another version) is not reused.
    """
    data = WORK / f"{source.stem}.{label}.csv"
    labels = plain_copy(source, label, data)
    digest = hashlib.sha256(data.read_bytes()).hexdigest()
    priors = draw_priors(labels, seed)
    inputs = {"data_sha256": digest, "label": label, "seed": seed, "priors": priors,
              "asreview": VERSION}
    name = (f"{source.stem}.{label}.seed{seed}.asreview{VERSION}.{digest[:12]}."
            f"p{'-'.join(map(str, priors))}.json")
    return WORK / name, data, labels, inputs


def is_cached(source: Path, label: str, seed: int) -> bool:
    """Whether a valid run for (data, label, seed, priors, version) is kept already."""
    return _kept(_key(source, label, seed)) is not None


def _kept(key: tuple[Path, Path, np.ndarray, dict]) -> dict | None:
    path, _, _, inputs = key
    if not path.exists():
        return None
    kept = json.loads(path.read_text())
    return kept if kept.get("inputs") == inputs else None


def cached_run(exe: Path, source: Path, label: str, seed: int) -> dict:
    """Run once per key (see :func:`_key`) and keep the result in benchmarks/.work/asreview."""
    key = _key(source, label, seed)
    kept = _kept(key)
    if kept is not None:
        return kept
    path, data, labels, inputs = key
    result = run_one(exe, data, labels, seed)
    result["inputs"] = inputs
    path.write_text(json.dumps(result))
    return result


if __name__ == "__main__":
    # python -m benchmarks.screening_asreview SET.csv LABEL SEED...: fill the cache.
    exe = ensure_venv()
    src, lab = Path(sys.argv[1]), sys.argv[2]
    for s in sys.argv[3:]:
        r = cached_run(exe, src, lab, int(s))
        print(src.stem, lab, s, f"wss95={r['wss95']:.3f}", f"{r['seconds']:.0f}s wall",
              f"{r['cpu_seconds']:.0f}s CPU", f"load {r['load'][0]:.1f}->{r['load'][1]:.1f}",
              flush=True)
