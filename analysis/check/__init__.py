"""Stage 2, check: type every cell and check each sheet and across sheets.

Raw tables from :mod:`analysis.read` become the checked :class:`~analysis.check.inputs.Inputs`
with every issue found. Nothing is modelled here and nothing is written.
"""
