"""trafilatura reads settings.cfg and data/ at import time; jusText (its fallback extractor) reads its
stoplists from package data. Neither ships a PyInstaller hook."""

from PyInstaller.utils.hooks import collect_data_files

datas = collect_data_files("trafilatura") + collect_data_files("justext")
hiddenimports = ["justext"]
