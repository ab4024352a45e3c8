"""``python -m bench.serve --seeds DIR --addr 127.0.0.1:PORT``: `mkdocs serve --dirty`.

Run by bench.run for the edit-to-page latency; a child process so its memory and threads stay apart.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", required=True)
    ap.add_argument("--addr", required=True)
    ap.add_argument("--config", default=str(ROOT / "mkdocs.yml"))
    ap.add_argument("--build-type", choices=("dirty", "clean", "default"), default="dirty")
    args = ap.parse_args()
    os.environ["SPEECHES_SEEDS"] = str(Path(args.seeds).resolve())
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(asctime)s %(name)s %(message)s")
    logging.getLogger("mkdocs.structure").setLevel(logging.ERROR)  # per-page link warnings
    from mkdocs.commands.serve import serve

    build_type = None if args.build_type == "default" else args.build_type
    serve(config_file=args.config, dev_addr=args.addr, livereload=True, build_type=build_type)


if __name__ == "__main__":
    main()
