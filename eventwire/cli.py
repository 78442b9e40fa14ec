"""Command line: each command parses its arguments, calls one library function and prints the result.

Exit status: 0 success (documents with `error` set still count as read), 1 when an input could not
be read or a command failed, 2 for bad usage. Our errors print one line, never a traceback.
"""

from __future__ import annotations

import argparse
import csv
import json
import logging
import sys
from collections.abc import Callable

from . import export as export_mod
from .errors import EventwireError, UsageError
from .ingest import InputFailure
from .jobs import extract, ingest
from .models import to_dict
from .settings import Settings, load_settings
from .store import open_store
from .store.query import make_filter

EXTRACT_FORMATS = ("jsonl", "table")
EVENT_FORMATS = ("table", "jsonl", "csv")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse's default exit code 2 and one line
        raise UsageError(f"{self.prog}: {message}")


def _settings(args: argparse.Namespace) -> Settings:
    overrides = list(args.set or [])
    if getattr(args, "db", None):
        overrides.append(f"store.db={args.db}")
    if getattr(args, "workers", None) is not None:
        overrides.append(f"ingest.workers={args.workers}")
    return load_settings(overrides, args.config)


def _progress(count: int, seconds: float) -> None:
    if sys.stderr.isatty():
        print(f"\r  {count} documents, {count / max(seconds, 1e-9):.1f}/s", end="", file=sys.stderr, flush=True)
    elif count % 100 == 0:
        print(f"  {count} documents, {count / max(seconds, 1e-9):.1f}/s", file=sys.stderr, flush=True)


def cmd_extract(args: argparse.Namespace) -> int:
    failures: list[InputFailure] = []
    docs = extract(args.paths, _settings(args), failures)
    out = sys.stdout
    for doc in docs:
        if args.format == "jsonl":
            out.write(json.dumps(to_dict(doc), ensure_ascii=False) + "\n")
        else:
            events = [{**to_dict(e), "doc_id": doc.doc_id} for e in doc.events]
            out.write(f"# {doc.source}: {doc.title or ''}" + (f"  [error: {doc.error.message}]" if doc.error else "")
                      + "\n" + export_mod.table(events))
        out.flush()
    return 1 if failures else 0


def cmd_ingest(args: argparse.Namespace) -> int:
    settings = _settings(args)
    if args.dask:
        return _ingest_dask(args, settings)
    print(f"eventwire: ingesting into {settings.store.db}", file=sys.stderr)
    summary = ingest(args.paths, settings.store.db, settings, progress=_progress)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    print(summary.line(), file=sys.stderr)
    return 1 if summary.unreadable else 0


def _ingest_dask(args: argparse.Namespace, settings: Settings) -> int:
    from .distributed import default_shards_dir, load, run_dask

    shards = args.shards or default_shards_dir(settings.store.db)
    if not args.verbose:  # Dask logs every worker and connection at INFO
        logging.getLogger("distributed").setLevel(logging.WARNING)
    print(f"eventwire: processing on Dask ({args.dask}), shards in {shards}", file=sys.stderr)
    result = run_dask(args.paths, shards, args.dask, settings, progress=lambda r: print(
        f"  shard {r.name}: {r.status}, {r.documents} documents", file=sys.stderr), db=settings.store.db)
    print(result.line(), file=sys.stderr)
    for name, error in result.failed.items():
        print(f"eventwire: shard {name} failed: {error}; run the same command again to retry it",
              file=sys.stderr)
    if args.no_load:
        return 1 if result.failed else 0
    summary = load(shards, settings.store.db, progress=_progress, dedup=settings.ingest.dedup)
    print(f"loaded into {settings.store.db}: {summary.line()}", file=sys.stderr)
    return 1 if result.failed or summary.unreadable else 0


def cmd_load(args: argparse.Namespace) -> int:
    from .distributed import load

    settings = _settings(args)
    summary = load(args.shards_dir, settings.store.db, progress=_progress, dedup=settings.ingest.dedup)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    print(f"loaded into {settings.store.db}: {summary.line()}", file=sys.stderr)
    return 0


def cmd_watch(args: argparse.Namespace) -> int:
    from .watch import watch

    settings = _settings(args)
    print(f"eventwire: watching {', '.join(args.targets)} into {settings.store.db}"
          + ("" if args.once else f", every {args.interval:g} s (Ctrl-C stops)"), file=sys.stderr)
    total = watch(args.targets, settings.store.db, settings, args.interval, args.once, args.state,
                  on_poll=lambda summary: print(f"  poll: {summary.line()}", file=sys.stderr))
    print(total.line(), file=sys.stderr)
    return 0


