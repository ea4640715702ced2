"""simulate's figures against small cases worked out by hand, and the stopping test."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import hypergeom

from litsearch.errors import ScreeningError
from litsearch.screening.simulate import draw_priors, metrics, simulate
from litsearch.screening.stopping import (
    heuristic_stop,
    hypergeom_cdf,
    irrelevant_run,
    p_values,
    stop_test,
)


def test_metrics_of_a_ten_record_order_by_hand():
    # N = 10, R = 2; includes at positions 1 and 3.
    m = metrics(np.array([1, 0, 1, 0, 0, 0, 0, 0, 0, 0]))
    assert m.k95 == 3            # ceil(0.95 * 2) = 2 includes after 3 records
    assert m.wss95 == pytest.approx((10 - 3) / 10 - 0.05)
    assert m.wss100 == pytest.approx(0.7)
    assert m.rrf10 == pytest.approx(0.5)  # floor(0.1 * 10) = 1 record: 1 of 2 found
    assert m.atd == pytest.approx((1 + 3) / 2 / 10)
    # insights: random curve round(linspace(0, 2, 10)) = 0 0 0 1 1 1 1 2 2 2; the
    # floor(0.95 * 2) = 1st include is at index 0 here and index 3 at random: 3/10.
    assert m.wss95_insights == pytest.approx(0.3)


def test_metrics_of_a_twenty_record_order_by_hand():
    # N = 20, R = 3; includes at positions 1, 4 and 11.
    m = metrics(np.array([1, 0, 0, 1] + [0] * 6 + [1] + [0] * 9))
    assert (m.k95, m.k100) == (11, 11)   # ceil(0.95 * 3) = 3 includes after 11 records
    assert m.wss95 == pytest.approx(9 / 20 - 0.05)
    assert m.wss100 == pytest.approx(9 / 20)
    assert m.rrf10 == pytest.approx(1 / 3)   # 2 records: 1 of 3 found
    assert m.atd == pytest.approx((1 + 4 + 11) / 3 / 20)
    # insights: floor(0.95 * 3) = 2nd include, at index 3; round(linspace(0, 3, 20))
    # first reaches 2 at index 10 (10 * 3/19 = 1.58): (10 - 3) / 20.
    assert m.wss95_insights == pytest.approx(7 / 20)


def test_rrf10_of_fewer_than_ten_records_is_recall_after_none():
    # N = 9: floor(0.1 * 9) = 0 records screened, so nothing is found yet.
    assert metrics(np.array([1, 0, 0, 0, 0, 0, 0, 0, 1])).rrf10 == 0.0


def test_k95_needs_ceil_of_r_times_r_without_float_error():
    # R = 20: 0.95 * 20 is 19 (not 19.000000000000004, which would make ceil 20).
    order = np.array([1] * 19 + [0] * 80 + [1])
    m = metrics(order)
    assert m.k95 == 19
    assert m.wss95 == pytest.approx((100 - 19) / 100 - 0.05)
    assert m.k100 == 100 and m.wss100 == pytest.approx(0.0)


def test_random_order_saves_about_nothing():
    rng = np.random.default_rng(3)
    values = []
    for _ in range(60):
        order = np.zeros(1000, dtype=np.int64)
        order[rng.choice(1000, 50, replace=False)] = 1
        values.append(metrics(order, stop_every=1000).wss95)
    assert abs(np.mean(values)) < 0.03


def test_metrics_refuse_an_order_without_includes():
    with pytest.raises(ScreeningError, match="no include"):
        metrics(np.zeros(5, dtype=np.int64))


def test_priors_are_drawn_by_seed_not_file_order():
    labels = np.array([1] * 5 + [0] * 95)  # includes first, as Kitchenham's file is
    picks = {tuple(draw_priors(labels, seed)) for seed in range(1, 21)}
    assert len(picks) > 5
    for seed in (1, 2):
        inc, exc = draw_priors(labels, seed)
        assert labels[inc] == 1 and labels[exc] == 0
        assert draw_priors(labels, seed) == [inc, exc]
    with pytest.raises(ScreeningError, match="prior includes"):
        draw_priors(labels, 1, included=6)


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 400), st.data())
def test_hypergeometric_cdf_matches_scipy(urn, data):
    good = data.draw(st.integers(0, urn))
    n = data.draw(st.integers(0, urn))
    k = data.draw(st.integers(0, min(n, good)))
    ours = hypergeom_cdf(np.array([k]), np.array([urn]), np.array([good]), np.array([n]))[0]
    assert ours == pytest.approx(hypergeom.cdf(k, urn, good, n), abs=1e-9)


def test_p_value_by_hand_for_one_sample():
    # 10 includes found, then 200 excludes; pool 1000. The sample of the last 200: k = 0,
    # urn = 1000 - 10 = 990 unscreened before it, K_tar = floor(10 / 0.95 - 10) + 1 = 1.
    labels = np.array([1] * 10 + [0] * 200)
    p = p_values(labels, 1000, 0.95)
    assert p[199] == pytest.approx(hypergeom.cdf(0, 990, 1, 200))


def test_stop_test_says_stop_only_after_a_long_empty_stretch():
    found = np.array([1, 0, 1, 1, 0, 1] * 5)
    early = stop_test(found, 2000)
    assert not early.stop and early.more_to_screen and early.more_to_screen > 0
    later = stop_test(np.concatenate([found, np.zeros(early.more_to_screen, np.int64)]), 2000)
    assert later.stop and later.p_value < 0.05
    just_short = stop_test(np.concatenate([found, np.zeros(early.more_to_screen - 1,
                                                          np.int64)]), 2000)
    assert not just_short.stop
    assert "Callaghan" in later.summary() and "reached" in later.summary()


def test_stopping_rule_keeps_its_recall_on_random_orders():
    # Random orders are the test's textbook case: when it stops, recall >= 95 % in at
    # least 95 % of runs.
    rng = np.random.default_rng(11)
    ok = stops = 0
    for _ in range(25):
        order = np.zeros(1500, dtype=np.int64)
        order[rng.choice(1500, 60, replace=False)] = 1
        m = metrics(order, stop_every=25)
        if m.stop_recall is not None:
            stops += 1
            ok += m.stop_recall >= 0.95
    assert stops and ok / stops >= 0.95


def test_the_estimate_left_is_not_zero_after_a_few_excludes_in_a_row():
    # 20 includes in the first 40 records of 1,000, then 3 excludes. The sample with the
    # smallest p is the last 4 records (no include); k/n of it said "0 left", while a
    # ranked pool this rich still holds many. The median estimate of that sample does
    # not claim 0, stays within the upper bound, and shrinks as the empty stretch grows.
    head = np.array([1, 0] * 20)
    early = stop_test(np.concatenate([head, np.zeros(3, np.int64)]), 1000)
    assert early.sample == 4 and early.remaining_estimate > 50
    assert early.remaining_estimate <= early.remaining_upper
    later = stop_test(np.concatenate([head, np.zeros(400, np.int64)]), 1000)
    assert later.remaining_estimate < early.remaining_estimate
    assert later.remaining_estimate <= later.remaining_upper


def test_the_estimate_left_is_median_unbiased_on_random_orders():
    # The textbook case (a random order): over many pools the median estimate is as
    # often above the truth as below it, within sampling noise (the old k/n of the
    # smallest-p sample was below it far more often).
    rng = np.random.default_rng(3)
    above = below = 0
    for _ in range(60):
        order = np.zeros(2000, dtype=np.int64)
        order[rng.choice(2000, 100, replace=False)] = 1
        seen = 600
        t = stop_test(order[:seen], 2000)
        truth = int(order[seen:].sum())
        above += t.remaining_estimate > truth
        below += t.remaining_estimate < truth
    assert below <= 2 * above + 6


def test_heuristic_run():
    labels = np.array([1, 0, 0, 1, 0, 0, 0])
    assert irrelevant_run(labels) == 3
    assert heuristic_stop(labels, 3) == 7
    assert heuristic_stop(labels, 4) is None


def test_simulate_end_to_end_on_a_small_labelled_set():
    rng = np.random.default_rng(5)
    topic = ["spiritual care meaning making mental health", "existential questions clients"]
    other = ["rats stress hippocampus", "software engineering tertiary study", "tax law"]
    texts, labels = [], []
    for i in range(300):
        relevant = i % 10 == 0
        words = topic if relevant else other
        texts.append(f"{words[i % len(words)]} {rng.integers(1000)}")
        labels.append(int(relevant))
    sim = simulate(texts, np.array(labels), "toy", "label", model="elas-u4", seeds=2)
    assert len(sim.runs) == 2 and sim.runs[0].priors != sim.runs[1].priors
    assert sim.mean("wss95") > 0.5  # easily separable: far better than random
    d = sim.as_dict()
    for key in ("wss95", "wss95_insights", "wss100", "rrf10", "atd", "k95", "stop_recall",
                "stop_screened"):
        assert key in d["mean"] and key in d["seeds"][0]


def test_simulate_command_json_and_plot(tmp_path, cli):
    rows = ["title,abstract,label"]
    for i in range(200):
        if i % 8 == 0:
            rows.append(f"Spiritual care and meaning in life {i},Clients in GGZ teams,1")
        else:
            rows.append(f"Rats under chronic stress {i},Hippocampus in the laboratory,0")
    data = tmp_path / "labelled.csv"
    data.write_text("\n".join(rows) + "\n", encoding="utf-8")
    plot = tmp_path / "recall.svg"
    code, out, err = cli("simulate", str(data), "--label", "label", "--seeds", "2",
                         "--model", "elas-u4", "--json", "-o", str(plot))
    assert code == 0, err
    import json

    result = json.loads(out)
    assert result["records"] == 200 and result["includes"] == 25
    assert [s["seed"] for s in result["seeds"]] == [1, 2]
    assert set(result["mean"]) >= {"wss95", "wss95_insights", "wss100", "rrf10", "atd", "k95",
                                   "stop_recall", "stop_screened"}
    assert plot.read_text(encoding="utf-8").lstrip().startswith("<?xml")
    code, _, err = cli("simulate", str(data), "--label", "label", "-o", str(tmp_path / "x.gif"))
    assert code != 0 and ".png or .svg" in err


def test_simulate_help_names_every_model_and_refuses_an_unknown_one(tmp_path, cli):
    from litsearch.screening.ranking import DEFAULT_MODEL, MODELS

    code, out, _ = cli("simulate", "--help")
    assert code == 0
    flat = " ".join(out.split())
    for name in MODELS:
        assert name in flat, name
    assert f"{DEFAULT_MODEL} (the default" in flat
    data = tmp_path / "labelled.csv"
    data.write_text("title,abstract,label\nA,b,1\nC,d,0\nE,f,1\n", encoding="utf-8")
    code, _, err = cli("simulate", str(data), "--label", "label", "--model", "bert")
    assert code != 0 and "unknown ranking model 'bert'" in err and "elas-u4" in err
    assert "Traceback" not in err


def test_records_a_model_cannot_tell_apart_share_a_rank_and_the_seed_breaks_the_tie():
    """Records with the same text (here none) got ranks by row, the last row first: a
    simulation on them put the includes of a file sorted includes-first last in every
    seed (WSS@95 -5 %, sd 0), whatever the seed."""
    from litsearch.screening.ranking import _rank01, build_features
    from litsearch.screening.simulate import replay

    assert list(_rank01(np.array([0.3, 0.1, 0.3, 0.3]))) == [2 / 3, 0.0, 2 / 3, 2 / 3]
    labels = np.array([1, 1, 1, 1, 1] + [0] * 35)
    features = build_features([""] * 20 + [f"record about topic {i}" for i in range(20)])
    first = set()
    for seed in range(1, 9):
        priors = [0, 39]
        order = replay(features, labels, priors, "elas-u4", seed)
        first.add(tuple(order[:3]))
        assert sorted(order.tolist()) == list(range(1, 39))
    # The 18 textless records left come in another order per seed, not always the last
    # row first.
    assert len(first) > 1


def test_the_stopping_line_counts_runs_where_the_test_never_said_stop():
    """Runs whose test never said stop were left out of 'stopped after N records on
    average' without a word, and with none stopping nothing was said at all."""
    from litsearch.cli.simulate import stop_line
    from litsearch.screening.simulate import Metrics, Simulation

    def run(recall, screened):
        return Metrics(0.5, 0.5, 0.5, 0.5, 0.5, 10, 12, recall, screened, None, None)

    sim = Simulation("x.csv", "label", "elas-u4", 100, 10,
                     [run(1.0, 60), run(None, None), run(0.9, 80)], [])
    line = stop_line(sim, 0.95, 0.95)
    assert "stopped in 2 of 3 runs, after 70 records on average" in line
    assert "target reached in 1 of 3 runs" in line
    assert "never said stop in 1 run (every record screened)" in line
    none = Simulation("x.csv", "label", "elas-u4", 20, 3, [run(None, None)] * 2, [])
    assert "never said stop in 2 runs" in stop_line(none, 0.95, 0.95)


