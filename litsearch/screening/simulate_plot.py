"""The recall curve of a simulation against random screening, as PNG or SVG (matplotlib)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ..errors import ScreeningError
from .simulate import Simulation

FORMATS = (".png", ".svg")


def plot_recall(sim: Simulation, out: Path) -> Path:
    """Draw every seed's recall curve, the expected random curve and where the stopping
    test stopped; write ``out`` (.png or .svg).

    Raises:
        ScreeningError: Another file type was asked for.
    """
    if out.suffix.lower() not in FORMATS:
        raise ScreeningError(f"cannot draw a plot as {out.suffix or 'a file without suffix'}.",
                             "Name the plot file .png or .svg.")
    import matplotlib

    matplotlib.use("Agg")  # no display needed
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 4.5))
    for curve, run in zip(sim.curves, sim.runs, strict=True):
        n = len(curve)
        x = np.arange(1, n + 1) / n * 100
        ax.plot(x, curve / curve[-1] * 100, lw=1, alpha=0.8, label=f"seed {run.seed}")
        if run.stop_screened:
            ax.plot(run.stop_screened / n * 100, (run.stop_recall or 0) * 100, "kx")
    ax.plot([0, 100], [0, 100], "k--", lw=1, label="random order (expected)")
    ax.axhline(95, color="grey", lw=0.6, ls=":")
    ax.set_xlabel("records screened (%)")
    ax.set_ylabel("includes found (recall, %)")
    ax.set_title(f"{sim.name} ({sim.label}), model {sim.model}; x = stopping test stopped",
                 fontsize=9)
    ax.legend(fontsize=7, loc="lower right")
    ax.set_xlim(0, 100)
    ax.set_ylim(0, 101)
    fig.tight_layout()
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out)
    plt.close(fig)
    return out
