"""The `handlingsplan` command: check, list, set, and (without a subcommand) open plans."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from tui import texts
from tui.domain import deadlines, fields
from tui.store.storage import LoadedPlan, PlanError, discover, load, os_reason

COMMANDS = (
    "check",
    "list",
    "set",
    "show",
    "import",
    "export",
    "next-period",
    "report",
    "calendar",
    "diff",
    "git-setup",
    "merge",
    "log",
)
DEFAULT_PATH = "plans"


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage mistake is one line and exit 1 like every other user error."""

    def error(self, message: str, command: str | None = None):
        words = self.prog.split()
        program = " ".join(words[:1] + ([command] if command else words[1:]))
        raise UsageError(texts.USAGE_ERROR.format(message=message, program=program))

    def parse_args(self, args=None, namespace=None):
        # argparse reports a subcommand's unknown option from the top-level parser, which does
        # not know the subcommand: name it here so the hint points at the right --help.
        parsed, extras = self.parse_known_args(args, namespace)
        if extras:
            message = "unrecognized arguments: " + " ".join(extras)
            self.error(message, getattr(parsed, "command", None))
        return parsed


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="handlingsplan", description=texts.CLI_DESCRIPTION)
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)

    show = sub.add_parser("show", help="vis oversikten over planene (kapitler, seksjoner, tiltak)")
    show.add_argument("paths", nargs="*", default=[DEFAULT_PATH], metavar="PATH")

    check = sub.add_parser("check", help="kontroller planer; exit 0 bare når det ikke er feil")
    check.add_argument("paths", nargs="+", metavar="PATH", help="planfil eller mappe med planer")

    listing = sub.add_parser("list", help="list tiltak som passer alle filtrene, sortert på frist")
    listing.add_argument("paths", nargs="+", metavar="PATH", help="planfil eller mappe med planer")
    add_filter_arguments(listing)
    listing.add_argument("--format", choices=("table", "json"), default="table")

    setter = sub.add_parser(
        "set",
        help="endre felt i ett tiltak (minimal diff)",
        description="Felt: " + ", ".join(fields.FIELDS) + ". responsible tar en kommaliste.",
    )
    setter.add_argument("plan", metavar="PLAN")
    setter.add_argument("measure_id", metavar="MEASURE_ID")
    setter.add_argument("assignments", nargs="+", metavar="FIELD=VALUE")

    exporter = sub.add_parser(
        "export",
        help="Markdown (eller HTML) til nettsiden",
        description="Skriver planen som Markdown til stdout eller til -o FIL. Filtrene er de "
        "samme som for list; et filtrert uttrekk beholder overskriftene til tiltakene det viser.",
    )
    exporter.add_argument("paths", nargs="+", metavar="PATH", help="planfil eller mappe med planer")
    exporter.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="skriv til FILE (atomisk); en plan, en mappe, en enhet eller en av planene som "
        "leses, blir aldri overskrevet",
    )
    exporter.add_argument(
        "--profile",
        choices=("cms", "ssg"),
        default="cms",
        help="cms: ren CommonMark+GFM; ssg: front matter, id-er og innhold",
    )
    exporter.add_argument(
        "--layout",
        choices=("list", "table"),
        default="list",
        help="table: hver seksjons tiltak som én tabell",
    )
    exporter.add_argument(
        "--internal", action="store_true", help="ta med kommentar, budsjett og prosjektnummer"
    )
    exporter.add_argument("--format", choices=("md", "html"), default="md")
    add_filter_arguments(exporter)

    importer = sub.add_parser(
        "import",
        help="ny plan fra Word (.docx), ren tekst (Word/PDF) eller Markdown fra export",
    )
    importer.add_argument("source", metavar="FILE")
    importer.add_argument(
        "-o", "--output", metavar="PLAN.toml", help="ny planfil (standard: FILE med endelsen .toml)"
    )
    importer.add_argument(
        "--force",
        action="store_true",
        help="overskriv en eksisterende fil, også en plan (aldri FILE selv, en mappe eller enhet)",
    )
    add_next_period_parser(sub)
    add_report_parser(sub)
    add_calendar_parser(sub)
    add_diff_parser(sub)
    add_git_setup_parser(sub)
    add_merge_parser(sub)
    add_log_parser(sub)
    return parser


