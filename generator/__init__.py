"""Speech site generator: .txt speeches -> clean, outlined, searchable MkDocs pages with a glossary of slogans."""

__version__ = "0.1.0"
