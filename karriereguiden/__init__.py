"""Karriereguiden core: data model, strict loader, validation and page rendering.

Nothing in this package imports MkDocs: the hooks in ``hooks/`` ask it for pages, so the
rendered pages could be handed to another site generator.
"""
