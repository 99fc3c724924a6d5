"""Stage 1, read: from files in the raw folder to raw cell tables.

Checks each file's bytes before any parser sees it (:mod:`~analysis.read.safety`), reads
workbooks and line exports, and finds each sheet's header row. Cells are not typed here.
The blank input workbook for finance staff (:mod:`~analysis.read.template`) lives here
too: it is the same contract, seen from the other side.
"""
