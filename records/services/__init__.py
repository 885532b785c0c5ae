"""Writes for records, FOI and data protection. Import from the submodules."""
