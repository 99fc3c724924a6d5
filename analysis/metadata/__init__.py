"""Knowledge kept as data, read by every stage.

The CSV tables beside this file say what a non-programmer may need to change without
touching code: input sheet names and header spellings, the fields of every input sheet,
units, currency spellings, the model's assumptions, quantity units, the message
catalogue in six languages, the fields of every output table, and which of them the
summary workbook totals (``workbook_totals.csv``). :mod:`.reference` reads
the input knowledge; :mod:`.output_fields` the output registry.
"""
