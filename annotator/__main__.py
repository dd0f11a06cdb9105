"""`python -m annotator` runs the `annotator` command (the same entry point as the console script)."""

from annotator.launcher import main

main()
