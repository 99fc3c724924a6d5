"""Render every notebook as a report: run it, then write it as HTML without its code.

``make report`` calls this. Each notebook in ``notebooks/`` runs headless with papermill,
with the same parameters (raw folder, year), in the reports folder (so that its links to
``data/processed/*.csv`` resolve from the page); nbconvert writes it as HTML with the code
cells and prompts hidden and the charts embedded. ``index.html`` lists the reports, each with
its question and its conclusion. Nothing is written into ``notebooks/``, ``data/`` or
``figures/``; the notebooks themselves write no file.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import re
import sys
import tempfile
from pathlib import Path

import jinja2
import nbformat
import papermill as pm
from nbconvert import HTMLExporter

from analysis import __version__, config

# A cell that runs longer than this stops the report with an error naming it, rather than
# leaving the command waiting on a kernel that will not answer.
CELL_TIMEOUT_S = 600

# JupyterLab's page, less the scripts it would fetch from the web (require.js, MathJax,
# Mermaid): the reports show tables, charts and text, and open offline.
OFFLINE = jinja2.DictLoader(
    {
        "offline.html.j2": "{%- extends 'lab/index.html.j2' -%}"
        "{% block html_head_js %}{% endblock %}"
        "{% block html_head_js_mathjax %}{% endblock %}"
        "{% block html_head_js_mermaidjs %}{% endblock %}"
    }
)
PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Meeting-platform analysis: reports</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 52rem; margin: 2rem auto;
       padding: 0 1rem; line-height: 1.5; color: #222; }}
li {{ margin-bottom: 1.2rem; }}
.question {{ margin: 0.2rem 0; }}
.conclusion {{ margin: 0.2rem 0; color: #444; }}
.made {{ color: #666; font-size: 0.9rem; }}
</style>
</head>
<body>
<h1>Meeting-platform analysis: reports</h1>
<p class="made">{made}</p>
<ol>
{items}
</ol>
</body>
</html>
"""


def _markdown_text(text: str) -> str:
    """Markdown as plain text for the contents page: no emphasis marks, no code ticks."""
    return re.sub(r"[*`]", "", text).strip()


def _question(nb: nbformat.NotebookNode) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            found = re.search(r"\*\*Question\.\*\*\s*(.+?)(?:\n\n|$)", cell.source, re.S)
            if found:
                return _markdown_text(" ".join(found.group(1).split()))
    return ""


def _title(nb: nbformat.NotebookNode, fallback: str) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            found = re.search(r"^#\s+(.+)$", cell.source, re.M)
            if found:
                return found.group(1).strip()
    return fallback


def _conclusion(nb: nbformat.NotebookNode) -> str:
    """The Markdown written under the notebook's "Conclusion" heading."""
    under = False
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            under = bool(re.search(r"^##\s+Conclusion", cell.source, re.M))
        elif under:
            for output in cell.get("outputs", []):
                if "text/markdown" in output.get("data", {}):
                    return _markdown_text(output.data["text/markdown"])
    return ""


def render(notebook: Path, out: Path, parameters: dict[str, object], work: Path) -> str:
    """Run ``notebook`` and write ``out/<stem>.html``; return its entry on the contents page.

    Raises:
        papermill.PapermillExecutionError: If a cell fails; the message names the cell.
    """
    declared = pm.inspect_notebook(str(notebook))
    executed = pm.execute_notebook(
        str(notebook),
        str(work / notebook.name),
        parameters={k: v for k, v in parameters.items() if k in declared},
        kernel_name="python3",
        cwd=str(out),
        progress_bar=False,
        execution_timeout=CELL_TIMEOUT_S,
    )
    exporter = HTMLExporter(
        template_name="lab",
        template_file="offline.html.j2",
        extra_loaders=[OFFLINE],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    page, _ = exporter.from_notebook_node(executed)
    target = out / f"{notebook.stem}.html"
    target.write_text(page, encoding="utf-8")
    title = html.escape(_title(executed, notebook.stem))
    return (
        f'<li><a href="{html.escape(target.name)}">{title}</a>'
        f'<p class="question">{html.escape(_question(executed))}</p>'
        f'<p class="conclusion">{html.escape(_conclusion(executed))}</p></li>'
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raw", default="", help="raw folder, from the project root")
    parser.add_argument("--year", default="", help="year to analyse; empty: the default rule")
    parser.add_argument("--out", default="reports", help="reports folder (created)")
    parser.add_argument("--notebooks", default=str(config.NOTEBOOKS_DIR), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    out = Path(args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    parameters: dict[str, object] = {
        "raw_dir": args.raw.strip() or None,
        "year": args.year.strip() or None,
    }
    notebooks = sorted(Path(args.notebooks).glob("[0-9][0-9]_*.ipynb"))
    items = []
    with tempfile.TemporaryDirectory() as work:
        for notebook in notebooks:
            print(f"running {notebook.name}", flush=True)
            try:
                items.append(render(notebook, out, parameters, Path(work)))
            except pm.PapermillExecutionError as error:
                print(
                    f"{notebook.name} stopped at cell {error.exec_count}: "
                    f"{error.ename}: {error.evalue}",
                    file=sys.stderr,
                )
                return 1
    made = (
        f"Made on {dt.date.today():%d %B %Y} by version {__version__} of the analysis, "
        f"from the raw folder {html.escape(str(parameters['raw_dir'] or 'data/raw'))}, year "
        f"{html.escape(str(parameters['year'] or 'by the default rule'))}."
    )
    index = out / "index.html"
    index.write_text(PAGE.format(made=made, items="\n".join(items)), encoding="utf-8")
    print(f"{len(items)} reports and their contents page: {index}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
