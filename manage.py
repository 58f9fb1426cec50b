#!/usr/bin/env python
"""Django's manage.py; ``coprogetta`` (the installed command) does the same."""

from coprogetta.cli import main

if __name__ == "__main__":
    main()