def add_diff_parser(sub) -> None:
    diff = sub.add_parser(
        "diff",
        help="forskjellen mellom to versjoner av en plan, i ord",
        description="OLD NEW, eller de 7 argumentene git gir en ekstern diff "
        "(PATH OLD-FIL OLD-HEX OLD-MODE NEW-FIL NEW-HEX NEW-MODE).",
    )
    diff.add_argument("files", nargs="+", metavar="FILE")


def add_git_setup_parser(sub) -> None:
    setup = sub.add_parser(
        "git-setup", help="sett opp git-depotet: diff i ord og fletting tiltak for tiltak"
    )
    setup.add_argument("folder", nargs="?", default=".", metavar="DIR")


def add_merge_parser(sub) -> None:
    merge = sub.add_parser(
        "merge",
        help="git merge-driver: trevegs fletting tiltak for tiltak (%%O %%A %%B %%P)",
        description="Resultatet skrives til OURS; exit 1 ved konflikt.",
    )
    merge.add_argument("base", metavar="BASE")
    merge.add_argument("ours", metavar="OURS")
    merge.add_argument("theirs", metavar="THEIRS")
    merge.add_argument("path", nargs="?", metavar="PATH", help="filens navn i depotet")


def add_log_parser(sub) -> None:
    log = sub.add_parser("log", help="historikken til ett tiltak fra git")
    log.add_argument("plan", metavar="PLAN")
    log.add_argument("reference", metavar="REF", help="tiltakets id eller nummer (3.2.4)")


