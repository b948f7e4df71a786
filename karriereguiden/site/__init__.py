"""Assembling and publishing the site: the order of a build and what it keeps between
builds (build), the site's contents and paths (contents), one process per language and
the join of their parts (parallel), the theme's words (theme), the search index (search)
and the Pagefind release that makes it (pagefindbin), offline bundles (bundle), the live
preview's error page (preview), compiled templates and shared page parts (jinjacache), the
commit's date (gitinfo).

Knows nothing of MkDocs: hooks/ hands MkDocs what these modules make. Imports from data/
and pages/.
"""
