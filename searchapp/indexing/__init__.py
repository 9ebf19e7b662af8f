"""The indexer: articles in, a Whoosh index out (depends on corpus and text)."""
