"""``litsearch simulate``: replay a labelled set and report how well the ranking did."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.progress import Progress
from rich.table import Table

from ..wording import number, plural
from .output import ConfidenceOption, TargetOption, console, err_console


def simulate(
    data: Path = typer.Argument(..., help="A fully labelled file (CSV, RIS, any importable "
                                          "format) with a label column."),
    label: str = typer.Option(..., "--label", help="The column holding include (1) / exclude "
                                                   "(0)."),
    model: str = typer.Option(None, "--model", help="Ranking model: elas-u4 (the default, "
                              "as screen's), svm-bmi, svm-lr, svm-nb, svm-chars or "
                              "ensemble; "
                              "docs/ranking.md says what each is and how they compare."),
    seeds: int = typer.Option(5, "--seeds", min=1, help="Runs, with seeds 1..N."),
    prior_included: int = typer.Option(1, "--prior-included", min=1,
                                       help="Prior includes drawn by seed."),
    prior_excluded: int = typer.Option(1, "--prior-excluded", min=1,
                                       help="Prior excludes drawn by seed."),
    target: float = TargetOption,
    confidence: float = ConfidenceOption,
    as_json: bool = typer.Option(False, "--json", help="Print the figures per seed and their "
                                                       "mean as JSON."),
    plot: Path = typer.Option(None, "-o", "--plot", help="Draw the recall curves against "
                                                         "random order (.png or .svg)."),
) -> None:
    """Replay a labelled set as a reviewer would meet it: WSS@95, RRF@10, ATD, stopping.

    Priors (one include, one exclude by default) are drawn by seed and taken out: N =
    records - priors, R = includes - prior includes. WSS@r = (N - k_r)/N - (1 - r) with
    k_r the fewest records screened holding ceil(r*R) includes; RRF@10 = recall after
    floor(0.10*N) records; ATD = mean position of the includes / N; "WSS@95 insights" is
    asreview-insights' variant. "stop" is where the hypergeometric stopping test
    (Callaghan & Müller-Hansen 2020) would have stopped.

    Example:

        litsearch simulate labelled.csv --label included --seeds 3 -o recall.png
    """
    from ..screening.labelled import load_labelled
    from ..screening.ranking import DEFAULT_MODEL, MODELS
    from ..screening.simulate import simulate as run_simulation

    if model is not None and model not in MODELS:
        from ..errors import ScreeningError

        raise ScreeningError(f"unknown ranking model {model!r} (--model).",
                             f"Choose one of: {', '.join(MODELS)}.")
    data_set = load_labelled(data, label)
    if data_set.repeats:
        again, earlier = data_set.repeats[0]
        many = len(data_set.repeats)
        err_console.print(
            f"note: {plural(many, 'record')} of {data_set.name} "
            f"{'repeats' if many == 1 else 'repeat'} an earlier "
            f"record's title and abstract (first: record {again} = record {earlier}); each "
            "is simulated as its own record, which flatters the figures when an include "
            "is repeated. Deduplicate the file to measure without them.",
            markup=False, soft_wrap=True)
    empty = sum(1 for text in data_set.texts if not text.strip())
    if empty:
        err_console.print(
            f"note: {plural(empty, 'record')} of {data_set.name} "
            f"{'has' if empty == 1 else 'have'} no title, abstract or keywords; the model "
            "cannot tell them apart, so they are ranked by chance (by seed).",
            markup=False, soft_wrap=True)
    chosen = model or DEFAULT_MODEL
    if plot is not None:
        from ..screening.simulate_plot import FORMATS

        if plot.suffix.lower() not in FORMATS:
            from ..errors import ScreeningError

            raise ScreeningError(f"cannot draw a plot as {plot.suffix or 'a bare name'}.",
                                 "Name the plot file .png or .svg.")
    with Progress(console=console, transient=True,
                  disable=as_json or not console.is_terminal) as bar:
        task = bar.add_task(f"Simulating {data_set.name}", total=seeds)
        sim = run_simulation(data_set.texts, data_set.labels, data_set.name, label,
                             model=chosen, seeds=seeds, prior_included=prior_included,
                             prior_excluded=prior_excluded, target=target,
                             confidence=confidence,
                             progress=lambda done, total: bar.update(task, completed=done))
    if plot is not None:
        from ..screening.simulate_plot import plot_recall

        plot_recall(sim, plot)
    if as_json:
        print(json.dumps(sim.as_dict(), indent=1))
        return
    console.print(_table(sim))
    console.print(stop_line(sim, target, confidence), markup=False)
    if plot is not None:
        console.print(f"Recall curves: {plot}", markup=False)


def stop_line(sim, target: float, confidence: float) -> str:
    """Where the stopping test stopped, over the runs it stopped in, and in how many it
    never said stop (those screened every record: no mean leaves them out unsaid)."""
    runs = len(sim.runs)
    stopped = [m for m in sim.runs if m.stop_screened is not None]
    reached = sum(1 for m in stopped if m.stop_recall >= target)
    head = f"Stopping test ({target:.0%} recall at {confidence:.0%} confidence): "
    never = runs - len(stopped)
    tail = (f"never said stop in {plural(never, 'run')} (every record screened)."
            if never else "")
    if not stopped:
        return head + tail
    mean = sum(m.stop_screened for m in stopped) / len(stopped)
    recall = sum(m.stop_recall for m in stopped) / len(stopped)
    return (head + f"stopped in {number(len(stopped))} of {plural(runs, 'run')}, after "
            f"{number(round(mean))} records on average (mean recall {recall:.1%}; target "
            f"reached in {number(reached)} of {plural(runs, 'run')})"
            + (f"; {tail}" if tail else "."))


def _pct(sim, key: str) -> str:
    mean, sd = sim.mean(key), sim.sd(key)
    return "–" if mean is None else f"{mean * 100:.1f} ± {sd * 100:.1f}"


def _table(sim) -> Table:
    table = Table(title=f"{sim.name}: {plural(sim.records, 'record')}, "
                        f"{plural(sim.includes, 'include')} ({sim.label}); model {sim.model}; "
                        f"{plural(len(sim.runs), 'run')}",
                  title_justify="left")
    table.add_column("figure")
    table.add_column("mean ± sd", justify="right")
    for name, key in (("WSS@95 %", "wss95"), ("WSS@95 % (asreview-insights' variant)",
                                               "wss95_insights"),
                      ("WSS@100 %", "wss100"), ("RRF@10 %", "rrf10"), ("ATD %", "atd"),
                      ("recall at stop %", "stop_recall")):
        table.add_row(name, _pct(sim, key))
    for name, key in (("records to 95 % recall", "k95"), ("records screened at stop",
                                                          "stop_screened"),
                      ("seconds per run", "seconds")):
        mean, sd = sim.mean(key), sim.sd(key)
        table.add_row(name, "–" if mean is None else f"{mean:.1f} ± {sd:.1f}")
    return table


def register(app: typer.Typer) -> None:
    """Add ``simulate`` to the app."""
    app.command("simulate")(simulate)
