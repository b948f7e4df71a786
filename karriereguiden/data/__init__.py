"""Reading and checking the data: data/roles.yaml into a frozen model, or errors that name
file, line, column, role and field.

model (the records), schema (what each field may hold), parse (the strict reader and its
checks; CatalogueLoader re-reads only what an edit changed), yamlstrict and yamlhelp (YAML
without its surprises, and what to say about its errors), compare (which salary figures
may stand side by side), jsonschema (the schema for editors' tools), errors.

Imports nothing from the other groups.
"""
