"""Stage 4, report: lay out the model's numbers for people, in the six official languages.

Charts (one registry, :mod:`.charts`), their house style and fonts, the message
catalogue (:mod:`.i18n`), the brief and gallery pages, and the summary workbook. Every
function returns an object or bytes; writing them is the next stage's work.
"""
