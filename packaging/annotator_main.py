"""Entry script of the frozen app: the same `annotator` command as the console script."""

from annotator.launcher import main

if __name__ == "__main__":
    main()