def _filter(args: argparse.Namespace):  # noqa: ANN202
    return make_filter(args.since, args.until, args.country, args.type, args.actor, args.near, args.text,
                       args.limit)


def cmd_events(args: argparse.Namespace) -> int:
    settings = _settings(args)
    with open_store(settings.store.db, readonly=True) as store:
        if args.unit != "mentions":
            clusters = store.clusters(_filter(args))
        else:
            events = store.events(_filter(args))
    if args.unit != "mentions":
        if args.format == "jsonl":
            for c in clusters:
                sys.stdout.write(json.dumps(c, ensure_ascii=False) + "\n")
        elif args.format == "csv":
            writer = csv.DictWriter(sys.stdout, fieldnames=export_mod.CLUSTER_COLUMNS)
            writer.writeheader()
            writer.writerows(export_mod.cluster_row(c) for c in clusters)
        else:
            sys.stdout.write(export_mod.cluster_table(clusters))
        return 0
    if args.format == "jsonl":
        for ev in events:
            sys.stdout.write(json.dumps(ev, ensure_ascii=False) + "\n")
    elif args.format == "csv":
        export_mod.write_csv(events, sys.stdout)
    else:
        sys.stdout.write(export_mod.table(events))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    settings = _settings(args)
    unit = export_mod.export_unit(args.format, args.unit)
    count = export_mod.export(settings.store.db, args.format, args.output, unit=unit)
    print(f"eventwire: exported {count} {'events' if unit == 'mentions' else unit}"
          + (f" to {args.output}" if args.output else ""), file=sys.stderr)
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    settings = _settings(args)
    with open_store(settings.store.db, readonly=True) as store:
        stats = store.stats(_filter(args)) if args.unit == "mentions" else store.cluster_stats(_filter(args))
    if args.format == "json":
        print(json.dumps(stats, indent=2))
        return 0
    if args.unit == "mentions":
        print(f"{stats['events']} events in {stats['documents']} documents, {stats['failures']} failures")
    else:
        print(f"{stats['clusters']} real events (clusters) from {stats['mentions']} event reports in "
              f"{stats['documents']} documents ({stats['copies']} wire copies), {stats['failures']} failures")
    for key in ("by_type", "by_country", "by_day"):
        print(f"\n{key.replace('_', ' ')}:")
        for name, n in stats[key].items():
            print(f"  {name:<12} {n}")
    return 0


def cmd_config(args: argparse.Namespace) -> int:
    settings = _settings(args)
    for section, values in settings.as_dict().items():
        print(f"[{section}]")
        for key, value in values.items():
            source = settings.sources.get(f"{section}.{key}", "default")
            print(f"{key} = {json.dumps(list(value) if isinstance(value, tuple) else value)}  # {source}")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from .api import serve  # imported here: FastAPI and uvicorn load only for this command

    settings = _settings(args)
    serve(settings.store.db, args.host, args.port, args.ingest_token, settings, args.workers)
    return 0


def _common(p: argparse.ArgumentParser, db: bool = False) -> None:
    p.add_argument("--set", action="append", metavar="KEY=VALUE", help="override a setting, e.g. nlp.batch_size=64")
    p.add_argument("--config", metavar="FILE", help="settings file (TOML); default ./eventwire.toml if present")
    if db:
        p.add_argument("--db", metavar="FILE|URL", help="database file, or postgresql://USER@HOST/DBNAME "
                       "(default: store.db setting, eventwire.db)")


def _units(p: argparse.ArgumentParser, command: str) -> None:
    group = p.add_mutually_exclusive_group()
    default = " (default; jsonl exports documents unless --clusters)" if command == "export" else " (default)"
    group.add_argument("--clusters", dest="unit", action="store_const", const="clusters",
                       help="one row per real event: every report of it merged, with report and outlet counts"
                       + default)
    group.add_argument("--mentions", dest="unit", action="store_const", const="mentions",
                       help="one row per event as each document reports it")


