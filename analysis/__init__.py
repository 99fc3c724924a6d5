"""Cost and resource duplication analyzer for virtual-meeting platforms.

The package turns finance workbooks dropped in ``data/raw/`` into tables, figures and a
brief for delegates. Its folders are its stages, and imports run one way:
read → check → model → report → write, with :mod:`analysis.pipeline` running them and
:mod:`analysis.cli` the command line. ``docs/architecture.md`` shows the stages and where
each kind of change belongs.
"""

__version__ = "0.1.0"
