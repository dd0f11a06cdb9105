"""Replaces hooks-contrib's spaCy hook, which bundles every language (~70) and spaCy's test suite.

spacy.blank("en") imports spacy.lang.en by name, and spaCy's compiled modules import their Cython
dependencies at run time, which PyInstaller cannot see: hence the explicit lists.
"""

from PyInstaller.utils.hooks import collect_data_files, collect_submodules, copy_metadata

KEEP_LANGUAGES = ("en",)
SOURCE_SUFFIXES = ("*.pyx", "*.pxd", "*.pyi", "*.c", "*.cpp", "*.hh", "*.h")


def _wanted(name: str) -> bool:
    parts = name.split(".")
    if "tests" in parts:
        return False
    # spacy.lang.<code> (2-3 letters) is one language; spacy.lang.punctuation etc. are shared by all.
    is_language = len(parts) >= 3 and parts[1] == "lang" and len(parts[2]) <= 3
    return not is_language or parts[2] in KEEP_LANGUAGES


hiddenimports = collect_submodules("spacy", filter=_wanted)
for package in (
    "thinc",
    "srsly",
    "cymem",
    "preshed",
    "murmurhash",
    "blis",
    "catalogue",
    "confection",
    "wasabi",
    "spacy_legacy",
    "spacy_loggers",
):
    hiddenimports += collect_submodules(package, filter=lambda name: ".tests" not in name)

datas = collect_data_files("spacy", excludes=["tests/**", "lang/**", *(f"**/{s}" for s in SOURCE_SUFFIXES)])
# spaCy's registries also look up functions through entry points (spacy-legacy, spacy-loggers).
for dist in ("spacy", "thinc", "spacy-legacy", "spacy-loggers", "catalogue"):
    datas += copy_metadata(dist)
