"""The play record: an anonymous store of plays and choices, and the reports made from it.

`store` writes (every mode records through it), `reading` reads a store file without
changing it, `figures` turns plays into numbers, `charts` and `report` draw and write
them, `merge` folds several stores into one and `xapi` exports statements for an LRS.
"""
