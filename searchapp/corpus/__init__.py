"""Corpus reading and metadata extraction (depends only on searchapp.text)."""
