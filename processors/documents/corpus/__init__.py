"""Synthetic scanned registry copies and flyers, with their ground truth.

Values are random but seeded, so a set is the same wherever it is generated; pages
are drawn with the Noto CJK fonts and degraded as a scanner would before being
written as image-only PDFs.
"""
