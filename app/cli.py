"""The `chainmap` command: serve the API, load seeds, import / export packages, generate
synthetic chains, manage API keys. Settings come from the environment or `.env`."""

from __future__ import annotations

import argparse
import logging
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from app.settings import Settings
from app.store import open_store, seed_missing
from graph.access.principal import Principal
from graph.errors import InvalidPackageError
from graph.package.formats import check_package, package_to_csv_zip
from graph.store.base import GraphStore
from graph.store.embedded_server import EmbeddedServerError
from viz.fonts import MissingFontError

EPILOG = """environment: CHAINMAP_STORE (embedded|neo4j), CHAINMAP_HOST, CHAINMAP_PORT,
CHAINMAP_DATA_DIR, CHAINMAP_LOAD_SEED, NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE.
The embedded store is used by one process at a time: stop the service before running
store commands on its data directory, or use the HTTP API instead."""


@contextmanager
def _store(settings: Settings) -> Iterator[GraphStore]:
    """The configured store for one command; closed (and the embedded server stopped) after it,
    however the command ends."""
    opened = open_store(settings)
    try:
        yield opened.store
    finally:
        opened.close()


def _cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    from app.main import create_app

    if args.port:
        settings.port = args.port
    if args.seed:
        settings.load_seed = True
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_level="info")
    return 0


def _cmd_seed(args: argparse.Namespace, settings: Settings) -> int:
    with _store(settings) as store:
        loaded = seed_missing(store)
    print(
        "loaded " + ", ".join(loaded)
        if loaded
        else "the store already holds every seed chain; nothing loaded"
    )
    return 0


def _cmd_import(args: argparse.Namespace, settings: Settings) -> int:
    from graph.versioning.intake import receive_package

    started = time.perf_counter()
    check = check_package(Path(args.package).read_bytes())
    try:
        package = check.checked()
    except InvalidPackageError as exc:
        print(f"{args.package}: {len(exc.issues)} problem(s); nothing was written", file=sys.stderr)
        for issue in exc.issues:
            print(f"  {issue.path}: {issue.message}", file=sys.stderr)
        return 2
    print(
        f"checked {args.package} ({check.form}) in {time.perf_counter() - started:.1f}s",
        file=sys.stderr,
    )
    if args.check:
        counts = {
            kind: len(getattr(package, kind)) for kind in ("links", "enterprises", "supplies")
        }
        print(f"{args.package}: a valid package of chain {package.chain.id} {counts}; not imported")
        return 0
    with _store(settings) as store:
        # Whoever can run the CLI on the data directory holds the whole store.
        operator = Principal(key_id=args.author, role="admin")
        intake = receive_package(store, package, operator)
    result, matches = intake.result, intake.matches.counts()
    print(
        f"imported {result.chain} as version {result.version} "
        f"in {time.perf_counter() - started:.1f}s: {result.counts}"
    )
    if matches["matched"] or matches["potential"]:
        print(
            f"firms already in the store: {matches['matched']} matched, "
            f"{matches['potential']} to review (GET /api/v1/chains/{result.chain}/matches)"
        )
    return 0


def _cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    from graph.reads.exporter import export_package

    with _store(settings) as store:
        package = export_package(store, args.chain)
    if args.format == "csv":
        data = package_to_csv_zip(package)
    elif args.format == "xlsx":
        from graph.package.workbook import package_to_workbook

        data = package_to_workbook(package)
    else:
        data = package.model_dump_json(by_alias=True, exclude_none=True, indent=1).encode()
    _write(args.output, data)
    return 0


def _cmd_template(args: argparse.Namespace, settings: Settings) -> int:
    from graph.package.workbook import package_to_workbook, template_workbook

    if args.chain is None:
        data = template_workbook()  # no store needed
    else:
        from graph.reads.exporter import export_package

        with _store(settings) as store:
            data = package_to_workbook(export_package(store, args.chain))
    _write(args.output or f"{args.chain or 'chain-template'}.xlsx", data)
    return 0


