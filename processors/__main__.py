"""`python -m processors` runs the command line."""

from processors.cli import main

main()
