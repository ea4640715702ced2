"""The ASReview side-by-side reuses a kept run only for the same inputs."""

from __future__ import annotations

import json

from benchmarks import screening_asreview as asr


def _write(path, labels):
    rows = ["title,abstract,label_included,label_abstract_screening"]
    rows += [f"Title {i},Abstract {i},{lab},{lab}" for i, lab in enumerate(labels)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")


def test_a_kept_run_is_reused_only_for_the_same_data_label_seed_priors_and_version(
        tmp_path, monkeypatch):
    monkeypatch.setattr(asr, "WORK", tmp_path / "work")
    source = tmp_path / "set.csv"
    _write(source, [1, 0, 0, 1, 0, 0, 0, 1, 0, 0])
    key = asr._key(source, "label_included", 1)
    path, _, _, inputs = key
    assert inputs["seed"] == 1 and inputs["label"] == "label_included"
    assert inputs["asreview"] == asr.VERSION and len(inputs["priors"]) == 2
    path.write_text(json.dumps({"wss95": 0.5, "inputs": inputs}))
    assert asr.is_cached(source, "label_included", 1)
    assert not asr.is_cached(source, "label_included", 2)  # another seed
    assert not asr.is_cached(source, "label_abstract_screening", 1)  # another label
    # a run kept under the same file name but made from other inputs is not reused
    path.write_text(json.dumps({"wss95": 0.5, "inputs": {**inputs, "asreview": "2.0"}}))
    assert not asr.is_cached(source, "label_included", 1)
    path.write_text(json.dumps({"wss95": 0.5, "inputs": inputs}))
    # other data (one label changed): another key
    _write(source, [1, 0, 0, 1, 0, 0, 0, 1, 0, 1])
    assert asr._key(source, "label_included", 1)[0] != path
    assert not asr.is_cached(source, "label_included", 1)
    # a different ASReview version: another key
    monkeypatch.setattr(asr, "VERSION", "9.9.9")
    assert "asreview9.9.9" in asr._key(source, "label_included", 1)[0].name