def _cmd_generate(args: argparse.Namespace, settings: Settings) -> int:
    from seeds.generator import generate_package

    started = time.perf_counter()
    package = generate_package(args.enterprises, args.seed)
    data = package.model_dump_json(by_alias=True, exclude_none=True).encode()
    _write(args.output, data)
    print(
        f"generated {len(package.enterprises)} enterprises, {len(package.supplies)} supplies "
        f"({len(data) / 1e6:.0f} MB) in {time.perf_counter() - started:.1f}s",
        file=sys.stderr,
    )
    return 0


def _cmd_keys(args: argparse.Namespace, settings: Settings) -> int:
    from graph.access.keys import create_key, list_keys

    with _store(settings) as store:
        if args.keys_command == "create":
            key_id, key = create_key(store, args.role, name=args.name, enterprise=args.enterprise)
            print(key)
            print(
                f"key {key_id} ({args.role}) created; it is shown this once only", file=sys.stderr
            )
        else:
            for info in list_keys(store):
                state = "revoked" if info.revoked else "active"
                print(f"{info.id}\t{info.role}\t{state}\t{info.name}\t{info.created_at}")
    return 0


def _audience(role: str) -> Principal:
    """Maps rendered from the command line show what a key of `role` would see."""
    return Principal(key_id="cli", role=role)  # type: ignore[arg-type]


def _cmd_render_map(args: argparse.Namespace, settings: Settings) -> int:
    from graph.reads.chains import get_chain
    from graph.views.chain_views import chain_map_skeleton
    from viz.interactive import render_map_html

    with _store(settings) as store:
        name = get_chain(store, args.chain).name
        skeleton = chain_map_skeleton(
            store,
            args.chain,
            _audience(args.audience),
            hide_illustrative=args.hide_illustrative,
            embed_firms=True,
        )
    _write(args.output, render_map_html(skeleton, title=f"{name} 产业链质量图谱").encode())
    return 0


def _cmd_export_map(args: argparse.Namespace, settings: Settings) -> int:
    from graph.views.chain_views import chain_overview_view
    from viz.overview import render_overview

    with _store(settings) as store:
        view = chain_overview_view(store, args.chain, _audience(args.audience))
    output = args.output or f"{args.chain}-overview.{args.format}"
    _write(
        output, render_overview(view, args.format, paper=args.paper, orientation=args.orientation)
    )
    return 0


def _cmd_report(args: argparse.Namespace, settings: Settings) -> int:
    from graph.reports.chain_report import chain_report
    from viz.report import render_report

    started = time.perf_counter()
    with _store(settings) as store:
        view = chain_report(store, args.chain, _audience(args.audience), issuer=args.issuer)
    data = render_report(view)
    _write(args.output or f"{args.chain}-report.pdf", data)
    print(f"report of {args.chain} in {time.perf_counter() - started:.1f}s", file=sys.stderr)
    return 0