def test_every_model_scores_as_scikit_learns_own_checked_path():
    # ranking.py skips scikit-learn's input checks and scores by one sparse product, to
    # save a simulation's CPU; the scores must be exactly what decision_function gives.
    from sklearn.svm import LinearSVC

    from litsearch.screening import ranking as rk

    rng = np.random.default_rng(7)
    words = ["gambling", "harm", "zingeving", "ouderen", "trial", "cohort", "mouse",
             "depression", "software", "engineering", "review", "kinderen"]
    texts = [" ".join(rng.choice(words, 12)) for _ in range(60)]
    features = rk.build_features(texts)
    labelled = np.arange(0, 60, 3)
    y = (np.arange(len(labelled)) % 4 == 0).astype(int)
    clf = LinearSVC(C=0.11, loss="squared_hinge", dual="auto", max_iter=300,
                    random_state=0).fit(features.words[labelled], y,
                                        sample_weight=rk._balanced_weights(y, 9.8))
    expected = rk._rank01(clf.decision_function(features.words))
    got = rk.fit_and_score("elas-u4", features, labelled, y).scores
    np.testing.assert_array_equal(got, expected)
    for model in rk.MODELS:
        scores = rk.fit_and_score(model, features, labelled, y).scores
        assert scores.shape == (60,) and np.isfinite(scores).all()


