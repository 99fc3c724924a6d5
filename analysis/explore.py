"""Exploring in a notebook: a panel of sliders that asks the what-if again as they move.

Notebook 06 shows it; any analyst can build one from Python::

    panel = WhatIfPanel(results)
    panel.widget  # the last line of a cell shows the sliders, the chart and the answer

Each slider is a price factor for a platform or the value of an assumption; moving one
calls :func:`analysis.pipeline.what_if` and redraws the savings chart and the sentence under
it. The panel shows the chart as a PNG image widget rather than through an output widget:
the answer is plain data, so the same panel works in JupyterLab, in a headless run and in
a test that moves a slider from Python.
"""

from __future__ import annotations

import html
import io
import re
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import ipywidgets as widgets  # type: ignore[import-untyped]
import matplotlib.pyplot as plt

from analysis import pipeline
from analysis.pipeline import Results
from analysis.report.display import chf

# Each assumption a slider moves: (minimum, maximum, step), a plausible span inside what the
# model allows (metadata/assumptions.csv), widened to the run's value; it starts there.
ASSUMPTION_RANGES: dict[str, tuple[float, float, float]] = {
    "discount_rate": (0.0, 0.10, 0.005),
    "price_growth": (0.0, 0.10, 0.005),
    "centralisation_saving_share": (0.0, 0.5, 0.05),
    "migration_cost_chf_per_seat": (0.0, 1000.0, 50.0),
}
LABELS = {
    "discount_rate": "discount rate",
    "price_growth": "price growth",
    "centralisation_saving_share": "central saves",
    "migration_cost_chf_per_seat": "migration/seat",
}
CHART = "scenario_comparison"


@dataclass(frozen=True)
class Answer:
    """What the panel shows for one position of the sliders."""

    results: Results
    sentence: str  # Markdown: the best option, what it keeps and saves
    png: bytes  # the savings chart
    seconds: float  # time taken by the what-if alone


def answer(
    results: Results, prices: Mapping[str, float], assumptions: Mapping[str, float]
) -> Answer:
    """The what-if for one position of the sliders, its chart and its sentence.

    Args:
        results: The run every question starts from.
        prices: Price factor by platform (1.0: today's prices).
        assumptions: Assumption values by name.
    """
    started = time.perf_counter()
    priced: dict[str | tuple[str, str], float] = {p: f for p, f in prices.items()}
    w = pipeline.what_if(results, prices=priced, assumptions=dict(assumptions))
    took = time.perf_counter() - started
    figure = pipeline.draw_figures(w, names=[CHART])[CHART]
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=100)
    plt.close(figure)
    summary = w.options.summary
    best = summary[summary["scenario"] == w.options.focus].iloc[0]
    support = best["central_support_unit"]
    sentence = (
        f"*{w.options.focus}*: keep **{str(best['kept']).replace(';', ', ')}**"
        + (f", support in {support}" if isinstance(support, str) and support else "")
        + f"; saving {chf(best['npv_chf'])} (80 % range "
        f"{chf(best['p10_saving_chf'])} to {chf(best['p90_saving_chf'])}). "
        f"Answered in {took * 1000:.0f} ms."
    )
    return Answer(w, sentence, buffer.getvalue(), took)


class WhatIfPanel:
    """Sliders for prices and assumptions over the savings chart, answered live.

    Args:
        results: The run every question starts from.
        platforms: The platforms whose prices get a slider (default: Zoom and Interprefy
            where the data has them, else its first two).
    """

    def __init__(self, results: Results, platforms: Sequence[str] | None = None) -> None:
        known = list(results.inputs.platforms["platform"])
        if platforms is None:
            platforms = [p for p in ("Zoom", "Interprefy") if p in known] or known[:2]
        unknown = [p for p in platforms if p not in known]
        if unknown:
            raise ValueError(f"no platform named {', '.join(unknown)}; known: {', '.join(known)}")
        self.results = results
        self.platforms = list(platforms)
        a = results.options.assumptions
        self.sliders: dict[str, widgets.FloatSlider] = {
            p: widgets.FloatSlider(1.0, min=0.5, max=2.0, step=0.05, description=f"{p} prices ×")
            for p in self.platforms
        }
        for name, (low, high, step) in ASSUMPTION_RANGES.items():
            value = float(a[name])
            self.sliders[name] = widgets.FloatSlider(
                value,
                min=min(low, value),  # a slider clamps its value: the run's must fit
                max=max(high, value),
                step=step,
                description=LABELS[name],
                readout_format=".3f" if step < 0.01 else ".2f",
            )
        for s in self.sliders.values():
            s.style.description_width = "initial"
            s.continuous_update = False  # ask when the slider is let go, not on every pixel
            s.observe(self._moved, names="value")
        self.chart = widgets.Image(format="png", layout=widgets.Layout(width="90%"))
        self.sentence = widgets.HTML()
        self.last: Answer | None = None
        self._show(self.ask())
        boxes = list(self.sliders.values())
        self.widget = widgets.VBox(
            [widgets.HBox(boxes[:3]), widgets.HBox(boxes[3:]), self.chart, self.sentence]
        )

    def ask(self) -> Answer:
        """The answer for the sliders as they stand."""
        values = {name: s.value for name, s in self.sliders.items()}
        prices = {p: values.pop(p) for p in self.platforms}
        return answer(self.results, prices, values)

    def close(self) -> None:
        """Close the panel's widgets (a kernel does it when it stops; a script should)."""
        for w in [*self.sliders.values(), self.chart, self.sentence, self.widget]:
            w.close()

    def _moved(self, _change: object) -> None:
        self._show(self.ask())

    def _show(self, a: Answer) -> None:
        self.last = a
        self.chart.value = a.png
        self.sentence.value = _html(a.sentence)


def _html(markdown: str) -> str:
    """The sentence's two kinds of emphasis as HTML (the rest is plain text)."""
    text = html.escape(markdown)
    text = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", text)
    return "<p>" + re.sub(r"\*(.+?)\*", r"<i>\1</i>", text) + "</p>"
