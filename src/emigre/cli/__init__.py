"""The command line: one thin front over the subpackages (see main.py for the list)."""
