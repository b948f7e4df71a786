"""Karriereguiden's core, in four rooms, each importing only from those before it:

- data/: reading and checking data/roles.yaml;
- pages/: writing pages from the checked data;
- site/: assembling the site and publishing it: the order of a build lives in site/build.py;
- editor/: editors' tools (`python3 dev.py check`, scaffold, summaries).

Nothing in this package imports MkDocs: the hooks in ``hooks/`` hand it what the core makes,
so the rendered pages could be handed to another site generator.
"""