def _write(output: str, data: bytes) -> None:
    if output == "-":
        sys.stdout.buffer.write(data)
    else:
        Path(output).write_bytes(data)
        print(f"wrote {output}", file=sys.stderr)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="chainmap",
        description="Industry-chain quality map service (产业链质量图谱).",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = commands.add_parser("serve", help="run the HTTP API (and the embedded store)")
    serve.add_argument("--port", type=int, help="port to listen on (default CHAINMAP_PORT, 8000)")
    serve.add_argument(
        "--seed", action="store_true", help="load the Linqing seed when the store does not hold it"
    )
    serve.set_defaults(run=_cmd_serve)

    seed = commands.add_parser(
        "seed", help="load the shipped seed chains the store does not hold yet"
    )
    seed.set_defaults(run=_cmd_seed)

    imp = commands.add_parser(
        "import",
        help="import a chain package (JSON, a zip of CSV files, or an Excel workbook) as a new "
        "version; a bad one gets every problem with its place and writes nothing",
    )
    imp.add_argument("package", help="path of the package file")
    imp.add_argument(
        "--author", default="cli", help="recorded in the version and the audit log (default: cli)"
    )
    imp.add_argument(
        "--check",
        action="store_true",
        help="only check the package and list its problems; open no store, write nothing",
    )
    imp.set_defaults(run=_cmd_import)

    exp = commands.add_parser("export", help="export a chain as a package")
    exp.add_argument("chain", help="chain id, e.g. linqing-bearing")
    exp.add_argument("-o", "--output", default="-", help="file to write (default: stdout)")
    exp.add_argument(
        "--format",
        choices=["json", "csv", "xlsx"],
        default="json",
        help="json document, zip of CSV files or Excel survey workbook (default: json)",
    )
    exp.set_defaults(run=_cmd_export)

    template = commands.add_parser(
        "template",
        help="write the Excel survey workbook to fill in and import (blank, or with a chain)",
    )
    template.add_argument(
        "-o", "--output", help="file (default chain-template.xlsx, or <chain>.xlsx)"
    )
    template.add_argument("--chain", help="fill it with this chain of the store (all its records)")
    template.set_defaults(run=_cmd_template)

    gen = commands.add_parser("generate", help="write a synthetic chain package for scale tests")
    gen.add_argument("--enterprises", type=int, required=True, help="number of enterprises")
    gen.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    gen.add_argument("-o", "--output", default="-", help="file to write (default: stdout)")
    gen.set_defaults(run=_cmd_generate)

    audience = argparse.ArgumentParser(add_help=False)
    audience.add_argument("--chain", required=True, help="chain id, e.g. linqing-bearing")
    audience.add_argument(
        "--audience",
        choices=["viewer", "member", "editor"],
        default="viewer",
        help="show what a key of this role sees (default viewer: public data only; member "
        "adds the problem and project libraries and member-shared achievements)",
    )
    render = commands.add_parser(
        "render-map",
        parents=[audience],
        help="write the interactive map as one standalone HTML file (works offline)",
    )
    render.add_argument("-o", "--output", default="map.html", help="file (default map.html)")
    render.add_argument(
        "--hide-illustrative", action="store_true", help="leave out placeholder and estimated data"
    )
    render.set_defaults(run=_cmd_render_map)
    overview = commands.add_parser(
        "export-map",
        parents=[audience],
        help="write the static overview map (Annex B) as PNG, PDF or SVG",
    )
    overview.add_argument("--format", choices=["png", "pdf", "svg"], default="png")
    overview.add_argument("-o", "--output", help="file (default <chain>-overview.<format>)")
    overview.add_argument("--paper", choices=["A3", "A2", "A1"], default="A3", help="sheet size")
    overview.add_argument("--orientation", choices=["landscape", "portrait"], default="landscape")
    overview.set_defaults(run=_cmd_export_map)
    report = commands.add_parser(
        "report",
        parents=[audience],
        help="write the chain quality report (PDF: map, numbers, bottlenecks, libraries, "
        "evaluation, changes)",
    )
    report.add_argument("-o", "--output", help="file (default <chain>-report.pdf)")
    report.add_argument("--issuer", help="the issuing body printed on the title page (编制单位)")
    report.set_defaults(run=_cmd_report)

    keys = commands.add_parser("keys", help="manage API keys")
    key_commands = keys.add_subparsers(dest="keys_command", required=True, metavar="ACTION")
    create = key_commands.add_parser("create", help="create a key and print it once")
    create.add_argument("--role", required=True, choices=["viewer", "member", "editor", "admin"])
    create.add_argument("--name", default="", help="who or what the key is for")
    create.add_argument("--enterprise", help="enterprise id the key acts for (directed sharing)")
    key_commands.add_parser("list", help="list keys (never their secrets)")
    keys.set_defaults(run=_cmd_keys)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    args = build_parser().parse_args(argv)
    try:
        return int(args.run(args, Settings()))
    except (LookupError, EmbeddedServerError, MissingFontError, OSError) as exc:
        # What a user can act on (unknown id, data directory in use, missing font, unreadable
        # file) gets one line, not a traceback.
        message = exc.args[0] if isinstance(exc, LookupError) and exc.args else exc
        print(f"chainmap: error: {message}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
