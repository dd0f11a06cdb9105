"""Data files shipped with the app (sample article, guidelines, icons); installed as annotator.resources."""
