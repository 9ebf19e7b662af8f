"""Text analysis: pure functions and Whoosh analyzers (the lowest layer; imports nothing of ours above it)."""
