"""Deduplication accuracy on every labelled set in shared/data/dedup.

Run: ``python -m benchmarks.dedup_accuracy [--synthetic N] [--hold-out NAME ...]``.

Beside every labelled set it scores a synthetic corpus with the real-world field
corruptions on (:func:`litsearch.synth.generate_corpus` with ``messy=True``:
truncated volumes, supplement notations, conference suffixes, DOI URLs, ``NA``
cells, run-together authors, abstracts given at two meetings).

Metrics (ASySD / bib-dedupe record-level convention):

- positives: every member of a gold group except its first (records to remove);
  a positive is *correctly removed* when its predicted cluster also holds another
  member of its gold group. Sensitivity = correctly removed / positives.
- negatives: one per gold group (the unique works). A predicted cluster that
  mixes k gold groups wrongly removes k - 1 works (false merges).
  Specificity = (works - false merges) / works.
- Review pairs are left unmerged (as before a reviewer sees them); the column
  "sens. after review" assumes a reviewer answers each queued pair correctly.
- Pairwise precision / recall: record pairs put in one cluster that share a
  gold group / all record pairs sharing a gold group.
- IEBH sets (read with litsearch's EndNote XML importer) have per-record
  ``Duplicate`` captions only: a flagged record counts as found when it lands in
  a cluster of two or more; an unflagged one as kept when it stays alone.
"""

from __future__ import annotations

import argparse
import csv
import time
from collections import Counter, defaultdict
from pathlib import Path

from litsearch import normalise as norm
from litsearch.dedup.normalise import prepare
from litsearch.dedup.pipeline import clusters_from_pairs, find_pairs
from litsearch.dedup.settings import DedupSettings
from litsearch.models import Record

from .dedup_gold_disputes import DISPUTED

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "dedup"

#: Published sensitivity / specificity per set (dedup.md sections 3.1-3.3, colrev.md 2.3).
PUBLISHED = {
    "rathbone_cytology_screening": "bib-dedupe sens 0.992, 0 FP (in-sample); "
                                   "DedupEndNote 95.8/100 (member-level)",
    "rathbone_haematology": "bib-dedupe sens 0.889, 0 FP (in-sample); "
                            "DedupEndNote 95.2/99.8 (member-level)",
    "rathbone_respiratory": "bib-dedupe sens 0.936, 0 FP (in-sample); "
                            "DedupEndNote 95.8/99.7 (member-level)",
    "rathbone_stroke": "bib-dedupe sens 0.994, 0 FP (in-sample); "
                       "DedupEndNote 97.4/100 (member-level)",
    "wagner2021_digital_work": "bib-dedupe sens 0.997, 0 FP (in-sample)",
    "bibdedupe_special_cases": "bib-dedupe recall 0.33 (pairwise)",
    "mckeown2021_asysd_false_negatives": "ASySD (2022) 0 by construction (all missed by it)",
    "iebh_tafenoquine": "none published",
    "iebh_copper": "none published",
}


def _authors(value: str) -> list:
    parts = [p.strip() for p in value.replace("\n", " and ").split(" and ")]
    return norm.authors([p for p in parts if p])


def record_from_row(row: dict[str, str], database: str) -> Record:
    """Map a labelled CSV row (bib-dedupe / ASySD columns) to a Record."""
    start, end = norm.pages((row.get("pages") or "").replace("--", "-"))
    entry = (row.get("ENTRYTYPE") or "").lower()
    extra = {"booktitle": row["booktitle"]} if row.get("booktitle") else {}
    return Record(
        title=norm.text(row.get("title")), abstract=norm.text(row.get("abstract")),
        authors=_authors(row.get("author") or ""), year=norm.year(row.get("year")),
        journal=norm.text(row.get("journal")) or norm.text(row.get("booktitle")),
        volume=norm.text(row.get("volume")), issue=norm.text(row.get("number") or row.get("issue")),
        start_page=start, end_page=end, doi=norm.doi(row.get("doi")),
        isbn=norm.text(row.get("isbn")),
        publication_types=["conference paper"] if entry in ("inproceedings", "proceedings")
        else [], database=database, extra=extra)


