"""Editors' tools: `python3 dev.py check` and its friends (cli), the checks a pull request
runs beyond the loader's (editorcheck, coverage, style), what changed since a commit
(datadiff), a new role's skeleton (scaffold).

May import from every other group; nothing imports from here.
"""
