"""The command line behind ``python -m graph_api.generate``."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from graph_api.generate.sample import SAMPLE_FILE_NAME, generate_sample, real_seed_paths, to_json
from graph_api.seeding.files import load_seed_files, parse_seed_documents


def main(argv: Sequence[str] | None = None) -> None:
    """Command line: print (or write with --output) the sample seed file for a seed."""
    parser = argparse.ArgumentParser(
        prog="python -m graph_api.generate",
        description="Generate the invented sample collaboration data (sample: true) around "
        f"the real seeds/real-*.json files. Commit the output as seeds/{SAMPLE_FILE_NAME}.",
    )
    parser.add_argument("--seed", type=int, default=2019, help="random seed (default 2019)")
    parser.add_argument("--enterprises", type=int, default=120, help="sample enterprises (120)")
    parser.add_argument("--events", type=int, default=14, help="sample events (14)")
    parser.add_argument("-o", "--output", type=Path, help="write here, not to standard output")
    args = parser.parse_args(argv)
    paths = real_seed_paths()
    try:
        document = generate_sample(
            load_seed_files(paths), seed=args.seed, enterprises=args.enterprises, events=args.events
        )
        text = to_json(document)
        documents = [(str(path), json.loads(path.read_text(encoding="utf-8"))) for path in paths]
        parse_seed_documents([*documents, ("generated sample", json.loads(text))])
    except ValueError as exc:  # SeedError too
        parser.exit(1, f"error: {exc}\n")
    if args.output is not None:
        args.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.flush()
