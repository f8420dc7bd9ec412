"""Whoosh segments: schema, analysis, codec and the bulk writer. Every use of Whoosh internals lives here."""
