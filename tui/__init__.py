"""handlingsplan: a union branch's action plan kept as TOML in git.

Kept empty on purpose: importing the package must not pull in Textual or tomlkit, so the
command line starts fast and the core runs without the UI.
"""

__version__ = "0.1.0"
