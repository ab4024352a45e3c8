"""Under `serve`, the plugin has MkDocs's file watcher look for edits every 0.2 s instead of 0.5 s, for the
folders watched before the plugin's on_serve (docs, mkdocs.yml) and after it (seeds, templates)."""

from __future__ import annotations

from pathlib import Path

from mkdocs.livereload import LiveReloadServer

from generator.mkdocs_plugin import POLL_SECONDS, SpeechesPlugin


def test_every_watched_folder_is_polled_faster(tmp_path: Path) -> None:
    early, late = tmp_path / "docs", tmp_path / "seeds"
    early.mkdir()
    late.mkdir()
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    server.watch(str(early))  # as MkDocs does before the plugins' on_serve
    assert {e.timeout for e in server.observer.emitters} == {0.5}
    assert SpeechesPlugin().on_serve(server, config=None, builder=None) is server  # type: ignore[arg-type]
    server.watch(str(late))  # as MkDocs does after it, for config.watch
    assert len(server.observer.emitters) == 2
    assert {e.timeout for e in server.observer.emitters} == {POLL_SECONDS} == {0.2}


def test_a_server_without_a_polling_observer_is_left_alone() -> None:
    class Server:
        observer = object()

    server = Server()
    assert SpeechesPlugin().on_serve(server, config=None, builder=None) is server  # type: ignore[arg-type]
