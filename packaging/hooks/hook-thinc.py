"""Replaces hooks-contrib's thinc hook so that thinc's test suite stays out of the bundle."""

from PyInstaller.utils.hooks import collect_data_files, collect_submodules

hiddenimports = collect_submodules("thinc", filter=lambda name: ".tests" not in name)
datas = collect_data_files("thinc", excludes=["tests/**", "**/*.pyx", "**/*.pxd", "**/*.pyi", "**/*.cpp"])
