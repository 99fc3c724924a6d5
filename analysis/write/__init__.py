"""Stage 5, write: the one place that writes files, each atomically, and the run manifest.

Only :mod:`analysis.pipeline` calls it. Nothing here ever writes into the raw folder.
"""
