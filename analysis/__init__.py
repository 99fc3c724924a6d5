"""Cost and resource duplication analyzer for virtual-meeting platforms.

The package turns finance workbooks dropped in ``data/raw/`` into tables and
figures: annual spend per unit and platform, duplicated spend per function,
platforms bought by several units, and duplicated support teams.

Rooms, one job each:
    config: paths derived from the package's own location.
    reference: knowledge kept as data (sheet names, fields, header spellings, units).
    issues: the problems found in inputs, with their places.
    parse: turning raw cell values into clean typed columns.
    inputs: finding, reading and checking the workbooks.
    spend: annualising cost lines into calendar years in CHF.
    support: support cost of each staffing row.
    duplication: duplicated spend, fragmented purchasing, duplicated support.
    figures: charts, each returned as a matplotlib Figure.
    outputs: the one place that writes files (atomically).
    pipeline: load, process, save.
    template: the blank input workbook for finance staff.
    cli: the ``python -m analysis`` command.
"""

__version__ = "0.1.0"