def load_csv(path: Path) -> tuple[list[Record], list[str]]:
    """Return records and their gold group labels."""
    with path.open(encoding="utf-8", newline="") as handle:
        # ASySD exports write missing values as the literal "NA".
        rows = [{k: ("" if v == "NA" else v) for k, v in row.items()}
                for row in csv.DictReader(handle)]
    group = "dup_group" if "dup_group" in rows[0] else "Dup_Group"
    return [record_from_row(r, path.stem) for r in rows], [r[group] for r in rows]


def load_endnote(path: Path) -> tuple[list[Record], list[bool]]:
    """Return records and their ``Duplicate`` flags from an EndNote XML library.

    Uses litsearch's own EndNote XML reader when it is registered (the way users
    import), else a small defusedxml parser.
    """
    from litsearch.importers import READERS, load

    if "endnote-xml" in READERS:
        records = load(path).records
        return records, [str(r.extra.get("caption", "")).lower() == "duplicate" for r in records]
    return _parse_endnote(path)


def _parse_endnote(path: Path) -> tuple[list[Record], list[bool]]:
    from defusedxml import ElementTree

    def text(node, xpath: str) -> str:
        found = node.find(xpath)
        return "".join(found.itertext()).strip() if found is not None else ""

    records, flags = [], []
    for rec in ElementTree.parse(path).getroot().iter("record"):
        start, end = norm.pages(text(rec, "pages"))
        records.append(Record(
            title=norm.text(text(rec, "titles/title")),
            authors=norm.authors(["".join(a.itertext()) for a in
                                  rec.findall("contributors/authors/author")]),
            year=norm.year(text(rec, "dates/year")),
            journal=norm.text(text(rec, "titles/secondary-title")
                              or text(rec, "periodical/full-title")),
            volume=norm.text(text(rec, "volume")), issue=norm.text(text(rec, "number")),
            start_page=start, end_page=end, doi=norm.doi(text(rec, "electronic-resource-num")),
            abstract=norm.text(text(rec, "abstract")), database=path.stem))
        flags.append(text(rec, "caption").lower() == "duplicate")
    return records, flags