def test_the_refit_after_an_include_schedule_fits_after_every_include(monkeypatch):
    """The benchmark's candidate schedule (refit also after each include found) lives in
    replay itself, not in a copy of its loop: it fits once more per include."""
    from litsearch.screening import simulate as sim
    from litsearch.screening.ranking import build_features

    labels = np.array(([1] + [0] * 9) * 6)
    features = build_features([f"topic {i % 10} word{i}" for i in range(60)])
    real, fits = sim.fit_and_score, []
    monkeypatch.setattr(sim, "fit_and_score", lambda *a: fits.append(1) or real(*a))
    priors = draw_priors(labels, 1)
    plain = sim.replay(features, labels, priors, "elas-u4", 1, every=lambda n: 10_000)
    once = len(fits)
    fits.clear()
    eager = sim.replay(features, labels, priors, "elas-u4", 1, every=lambda n: 10_000,
                       refit_on_include=True)
    assert sorted(plain.tolist()) == sorted(eager.tolist())
    # One fit at the start; then one after each include but the last (found the last,
    # the loop ends).
    assert once == 1 and len(fits) == 1 + int(labels.sum() - labels[priors].sum()) - 1


def test_bmi_adds_presumed_excludes_drawn_by_the_number_of_labels(monkeypatch):
    """`svm-bmi` fits on the labelled rows plus PRESUMED_EXCLUDES unlabelled rows taken as
    excludes (never a labelled row twice), drawn again when a label is added, and the
    same draw for the same labels (a ranking repeats)."""
    from litsearch.screening import ranking as rk

    texts = [f"record {i} about topic {i % 7} and method {i % 5}" for i in range(400)]
    features = rk.build_features(texts, chars=False)
    labelled = np.arange(0, 40)
    y = (labelled % 4 == 0).astype(int)
    seen: list[tuple[int, int]] = []
    real_svm = rk._svm

    def spy(x, yy, w, c):
        seen.append((x.shape[0], int(yy.sum())))
        return real_svm(x, yy, w, c)

    monkeypatch.setattr(rk, "_svm", spy)
    first = rk.fit_and_score("svm-bmi", features, labelled, y).scores
    again = rk.fit_and_score("svm-bmi", features, labelled, y).scores
    np.testing.assert_array_equal(first, again)
    assert seen[0] == (40 + rk.PRESUMED_EXCLUDES, int(y.sum()))
    plain = rk.fit_and_score("elas-u4", features, labelled, y).scores
    assert not np.array_equal(first, plain)
    more = rk.fit_and_score("svm-bmi", features, np.arange(0, 41),
                            (np.arange(0, 41) % 4 == 0).astype(int)).scores
    assert not np.array_equal(first, more)


def test_an_estimate_from_a_sample_that_is_no_evidence_is_called_too_early():
    """37 relevant in the first 150 records of 1,241, the last record an exclude: the
    smallest-p sample was that one record (p near 1) and its median estimate ("about
    546 left") was shown as if it meant something, where 40 were left. A sample with
    p >= 0.5 is no evidence: the summary says it is too early; once a long empty
    stretch makes p small, the estimate is shown again."""
    labels = np.zeros(150, np.int64)
    labels[np.linspace(0, 148, 37).astype(int)] = 1
    early = stop_test(labels, 1241)
    assert early.p_value >= 0.5 and early.too_early
    assert "too early to estimate" in early.summary()
    assert f"about {early.remaining_estimate:.0f} estimated" not in early.summary()
    later = stop_test(np.concatenate([labels, np.zeros(900, np.int64)]), 1241)
    assert not later.too_early
    assert f"about {later.remaining_estimate:.0f} estimated" in later.summary()
