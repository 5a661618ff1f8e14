"""Benchmarks: load, query counts, page weight, Lighthouse, PDFs and imports (`make bench`)."""
