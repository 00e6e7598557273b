"""Builders of test inputs: documents and payloads made at test time."""