def score_groups(gold: list[str], clusters: list[set[int]]) -> dict[str, float]:
    """Record-level sensitivity and specificity as defined in the module docstring."""
    cluster_of = {i: c for c, members in enumerate(clusters) for i in members}
    members: dict[str, list[int]] = defaultdict(list)
    for i, g in enumerate(gold):
        members[g].append(i)
    positives = sum(len(m) - 1 for m in members.values())
    found = 0
    for group in members.values():
        for i in group[1:]:
            if any(cluster_of[i] == cluster_of[j] for j in group if j != i):
                found += 1
    false_merges = sum(len({gold[i] for i in c}) - 1 for c in clusters)
    mixed = sum(1 for c in clusters if len({gold[i] for i in c}) > 1)
    works = len(members)
    # Pairwise: pairs of records put together vs pairs that belong together.
    predicted = sum(len(c) * (len(c) - 1) // 2 for c in clusters)
    true_pairs = sum(len(m) * (len(m) - 1) // 2 for m in members.values())
    both = sum(n * (n - 1) // 2 for c in clusters for n in Counter(gold[i] for i in c).values())
    return {"positives": positives, "tp": found, "fn": positives - found, "fp": false_merges,
            "fp_clusters": mixed, "works": works,
            "sens": found / positives if positives else float("nan"),
            "spec": (works - false_merges) / works,
            "pair_precision": both / predicted if predicted else 1.0,
            "pair_recall": both / true_pairs if true_pairs else float("nan")}


def score_flags(flags: list[bool], clusters: list[set[int]]) -> dict[str, float]:
    """Flag-level sensitivity and specificity for sets without group ids."""
    size = {i: len(c) for c in clusters for i in c}
    pos = [i for i, f in enumerate(flags) if f]
    neg = [i for i, f in enumerate(flags) if not f]
    tp = sum(1 for i in pos if size[i] > 1)
    fp = sum(1 for i in neg if size[i] > 1)
    mixed = len({id(c) for c in clusters for i in c if not flags[i] and len(c) > 1})
    return {"positives": len(pos), "tp": tp, "fn": len(pos) - tp, "fp": fp,
            "fp_clusters": mixed, "works": len(neg),
            "sens": tp / len(pos), "spec": (len(neg) - fp) / len(neg),
            "pair_precision": float("nan"), "pair_recall": float("nan")}


def run_set(path: Path, settings: DedupSettings) -> dict:
    """Deduplicate one labelled set and score it."""
    if path.suffix == ".xml":
        records, labels = load_endnote(path)
    else:
        records, labels = load_csv(path)
    return score_records(path.stem, records, labels, settings)


def synthetic(n_records: int, seed: int = 0) -> tuple[list[Record], list[str]]:
    """Return about ``n_records`` synthetic records with field corruptions on, and their gold."""
    from litsearch.synth import generate_corpus

    corpus = generate_corpus(max(1, int(n_records / 1.6)), seed=seed, messy=True)
    records = [r for db in sorted(corpus) for r in corpus[db]][:n_records]
    return records, [str(r.extra["synth_work_id"]) for r in records]


def score_records(name: str, records: list[Record], labels: list, settings: DedupSettings
                  ) -> dict:
    """Deduplicate records and score them against their labels."""
    start = time.perf_counter()
    prepared = [prepare(r) for r in records]
    results = find_pairs(prepared, settings)
    clusters = clusters_from_pairs(len(records), results)
    seconds = time.perf_counter() - start
    review = [r for r in results if r.outcome == "review"]
    oracle = clusters_from_pairs(len(records), [
        r if r.outcome != "review" or labels[r.i] != labels[r.j] or isinstance(labels[0], bool)
        else type(r)(r.i, r.j, "merged", r.rule, r.score) for r in results])
    scorer = score_flags if isinstance(labels[0], bool) else score_groups
    out = scorer(labels, clusters)
    disputed = DISPUTED.get(name, {})
    if disputed and not isinstance(labels[0], bool):
        keep = [i for i, g in enumerate(labels) if g not in disputed]
        index = {i: k for k, i in enumerate(keep)}
        kept = [{index[i] for i in c if i in index} for c in clusters]
        out["sens_undisputed"] = score_groups([labels[i] for i in keep],
                                              [c for c in kept if c])["sens"]
    else:
        out["sens_undisputed"] = out["sens"]
    out.update(name=name, n=len(records), seconds=seconds, review=len(review),
               sens_after_review=scorer(labels, oracle)["sens"],
               rules=Counter(r.rule for r in results if r.outcome == "merged"))
    return out


def main() -> None:
    """Print a markdown table of accuracy per labelled set."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--synthetic", type=int, default=20_000,
                        help="records in the corrupted synthetic corpus (0: none)")
    parser.add_argument("--hold-out", nargs="*", default=[],
                        help="labelled sets to leave out (kept unseen while developing)")
    args = parser.parse_args()
    settings = DedupSettings()
    paths = [p for p in sorted(args.data.glob("*.csv")) + sorted(args.data.glob("*.xml"))
             if p.stem not in args.hold_out]
    print("| set | records | to remove | TP | FN | FP | false-merge clusters | sensitivity | "
          "sens. w/o disputed gold | specificity | pair precision | pair recall | review pairs | "
          "queue % of records | "
          "sens. after review | time (s) | published |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    results = [run_set(path, settings) for path in paths]
    if args.synthetic:
        records, gold = synthetic(args.synthetic)
        results.append(score_records(f"synthetic, corruptions on ({args.synthetic:,})",
                                     records, gold, settings))
    for r in results:
        print(f"| {r['name']} | {r['n']:,} | {r['positives']:,} | {r['tp']:,} | {r['fn']:,} | "
              f"{r['fp']:,} | {r['fp_clusters']:,} | {r['sens']:.4f} | "
              f"{r['sens_undisputed']:.4f} | {r['spec']:.4f} | "
              f"{r['pair_precision']:.4f} | {r['pair_recall']:.4f} | {r['review']:,} | "
              f"{100 * r['review'] / r['n']:.2f} % | {r['sens_after_review']:.4f} | "
              f"{r['seconds']:.1f} | {PUBLISHED.get(r['name'], 'litsearch.synth (messy)')} |",
              flush=True)


if __name__ == "__main__":
    main()
