"""The MkDocs boundary: the only module that imports MkDocs.

on_config watches the seeds and templates, on_files runs the pipeline and adds every page as a generated
file (never written into docs_dir: that would make `mkdocs serve` rebuild forever), and sets the nav.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from .build import SCRIPTS, BuildResult, build_pages, nav_items
from .glossary import search_terms

log = logging.getLogger("mkdocs.plugins.speeches")


class SpeechesConfig(Config):
    seeds = c.Type(str, default="seeds")
    templates = c.Type(str, default="docs_templates")
    script = c.Choice(SCRIPTS, default="simplified")
    strict = c.Type(bool, default=False)


class SpeechesPlugin(BasePlugin[SpeechesConfig]):
    """Turns the .txt speeches in `seeds` into the site's pages."""

    result: BuildResult | None = None

    def _path(self, config: MkDocsConfig, value: str) -> Path:
        base = Path(config.config_file_path or ".").resolve().parent
        return (base / value).resolve()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.seeds_dir = self._path(config, self.config.seeds)
        self.templates_dir = self._path(config, self.config.templates)
        # Edits, additions and removals in either folder rebuild the site under `mkdocs serve`.
        for folder in (self.seeds_dir, self.templates_dir):
            if folder.is_dir() and str(folder) not in config.watch:
                config.watch.append(str(folder))
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        result = build_pages(self.seeds_dir, self.templates_dir, self.config.script)
        self.result = result
        for problem in result.problems:
            text = problem.format()
            if problem.severity == "error":
                log.warning(text)  # `mkdocs build --strict` turns this into a failed build
            else:
                log.info(text)
        if result.errors and self.config.strict:
            raise PluginError(f"{len(result.errors)} seed(s) could not be used (speeches: strict: true)")
        for page in result.pages:
            existing = files.get_file_from_path(page.path)
            if existing is not None:
                files.remove(existing)
            files.append(File.generated(config, page.path, content=page.markdown))
        config.nav = nav_items(result)
        _teach_search(search_terms(result.glossary))
        return files


def _teach_search(terms: list[str]) -> None:
    """Make each glossary term one search token: Material segments Chinese with jieba when it is importable."""
    try:
        import jieba
    except ImportError:  # Material then indexes Chinese unsegmented; nothing to teach
        return
    for term in terms:
        jieba.add_word(term, freq=2_000_000)
