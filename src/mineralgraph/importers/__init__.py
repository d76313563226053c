"""Importers: public data releases turned into data files in our format."""
