"""Stage 3, model: pure functions from checked inputs to the tables of the analysis.

Spend by calendar year (:mod:`.spend`), support cost (:mod:`.support`), duplication and
fragmented purchasing (:mod:`.duplication`), licences paid but unused
(:mod:`.utilisation`), and the consolidation options (:mod:`.scenarios`). Every function
takes DataFrames and returns DataFrames (with the issues it found); none reads or writes
a file or draws a chart.
"""