def _filters(p: argparse.ArgumentParser) -> None:
    p.add_argument("--since", help="first event date, YYYY-MM-DD")
    p.add_argument("--until", help="last event date, YYYY-MM-DD")
    p.add_argument("--country", help="ISO3 code of the event's place or an actor's country")
    p.add_argument("--type", help="PLOVER event type, e.g. ASSAULT")
    p.add_argument("--actor", help="actor name, text or code (substring)")
    p.add_argument("--near", metavar="LAT,LON,KM", help="events within KM of a point")
    p.add_argument("--text", help="full-text search over the evidence sentences")
    p.add_argument("--limit", type=int, default=100, help="at most this many events (default 100)")


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser with every command."""
    parser = _Parser(prog="eventwire", description="Turn news articles into dated, geocoded, deduplicated "
                     "event records (PLOVER and CAMEO) with their evidence.")
    parser.add_argument("-v", "--verbose", action="store_true", help="log warnings for each failed document")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands: dict[str, tuple[Callable[[argparse.Namespace], int], str]] = {
        "extract": (cmd_extract, "process articles and print their documents and events; store nothing"),
        "ingest": (cmd_ingest, "process articles and store them in the database"),
        "events": (cmd_events, "list stored events, filtered: one row per real event (--mentions: per report)"),
        "export": (cmd_export, "write stored documents (jsonl), or real events / reports (csv, parquet, geojson)"),
        "stats": (cmd_stats, "count stored real events (or --mentions) by day, country and type"),
        "config": (cmd_config, "print the resolved settings and where each came from"),
        "load": (cmd_load, "merge the Parquet shards of `ingest --dask` into the database (idempotent)"),
        "watch": (cmd_watch, "ingest new files in directories and new entries of feeds as they appear"),
        "serve": (cmd_serve, "serve the HTTP API and the web page (map, timeline, evidence) over the database"),
    }
    parsers = {}
    for name, (func, help_text) in commands.items():
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.set_defaults(func=func)
        parsers[name] = p
    parsers["extract"].add_argument("paths", nargs="+", metavar="PATH", help="files, directories, or - for stdin")
    parsers["extract"].add_argument("--format", choices=EXTRACT_FORMATS, default="jsonl")
    _common(parsers["extract"])
    parsers["ingest"].add_argument("paths", nargs="+", metavar="PATH",
                                   help="files (text, HTML, JSON Lines, WARC, RSS/Atom), directories, URLs, "
                                   "or - for stdin")
    parsers["ingest"].add_argument("--workers", type=int, metavar="N",
                                   help="worker processes, one spaCy pipeline each (default: one per core)")
    parsers["ingest"].add_argument("--dask", metavar="ADDRESS", help="run on a Dask cluster: its scheduler "
                                   "(tcp://HOST:8786), or 'local' for one on this machine")
    parsers["ingest"].add_argument("--shards", metavar="DIR", help="with --dask: where each shard's Parquet "
                                   "file goes (default: DB.shards); shared by all machines")
    parsers["ingest"].add_argument("--no-load", action="store_true", help="with --dask: write the shards "
                                   "only; `eventwire load DIR` merges them later")
    _common(parsers["ingest"], db=True)
    parsers["load"].add_argument("shards_dir", metavar="SHARDS_DIR", help="directory of Parquet shards")
    _common(parsers["load"], db=True)
    parsers["watch"].add_argument("targets", nargs="+", metavar="DIR|FEED",
                                  help="directories to watch for new files, RSS/Atom feed files or URLs")
    parsers["watch"].add_argument("--interval", type=float, default=300.0, metavar="SECONDS",
                                  help="seconds between polls (default 300)")
    parsers["watch"].add_argument("--once", action="store_true", help="poll once and exit (for cron)")
    parsers["watch"].add_argument("--state", metavar="FILE", help="what has been seen (default: DB.watch)")
    parsers["watch"].add_argument("--workers", type=int, metavar="N",
                                  help="worker processes (default: one per core)")
    _common(parsers["watch"], db=True)
    for name in ("events", "export", "stats"):
        _units(parsers[name], name)
    _filters(parsers["events"])
    parsers["events"].add_argument("--format", choices=EVENT_FORMATS, default="table")
    _common(parsers["events"], db=True)
    parsers["export"].add_argument("--format", choices=export_mod.EXPORT_FORMATS, default="jsonl")
    parsers["export"].add_argument("-o", "--output", metavar="FILE", help="output file (default: stdout)")
    _common(parsers["export"], db=True)
    _filters(parsers["stats"])
    parsers["stats"].add_argument("--format", choices=("text", "json"), default="text")
    _common(parsers["stats"], db=True)
    _common(parsers["config"])
    serve = parsers["serve"]
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
    serve.add_argument("--ingest-token", metavar="TOKEN", help="enable POST /api/documents for clients that "
                       "send `Authorization: Bearer TOKEN`; without it the server is read-only")
    serve.add_argument("--workers", type=int, metavar="N", help="server processes (default: one per core, "
                       "at most 4; 1 with --ingest-token); several spread reads over cores and serve read-only")
    _common(parsers["serve"], db=True)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        logging.basicConfig(level=logging.WARNING if args.verbose else logging.ERROR, format="eventwire: %(message)s")
        if not getattr(args, "command", None):
            parser.print_help(sys.stderr)
            return 2
        return args.func(args)
    except EventwireError as exc:
        print(f"eventwire: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("eventwire: interrupted; what was stored so far is kept, run again to continue", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
