"""``python -m ocop`` runs the command line."""

from ocop.cli import main

main()
