"""Writing pages: the catalogue into each language's role, salary and FAQ pages as HTML,
the roles index, the salaries overview, open data files and structured data.

render (pages from templates/), salary (what a figure is, in the reader's words),
structured (JSON-LD), formatting (numbers, money and dates by locale), languages (the
interface words and slugs of each language, from locales/), tables (column labels for
narrow screens), opendata, searchnames (a role's names for the search).

Imports from data/ only.
"""
