"""``figures/index.html``: every figure with its caption, per language, openable offline.

One section per language of the run, each in its own script direction, linking every
figure's PNG, SVG and PDF and the language's brief. Nothing is fetched from the network.
"""

from __future__ import annotations

from analysis.report.brief import TEMPLATES
from analysis.report.chart_data import ChartData
from analysis.report.charts import chart_names
from analysis.report.i18n import Messages
from analysis.report.render import FIGURE_FORMATS


def gallery_html(data: ChartData, languages: tuple[str, ...]) -> str:
    """The gallery page for the languages of one run, in the order given."""
    sections = []
    for lang in languages:
        msg = Messages(lang)
        sections.append(
            {
                "lang": lang,
                "direction": "rtl" if msg.right_to_left else "ltr",
                "language": msg("language.name"),
                "title": msg("gallery.title"),
                "intro": msg("gallery.intro", year=data.year),
                "warning": msg("brief.illustrative") if data.illustrative else None,
                "brief": msg("gallery.brief"),
                "download": msg("gallery.download"),
                "figures": [
                    {"name": name, "caption": msg(f"{name}.caption")} for name in chart_names(data)
                ],
            }
        )
    return TEMPLATES.get_template("gallery.html.j2").render(
        sections=sections, formats=FIGURE_FORMATS
    )