def add_filter_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--role",
        action="append",
        default=[],
        metavar="R",
        help="ansvarlig rolle (kan gjentas; alle må passe)",
    )
    parser.add_argument("--due-before", metavar="DATE", help="frist strengt før DATE")
    parser.add_argument("--due-after", metavar="DATE", help="frist strengt etter DATE")
    parser.add_argument("--overdue", action="store_true", help="fristen er passert, ikke fullført")
    parser.add_argument("--status", action="append", default=[], metavar="S")
    parser.add_argument("--text", metavar="WORDS", help="alle ordene må forekomme")
    parser.add_argument(
        "--today", metavar="DATE", help="regn som om i dag er DATE (for planlegging)"
    )


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    not_utf8 = next((arg for arg in argv if _has_surrogates(arg)), None)
    if not_utf8 is not None:
        shown = "".join("\ufffd" if _has_surrogates(c) else c for c in not_utf8)
        print(f"handlingsplan: {texts.ARGUMENT_NOT_UTF8.format(argument=shown)}", file=sys.stderr)
        return 1
    if not argv or (argv[0] not in COMMANDS and argv[0] not in ("-h", "--help")):
        return open_tui(argv or [DEFAULT_PATH])
    try:
        args = build_parser().parse_args(argv)
        return HANDLERS[args.command](args)
    except (UsageError, PlanError, fields.EditError) as error:
        print(f"handlingsplan: {error}", file=sys.stderr)
        return 1
    except OSError as error:  # a file system problem not tied to one plan's content
        where = error.filename or ""
        print(f"handlingsplan: {where}: {os_reason(error)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"handlingsplan: {texts.INTERRUPTED}", file=sys.stderr)
        return 130


def _has_surrogates(text: str) -> bool:
    """Python hands over bytes that are not UTF-8 as lone surrogates (surrogateescape); such
    text cannot be printed, compared with a plan's text or written to a plan."""
    return any("\ud800" <= char <= "\udfff" for char in text)


def open_tui(paths: list[str]) -> int:
    """`handlingsplan [PATH…]`: the TUI. Paths are checked first so a typo is one line."""
    try:
        discover(paths)
    except PlanError as error:
        print(f"handlingsplan: {error}", file=sys.stderr)
        return 1
    from tui.ui.app import run

    return run(paths)


# --- check --------------------------------------------------------------------------------


def cmd_check(args) -> int:
    from tui.actions.check import ERROR, check_paths

    paths = discover(args.paths)
    findings = check_paths(paths)
    for finding in findings:
        print(finding)
    errors = sum(1 for f in findings if f.severity == ERROR)
    warnings = len(findings) - errors
    if findings:
        summary = texts.CHECK_SUMMARY.format(errors=errors, warnings=warnings, count=len(paths))
    else:
        summary = texts.CHECK_CLEAN.format(count=len(paths))
    print(summary, file=sys.stderr)
    return 1 if errors else 0


# --- list ---------------------------------------------------------------------------------


def filter_from_args(args):
    from tui.domain.filters import Filter

    _refuse_empty_values(args)
    _refuse_unknown_statuses(args.status)
    today = _parse_date(args.today, date.today()) if args.today else date.today()
    return Filter(
        roles=args.role,
        due_before=_parse_date(args.due_before, today) if args.due_before else None,
        due_after=_parse_date(args.due_after, today) if args.due_after else None,
        overdue=args.overdue,
        statuses=args.status,
        text=args.text or "",
        today=today,
    )


def _refuse_empty_values(args) -> None:
    """`--role ""` is a mistake (an unset shell variable, say), not "any role"."""
    given = [("--role", v) for v in args.role] + [("--status", v) for v in args.status]
    given += [
        ("--due-before", args.due_before),
        ("--due-after", args.due_after),
        ("--text", args.text),
        ("--today", args.today),
    ]
    _refuse_empty_values_of(*given)


def _refuse_unknown_statuses(statuses: list[str]) -> None:
    """A misspelt status would match nothing and look like "no measure has it"."""
    import difflib

    from tui.domain.model import STATUSES
    from tui.domain.textkey import status_key

    known = [status for status in STATUSES if status]
    for given in statuses:
        if status_key(given) not in known:
            close = difflib.get_close_matches(status_key(given), known, n=1)
            if close:
                raise UsageError(texts.UNKNOWN_STATUS_FILTER.format(status=given, close=close[0]))
            raise UsageError(texts.UNKNOWN_STATUS.format(status=given, allowed=", ".join(known)))


def _refuse_empty_values_of(*given: tuple[str, str | None]) -> None:
    for option, value in given:
        if value is not None and not value.strip():
            raise UsageError(texts.EMPTY_OPTION.format(option=option))


def _parse_date(text: str, today: date) -> date:
    parsed = deadlines.parse_user_date(text, today)
    if parsed is None:
        raise UsageError(texts.BAD_DATE.format(text=text))
    return parsed


def load_all(paths: list[str]) -> tuple[list[LoadedPlan], list[PlanError]]:
    loaded, failed = [], []
    for path in discover(paths):
        try:
            loaded.append(load(path, editing=False))
        except PlanError as error:
            failed.append(error)
    return loaded, failed


def cmd_list(args) -> int:
    from tui.domain.filters import rows_for, select

    criteria = filter_from_args(args)
    plans, failed = load_all(args.paths)
    for error in failed:
        for line in _error_lines(error):
            print(f"handlingsplan: {line}", file=sys.stderr)
    rows = [row for p in plans for row in rows_for(p.plan, str(p.path))]
    chosen = select(rows, criteria)
    if args.format == "json":
        # One write: json.dump writes every token on its own (~10,000 writes at 5,000 measures)
        text = json.dumps([r.to_json() for r in chosen], ensure_ascii=False, indent=2)
        sys.stdout.write(text)
        sys.stdout.write("\n")
    else:
        _print_table(chosen, show_plan=len(plans) > 1)
    return 1 if failed else 0


def _error_lines(error: PlanError) -> list[PlanError]:
    """A file with git's conflict markers: one line per conflict, naming its measure."""
    from tui.store.storage import ConflictMarkers

    if isinstance(error, ConflictMarkers):
        from tui.git.merge import conflicts_in

        return conflicts_in(Path(error.path), error.text) or [error]
    return [error]


def _print_table(rows, show_plan: bool) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    if not rows:
        console.print(texts.NO_MATCHES)
        return
    table = Table(show_lines=False, expand=False)
    if show_plan:
        table.add_column(texts.COL_PLAN, no_wrap=True)
    table.add_column(texts.COL_NUMBER, no_wrap=True)
    table.add_column(texts.COL_TEXT, ratio=3)
    table.add_column(texts.COL_RESPONSIBLE, ratio=1)
    table.add_column(texts.COL_DEADLINE, no_wrap=True)
    table.add_column(texts.COL_STATUS, no_wrap=True)
    for row in rows:
        cells = [
            row.label,
            _preview(row.measure.text),
            _responsible_text(row),
            row.measure.deadline,
            row.measure.status,
        ]
        if show_plan:
            cells.insert(0, Path(row.plan_path).stem)
        table.add_row(*(_plain(c) for c in cells))
    console.print(table)


def _preview(text, limit: int = 300) -> str:
    """A table cell shows the start of a long text; --format json has all of it."""
    flat = " ".join(str(text)[: limit * 2].split())
    return flat if len(flat) <= limit and len(str(text)) <= limit * 2 else flat[:limit] + " …"


def _plain(value) -> str:
    from rich.markup import escape

    return escape(str(value))


def _responsible_text(row) -> str:
    names = ", ".join(row.responsible)
    qualifier = str(row.measure.qualifier or "")
    return f"{names} ({qualifier})" if qualifier else names


# --- set ----------------------------------------------------------------------------------


def cmd_set(args) -> int:
    from tui.actions.workspace import editing

    values = {}
    for assignment in args.assignments:
        name, sep, raw = assignment.partition("=")
        if not sep:
            raise UsageError(texts.BAD_ASSIGNMENT.format(text=assignment))
        values[name] = raw
    with editing(args.plan) as (workspace, loaded):
        if loaded.plan.find_measure(args.measure_id) is None:
            raise PlanError(
                loaded.path, texts.UNKNOWN_MEASURE.format(id=args.measure_id, plan=args.plan)
            )
        workspace.set_fields(loaded, args.measure_id, values)
        changed = workspace.save(loaded)
    message = texts.SAVED if changed else texts.NOTHING_CHANGED
    print(message.format(path=loaded.path), file=sys.stderr)
    return 0


# --- show (the overview; the TUI replaces it) ------------------------------------------------


def cmd_show(args) -> int:
    from rich.console import Console
    from rich.markup import escape
    from rich.tree import Tree

    plans, failed = load_all(args.paths)
    console = Console()
    for error in failed:
        print(f"handlingsplan: {error}", file=sys.stderr)
    for loaded in plans:
        plan = loaded.plan
        root = Tree(
            f"[bold]{escape(plan.title or loaded.name)}[/] ({escape(plan.period_text)})"
            f" — {escape(str(loaded.path))}"
        )
        nodes = {}
        for ref in plan.walk():
            parent = nodes.get(id(ref.parent.section)) if ref.parent else root
            count = len(ref.section.measures)
            suffix = f" [dim]({texts.OVERVIEW_MEASURES.format(count=count)})[/]" if count else ""
            nodes[id(ref.section)] = parent.add(escape(ref.label or "—") + suffix)
        console.print(root)
    return 1 if failed else 0


# --- export -------------------------------------------------------------------------------


def cmd_export(args) -> int:
    from tui.formats.export import Options, render, render_html

    criteria = filter_from_args(args)
    plans, failed = load_all(args.paths)
    if failed:
        raise failed[0]
    options = Options(args.profile, args.layout, args.internal, criteria)
    pairs = [(str(p.path), p.plan) for p in plans]
    text = render_html(pairs, options) if args.format == "html" else render(pairs, options)
    _write_or_print(text, args.output, [p.path for p in plans])
    return 0


# --- import -------------------------------------------------------------------------------


def import_any(source: Path):
    """The importer for the file's kind: .docx, Markdown from `export`, or plain text."""
    from tui.store.storage import read_text

    if not source.exists():
        raise PlanError(source, texts.PATH_MISSING)
    if source.suffix.lower() == ".docx":
        from tui.formats.import_docx import import_docx

        return import_docx(source)
    text, _, _ = read_text(source)
    if not text.strip():
        raise PlanError(source, texts.EMPTY_SOURCE, 1)
    if source.suffix.lower() in (".md", ".markdown"):
        from tui.formats.import_markdown import FrontMatterError, import_markdown

        try:
            return import_markdown(text)
        except FrontMatterError as error:
            raise PlanError(source, error.message, error.line) from None
    from tui.formats.import_text import import_text

    return import_text(text)


def cmd_import(args) -> int:
    from tui.store.storage import create

    source = Path(args.source)
    result = import_any(source)
    target = Path(args.output) if args.output else source.with_suffix(".toml")
    create(target, result.plan.to_data(), overwrite=args.force, inputs=[source])
    plan = result.plan
    sections = list(plan.walk())
    blocks = [b for ref in sections for b in ref.section.blocks]
    counts = texts.IMPORT_SUMMARY.format(
        chapters=len(plan.chapters),
        sections=len(sections) - len(plan.chapters),
        measures=sum(1 for _ in plan.measures()),
        lists=sum(1 for b in blocks if b.type == "liste"),
        tables=sum(1 for b in blocks if b.type == "tabell"),
        calendar=sum(len(b.data.get("aktiviteter", [])) for b in blocks if b.type == "kalender"),
    )
    print(f"{target}: {counts}", file=sys.stderr)
    for warning in result.warnings:
        print(f"{source}:{warning.line}: {texts.WARNING}: {warning.message}", file=sys.stderr)
    return 0


# --- next-period ----------------------------------------------------------------------------


def add_next_period_parser(sub) -> None:
    parser = sub.add_parser(
        "next-period",
        help="neste periodes plan fra denne (fullførte og avlyste tiltak utelatt)",
        description="Skriver en ny plan for perioden: kapitler, tekster og tiltak følger med, "
        "fullførte og avlyste tiltak utelates, status tømmes, aktivitetsplanen tømmes, "
        "vedtatt blankes. Id-ene beholdes. Eksisterende filer overskrives aldri.",
    )
    parser.add_argument("plan", metavar="PLAN")
    parser.add_argument(
        "--period",
        required=True,
        metavar="ÅR[–ÅR]",
        help="den nye perioden, f.eks. 2026–2027, 2026-2027 eller 2026",
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="NEW.toml",
        help="ny planfil (standard: PLAN med periodens år byttet)",
    )


def cmd_next_period(args) -> int:
    from tui.actions.next_period import (
        PeriodError,
        parse_period_argument,
        summary_lines,
        write_next_period,
    )

    try:
        period = parse_period_argument(args.period)
    except PeriodError as error:
        raise UsageError(f"--period {error}") from None
    source = Path(args.plan)
    target = Path(args.output) if args.output else None
    written, carried = write_next_period(source, period, target)
    for line in summary_lines(written, source, carried):
        print(line, file=sys.stderr)
    return 0


# --- report -------------------------------------------------------------------------------


def add_report_parser(sub) -> None:
    parser = sub.add_parser(
        "report",
        help="planens del av årsberetningen: status per tiltak, antall, forfalte",
        description="Hvert tiltak med status, ansvar og frist per kapittel og seksjon, antall "
        "per status og per kapittel, og forfalte tiltak. I git vises datoen hver status ble "
        "satt, og --as-of viser planen slik den var committet den dagen.",
    )
    parser.add_argument("path", metavar="PLAN", help="én planfil (ikke en mappe)")
    parser.add_argument(
        "--as-of",
        metavar="DATE",
        help="rapportdato (standard: i dag); i git: planen slik den var da",
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="skriv til FILE (atomisk); en plan eller PLAN blir aldri overskrevet",
    )
    parser.add_argument("--profile", choices=("cms", "ssg"), default="cms", help="som for export")
    parser.add_argument("--format", choices=("md", "html"), default="md")


def cmd_report(args) -> int:
    from tui.actions import report

    _refuse_empty_values_of(("--as-of", args.as_of))
    as_of = _parse_date(args.as_of, date.today()) if args.as_of else None
    path = Path(args.path)
    source = report.load_source(path, as_of)
    day = as_of or date.today()
    text = (
        report.render_html(source, day)
        if args.format == "html"
        else report.render(source, day, args.profile)
    )
    _write_or_print(text, args.output, [path])
    return 0


def _write_or_print(text: str, output: str | None, inputs: list[Path]) -> None:
    from tui.store.storage import write_output

    if output:
        write_output(Path(output), text.encode("utf-8"), inputs)
    else:
        sys.stdout.write(text)


# --- calendar -------------------------------------------------------------------------------


def add_calendar_parser(sub) -> None:
    parser = sub.add_parser(
        "calendar",
        help="iCalendar-fil (.ics) med fristene og aktivitetsplanen, for telefonens kalender",
        description="Én heldagshendelse per tiltak med datert frist og per aktivitet med dato. "
        "UID-ene kommer fra planens id-er, så en ny import oppdaterer i stedet for å doble. "
        "Filtrene er de samme som for list (f.eks. --role Leder for en kalender per rolle).",
    )
    parser.add_argument("path", metavar="PLAN", help="én planfil (ikke en mappe)")
    parser.add_argument(
        "-o", "--output", metavar="FILE.ics", help="skriv til FILE.ics (atomisk; standard: stdout)"
    )
    add_filter_arguments(parser)


def cmd_calendar(args) -> int:
    from tui.actions.check import refuse_unsound
    from tui.formats import ics

    criteria = filter_from_args(args)
    path = Path(args.path)
    loaded = load(path, editing=False)
    # Event UIDs come from the ids: a duplicate or missing one would merge or lose events.
    refuse_unsound(loaded, texts.CALENDAR_PLAN_HAS_ERRORS)
    result = ics.build(loaded.plan, str(path), criteria)
    _write_or_print(result.text, args.output, [path])
    for line in ics.summary_lines(args.output or "-", result):
        print(line, file=sys.stderr)
    return 0


# --- git (issue 18) --------------------------------------------------------------------------


def cmd_diff(args) -> int:
    from tui.git.diff import diff_lines, git_external

    if len(args.files) == 7:
        lines = git_external(args.files)
    elif len(args.files) == 2:
        lines = diff_lines(Path(args.files[0]), Path(args.files[1]))
    else:
        raise UsageError(
            texts.USAGE_ERROR.format(message=texts.DIFF_ARGUMENTS, program="handlingsplan diff")
        )
    for line in lines:
        print(line)
    return 0


def cmd_git_setup(args) -> int:
    from tui.git.repo import setup

    changed = setup(Path(args.folder))
    for line in changed:
        print(line)
    if not changed:
        print(texts.GIT_SETUP_NOTHING, file=sys.stderr)
    return 0


def cmd_merge(args) -> int:
    from tui.git.merge import Unmergeable, merge_files, plain_merge

    shown = args.path or args.ours
    try:
        conflicts = merge_files(Path(args.base), Path(args.ours), Path(args.theirs))
    except (Unmergeable, PlanError) as error:
        reason = str(error) if isinstance(error, PlanError) else texts.MERGE_FALLBACK_STRUCTURE
        print(
            f"handlingsplan: {texts.MERGE_FALLBACK.format(path=shown, reason=reason)}",
            file=sys.stderr,
        )
        plain_merge(Path(args.base), Path(args.ours), Path(args.theirs))
        return 1
    if conflicts:
        print(
            f"handlingsplan: {texts.MERGE_CONFLICTS.format(path=shown, count=len(conflicts))}",
            file=sys.stderr,
        )
        return 1
    return 0


def cmd_log(args) -> int:
    from tui.git.repo import measure_log

    loaded = load(args.plan, editing=False)
    found = loaded.plan.resolve_measure(args.reference)
    if found is None:
        raise PlanError(loaded.path, texts.LOG_UNKNOWN_MEASURE.format(ref=args.reference))
    entries = measure_log(loaded.path, str(found.measure.id))
    if not entries:
        print(texts.LOG_NO_CHANGES.format(ref=args.reference), file=sys.stderr)
    for entry in entries:
        print(f"{entry.date} {entry.author} {entry.commit}")
        for change in entry.changes:
            print(f"  {change}")
    return 0


HANDLERS = {
    "check": cmd_check,
    "list": cmd_list,
    "set": cmd_set,
    "show": cmd_show,
    "import": cmd_import,
    "export": cmd_export,
    "next-period": cmd_next_period,
    "report": cmd_report,
    "calendar": cmd_calendar,
    "diff": cmd_diff,
    "git-setup": cmd_git_setup,
    "merge": cmd_merge,
    "log": cmd_log,
}
