"""Writes for the correspondence record. Import from the submodules."""
