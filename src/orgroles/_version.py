"""The release version; the single source read by the build (``pyproject.toml``) and the CLI."""

__version__ = "0.1.0"
