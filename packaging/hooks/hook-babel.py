"""Replaces PyInstaller's Babel hook, which bundles all 1,100 locales (35 MB).

Babel is only here because courlan (used by trafilatura for HTML import) imports it; it is consulted only
when a target language is given, which the annotator never does. Keep the root and English data.
"""

from PyInstaller.utils.hooks import collect_data_files

datas = collect_data_files("babel", includes=["global.dat", "locale-data/root.dat", "locale-data/en.dat"])
hiddenimports = ["babel.dates", "babel.localedata", "babel.plural", "babel.numbers"]
