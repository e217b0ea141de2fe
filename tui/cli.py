"""The `handlingsplan` command: check, list, set, and (without a subcommand) open plans."""

from __future__ import annotations

import argparse
import contextlib
import functools
import os
import re
import sys
import threading
from datetime import date
from pathlib import Path

from tui import texts
from tui.domain import deadlines, fields
from tui.domain.model import Section
from tui.store.storage import LoadedPlan, PlanError, discover, load, os_reason

COMMANDS = (
    "check",
    "list",
    "agenda",
    "set",
    "add",
    "meta",
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


class _Formatter(argparse.HelpFormatter):
    """argparse's help formatter, with the terminal's width asked for once: argparse makes a
    formatter for every argument it adds (~100), each asking again (~4 ms of every start)."""

    def __init__(self, prog: str, **options) -> None:
        options.setdefault("width", _help_width())
        super().__init__(prog, **options)


@functools.cache
def _help_width() -> int:
    return terminal_columns() - 2  # what HelpFormatter itself takes


def terminal_columns() -> int:
    """What shutil.get_terminal_size() says of the width, without importing shutil (with
    what it imports, ~2 ms of every start)."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns > 0:
        return columns
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns or 80
    except (AttributeError, ValueError, OSError):
        return 80


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage mistake is one line and exit 1 like every other user error."""

    def __init__(self, *args, **options) -> None:
        options.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **options)

    def error(self, message: str, command: str | None = None):
        words = self.prog.split()
        program = " ".join(words[:1] + ([command] if command else words[1:]))
        raise UsageError(texts.USAGE_ERROR.format(message=message, program=program))

    def parse_args(self, args=None, namespace=None):
        # argparse reports a subcommand's unknown option from the top-level parser, which does
        # not know the subcommand: name it here so the hint points at the right --help.
        parsed, extras = self.parse_known_args(args, namespace)
        if extras:
            message = _in_norwegian("unrecognized arguments: %s") % " ".join(extras)
            self.error(message, getattr(parsed, "command", None))
        return parsed


def _in_norwegian(text: str) -> str:
    return texts.ARGPARSE.get(text, text)


def _in_norwegian_plural(one: str, many: str, count: int) -> str:
    return _in_norwegian(one if count == 1 else many)


def speak_norwegian() -> None:
    """argparse's own words ('usage:', its errors) through texts.ARGPARSE: argparse asks
    gettext for each, by the module-level names it imported."""
    argparse._ = _in_norwegian
    argparse.ngettext = _in_norwegian_plural


def build_parser() -> argparse.ArgumentParser:
    speak_norwegian()
    parser = _Parser(prog="handlingsplan", description=texts.CLI_DESCRIPTION)
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)

    show = sub.add_parser("show", help=texts.CLI_HELP["show"])
    show.add_argument("paths", nargs="*", default=[DEFAULT_PATH], metavar="STI")

    check = sub.add_parser("check", help=texts.CLI_HELP["check"])
    check.add_argument("paths", nargs="+", metavar="STI", help=texts.CLI_HELP["paths"])

    listing = sub.add_parser("list", help=texts.CLI_HELP["list"])
    listing.add_argument("paths", nargs="+", metavar="STI", help=texts.CLI_HELP["paths"])
    add_filter_arguments(listing)
    listing.add_argument("--format", choices=("table", "json"), default="table")

    agenda = sub.add_parser("agenda", help=texts.AGENDA_HELP, description=texts.AGENDA_DESCRIPTION)
    agenda.add_argument("paths", nargs="+", metavar="STI", help=texts.CLI_HELP["paths"])
    agenda.add_argument("--role", action="append", default=[], metavar="R", help=texts.AGENDA_ROLE)
    agenda.add_argument("--before", metavar="DATO", help=texts.AGENDA_BEFORE)
    agenda.add_argument("--today", metavar="DATO", help=texts.HELP_TODAY)
    agenda.add_argument("--format", choices=("table", "json"), default="table")

    setter = sub.add_parser(
        "set",
        help=texts.CLI_HELP["set"],
        description=texts.SET_DESCRIPTION.format(
            fields=", ".join(f.name for f in fields.MEASURE_FIELDS)
        ),
    )
    setter.add_argument("plan", metavar="PLAN")
    setter.add_argument("measure_id", metavar="REF", help=texts.HELP_MEASURE_REFERENCE)
    setter.add_argument("assignments", nargs="+", metavar="FELT=VERDI")
    add_add_and_meta_parsers(sub)

    exporter = sub.add_parser(
        "export",
        help=texts.CLI_HELP["export"],
        description=texts.CLI_HELP["export:description"],
    )
    exporter.add_argument("paths", nargs="+", metavar="STI", help=texts.CLI_HELP["paths"])
    exporter.add_argument(
        "-o",
        "--output",
        metavar="FIL",
        help=texts.CLI_HELP["export o"],
    )
    exporter.add_argument(
        "--profile",
        choices=("cms", "ssg"),
        default="cms",
        help=texts.CLI_HELP["export profile"],
    )
    exporter.add_argument(
        "--layout",
        choices=("list", "table"),
        default="list",
        help=texts.CLI_HELP["export layout"],
    )
    exporter.add_argument("--internal", action="store_true", help=texts.CLI_HELP["export internal"])
    exporter.add_argument("--format", choices=("md", "html"), default="md")
    add_filter_arguments(exporter)

    importer = sub.add_parser(
        "import",
        help=texts.CLI_HELP["import"],
    )
    importer.add_argument("source", metavar="FIL")
    importer.add_argument("-o", "--output", metavar="PLAN.toml", help=texts.CLI_HELP["import o"])
    importer.add_argument(
        "--force",
        action="store_true",
        help=texts.CLI_HELP["import force"],
    )
    importer.add_argument(
        "--strict",
        action="store_true",
        help=texts.CLI_HELP["import strict"],
    )
    importer.add_argument(
        "--title", "--tittel", metavar="TEKST", help=texts.CLI_HELP["import title"]
    )
    importer.add_argument(
        "--period", "--periode", metavar="ÅR[–ÅR]", help=texts.CLI_HELP["import period"]
    )
    importer.add_argument(
        "--organisation",
        "--organisasjon",
        metavar="NAVN",
        help=texts.CLI_HELP["import organisation"],
    )
    importer.add_argument(
        "--branch", "--avdeling", metavar="NR", help=texts.CLI_HELP["import branch"]
    )
    add_next_period_parser(sub)
    add_report_parser(sub)
    add_calendar_parser(sub)
    add_diff_parser(sub)
    add_git_setup_parser(sub)
    add_merge_parser(sub)
    add_log_parser(sub)
    return parser


def add_add_and_meta_parsers(sub) -> None:
    names = ", ".join(f.name for f in fields.MEASURE_FIELDS)
    adder = sub.add_parser(
        "add", help=texts.ADD_HELP, description=texts.ADD_DESCRIPTION.format(fields=names)
    )
    adder.add_argument("plan", metavar="PLAN", help=texts.HELP_PLAN_FILE)
    adder.add_argument("section", metavar="SEKSJON", help=texts.HELP_SECTION)
    adder.add_argument(
        "assignments", nargs="+", metavar="FELT=VERDI", help=texts.HELP_MEASURE_VALUES
    )
    meta_names = ", ".join(f.name for f in fields.PLAN_FIELDS)
    meta_keys = ", ".join(f.key for f in fields.PLAN_FIELDS)
    meta = sub.add_parser(
        "meta",
        help=texts.META_HELP,
        description=texts.META_DESCRIPTION.format(fields=meta_names, keys=meta_keys),
    )
    meta.add_argument("plan", metavar="PLAN", help=texts.HELP_PLAN_FILE)
    meta.add_argument("assignments", nargs="+", metavar="FELT=VERDI", help=texts.HELP_META_VALUES)


def add_diff_parser(sub) -> None:
    diff = sub.add_parser(
        "diff",
        help=texts.CLI_HELP["diff"],
        description=texts.CLI_HELP["diff:description"],
    )
    diff.add_argument("files", nargs="+", metavar="FIL")


def add_git_setup_parser(sub) -> None:
    setup = sub.add_parser("git-setup", help=texts.CLI_HELP["git-setup"])
    setup.add_argument("folder", nargs="?", default=".", metavar="MAPPE")


def add_merge_parser(sub) -> None:
    merge = sub.add_parser(
        "merge",
        help=texts.CLI_HELP["merge"],
        description=texts.CLI_HELP["merge:description"],
    )
    merge.add_argument("base", metavar="FELLES")
    merge.add_argument("ours", metavar="VÅR")
    merge.add_argument("theirs", metavar="DERES")
    merge.add_argument("path", nargs="?", metavar="STI", help=texts.CLI_HELP["merge path"])


def add_log_parser(sub) -> None:
    log = sub.add_parser("log", help=texts.CLI_HELP["log"])
    log.add_argument("plan", metavar="PLAN")
    log.add_argument("reference", metavar="REF", help=texts.HELP_MEASURE_REFERENCE)


def add_filter_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--role", action="append", default=[], metavar="R", help=texts.HELP_ROLE)
    parser.add_argument("--any-role", action="store_true", help=texts.HELP_ANY_ROLE)
    parser.add_argument(
        "--status", action="append", default=[], metavar="S", help=texts.HELP_STATUS
    )
    parser.add_argument("--open", action="store_true", help=texts.HELP_OPEN)
    parser.add_argument("--overdue", action="store_true", help=texts.HELP_OVERDUE)
    parser.add_argument("--due-within", metavar="N", help=texts.HELP_DUE_WITHIN)
    parser.add_argument("--this-month", action="store_true", help=texts.HELP_THIS_MONTH)
    parser.add_argument("--due-before", metavar="DATO", help=texts.HELP_DUE_BEFORE)
    parser.add_argument("--due-after", metavar="DATO", help=texts.HELP_DUE_AFTER)
    parser.add_argument("--no-ongoing", action="store_true", help=texts.HELP_NO_ONGOING)
    parser.add_argument("--text", metavar="ORD", help=texts.HELP_TEXT)
    parser.add_argument("--today", metavar="DATO", help=texts.HELP_TODAY)


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
    except BrokenPipeError:  # the reader went away (`| head`): nothing more to say
        return 1
    except RecursionError:  # a key of thousands of parts in a big plan (toml_rs reads it)
        print(f"handlingsplan: {texts.TOO_DEEP}", file=sys.stderr)
        return 1
    except OSError as error:  # a file system problem not tied to one plan's content
        where = error.filename or ""
        print(f"handlingsplan: {where}: {os_reason(error)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"handlingsplan: {texts.INTERRUPTED}", file=sys.stderr)
        return 130


def run() -> None:
    """The console script. After a command (not the TUI) the process ends at once: freeing
    a big plan's objects one by one would take longer than the command's own work (~10 ms
    at 5,000 measures), and the operating system takes back the memory whole."""
    argv = sys.argv[1:]
    code = main(argv)
    if argv and argv[0] in COMMANDS and threading.active_count() == 1:
        try:
            for stream in (sys.stdout, sys.stderr):  # None when closed (`>&-`)
                if stream is not None:
                    stream.flush()
        except OSError:  # the reader went away, as above
            code = code or 1
        os._exit(code)
    sys.exit(code)


def _has_surrogates(text: str) -> bool:
    """Python hands over bytes that are not UTF-8 as lone surrogates (surrogateescape); such
    text cannot be printed, compared with a plan's text or written to a plan."""
    return any("\ud800" <= char <= "\udfff" for char in text)


def open_tui(paths: list[str]) -> int:
    """`handlingsplan [PATH…]`: the TUI over the plans opened here, once; a path that cannot
    be read is one line (a plan that does not load is shown in the TUI)."""
    from tui.actions.workspace import Workspace

    try:
        workspace = Workspace.open(paths)
    except PlanError as error:
        print(f"handlingsplan: {error}", file=sys.stderr)
        return 1
    from tui.ui.app import run

    return run(workspace)


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
        summary = texts.CHECK_SUMMARY.format(
            errors=texts.amount(errors, texts.ERRORS),
            warnings=texts.amount(warnings, texts.WARNINGS),
            count=texts.amount(len(paths), texts.PLANS),
        )
    else:
        summary = texts.CHECK_CLEAN.format(count=texts.amount(len(paths), texts.PLANS))
    print(summary, file=sys.stderr)
    return 1 if errors else 0


# --- list ---------------------------------------------------------------------------------


def filter_from_args(args, rows=None):
    """The filter the options ask for; with the measures at hand, an unknown role is refused."""
    from tui.domain.filters import FilterError, parse_date, parse_filter, roles_named

    try:
        today = parse_date(args.today, date.today()) if args.today else date.today()
        return parse_filter(
            roles_=args.role,
            any_role=args.any_role,
            statuses=args.status,
            open_only=args.open,
            overdue=args.overdue,
            due_within=args.due_within,
            this_month=args.this_month,
            due_before=args.due_before,
            due_after=args.due_after,
            text=args.text or "",
            include_ongoing=not args.no_ongoing,
            today=today,
            known_roles=None if rows is None else roles_named(rows),
        )
    except FilterError as error:
        raise UsageError(str(error)) from None


def _refuse_empty_values(args) -> None:
    """`--role ""` is a mistake (an unset shell variable, say), not "any role"."""
    given = [("--role", v) for v in args.role] + [("--status", v) for v in args.status]
    given += [
        ("--due-before", args.due_before),
        ("--due-after", args.due_after),
        ("--due-within", args.due_within),
        ("--text", args.text),
        ("--today", args.today),
    ]
    _refuse_empty_values_of(*given)


def _refuse_empty_values_of(*given: tuple[str, str | None]) -> None:
    for option, value in given:
        if value is not None and not value.strip():
            raise UsageError(texts.EMPTY_OPTION.format(option=option))


def _parse_date(text: str, today: date) -> date:
    from tui.domain.filters import FilterError, parse_date

    try:
        return parse_date(text, today)
    except FilterError as error:
        raise UsageError(str(error)) from None


def load_all(paths: list[str]) -> tuple[list[LoadedPlan], list[PlanError]]:
    loaded, failed = [], []
    for path in discover(paths):
        try:
            loaded.append(load(path, editing=False))
        except PlanError as error:
            failed.append(error)
    return loaded, failed


def cmd_list(args) -> int:
    _refuse_empty_values(args)
    plans, failed, rows = _rows_of(args.paths)
    _print_rows(args.format, rows, filter_from_args(args, rows), len(plans) > 1)
    return 1 if failed else 0


def cmd_agenda(args) -> int:
    """The open measures of the roles due before the next board meeting, whose date is
    remembered for the plan folder."""
    from tui.actions import agenda
    from tui.domain.filters import FilterError, parse_date, roles_named

    plans, failed, rows = _rows_of(args.paths)
    folder = agenda.folder_of(args.paths)
    try:
        today = parse_date(args.today, date.today()) if args.today else date.today()
        meeting = _meeting(args.before, folder, today)
        criteria = agenda.agenda_filter(args.role, meeting, today, sorted(roles_named(rows)))
    except FilterError as error:
        raise UsageError(str(error)) from None
    _print_rows(args.format, rows, criteria, len(plans) > 1)
    return 1 if failed else 0


def _meeting(typed: str | None, folder: Path, today: date) -> date:
    """The date typed (then remembered for the folder), else the one remembered."""
    from tui.actions import agenda

    if typed is not None:
        meeting = agenda.meeting_date(typed, today)
        _warn(agenda.remember(folder, meeting))
        return meeting
    remembered = agenda.recall(folder)
    _warn(remembered.problem)
    if remembered.meeting is None:
        raise UsageError(texts.AGENDA_NO_MEETING)
    if remembered.meeting < today:
        day = deadlines.format_date(remembered.meeting)
        _warn(texts.AGENDA_MEETING_PASSED.format(day=day))
    return remembered.meeting


def _warn(line: str) -> None:
    if line:
        print(f"handlingsplan: {line}", file=sys.stderr)


def _rows_of(paths: list[str]):
    """The plans at the paths (the ones that fail to load said on stderr) and their rows."""
    from tui.domain.filters import rows_for

    plans, failed = load_all(paths)
    for error in failed:
        for line in _error_lines(error):
            print(f"handlingsplan: {line}", file=sys.stderr)
    return plans, failed, [row for p in plans for row in rows_for(p.plan, str(p.path))]


def _print_rows(output_format: str, rows, criteria, show_plan: bool) -> None:
    from tui.domain.filters import select

    chosen = select(rows, criteria)
    if output_format == "json":
        import json  # here: only --format json needs it

        # One write: json.dump writes every token on its own (~10,000 writes at 5,000 measures)
        text = json.dumps([r.to_json() for r in chosen], ensure_ascii=False, indent=2)
        sys.stdout.write(text)
        sys.stdout.write("\n")
    else:
        _print_table(chosen, show_plan, criteria, len(rows))


def _error_lines(error: PlanError) -> list[PlanError]:
    """A file with git's conflict markers: one line per conflict, naming its measure."""
    from tui.store.storage import ConflictMarkers

    if isinstance(error, ConflictMarkers):
        from tui.git.merge import conflicts_in

        return conflicts_in(Path(error.path), error.text) or [error]
    return [error]


def _print_table(rows, show_plan: bool, criteria, total: int) -> None:
    """At a terminal: a heading naming the filter, then columns fitted to its width. In a
    pipe: tab-separated lines only, and the heading on stderr."""
    from tui.formats.listing import plain_lines, table_lines

    at_terminal = sys.stdout.isatty()
    if not criteria.is_empty():
        heading = texts.LIST_FILTER.format(parts=criteria.describe(), shown=len(rows), total=total)
        print(heading, file=sys.stdout if at_terminal else sys.stderr)
    if not rows:
        if at_terminal:
            print(texts.NO_MATCHES)
    elif at_terminal:
        width = terminal_columns()
        print("\n".join(table_lines(rows, show_plan, width)))
    else:
        print("\n".join(plain_lines(rows, show_plan)))


# --- set ----------------------------------------------------------------------------------


def _assignments(typed: list[str]) -> dict[str, str]:
    """FIELD=VALUE arguments as {field: value}."""
    values = {}
    for assignment in typed:
        name, sep, raw = assignment.partition("=")
        if not sep:
            raise UsageError(texts.BAD_ASSIGNMENT.format(text=assignment))
        values[name] = raw
    return values


def _report_saved(loaded, changed: bool) -> None:
    message = texts.SAVED if changed else texts.NOTHING_CHANGED
    print(message.format(path=loaded.path), file=sys.stderr)


def cmd_set(args) -> int:
    from tui.store.storage import NeedsWholePlan

    values = _assignments(args.assignments)
    try:  # a field edit reads only the measure when the plan's text allows
        loaded, measure_id, changed = _set(args.plan, args.measure_id, values, whole=False)
    except NeedsWholePlan:
        loaded, measure_id, changed = _set(args.plan, args.measure_id, values, whole=True)
    _report_saved(loaded, changed)
    if changed:
        _warn_like_check(loaded, measure_id, values)
    return 0


def _set(path: str, reference: str, values: dict, whole: bool):
    from tui.actions.workspace import editing

    with editing(path, None if whole else reference) as (workspace, loaded):
        message = texts.UNKNOWN_MEASURE.format(id=reference, plan=path)
        measure_id = str(find_measure(loaded, reference, message).measure.id)
        workspace.set_fields(loaded, measure_id, values)
        changed = workspace.save(loaded)
    return loaded, measure_id, changed


def cmd_add(args) -> int:
    """A new measure last in SECTION, its fields parsed as `set` parses them."""
    from tui.actions.workspace import editing

    values = _assignments(args.assignments)
    typed = {fields.field_name(name) for name in values}
    if not any(f.name in typed for f in fields.MEASURE_FIELDS if f.required):
        raise fields.EditError(texts.ADD_NEEDS_TEXT)
    with editing(args.plan) as (workspace, loaded):
        section = loaded.plan.resolve_section(args.section)
        if section is None:
            message = texts.UNKNOWN_SECTION_REF.format(section=args.section, plan=args.plan)
            raise PlanError(loaded.path, message)
        measure_id = workspace.add_measure(loaded, str(section.section.id), None, values=values)
        changed = workspace.save(loaded)
        added = loaded.plan.find_measure(measure_id)
    print(" ".join(part for part in (added.reference, measure_id) if part))
    _report_saved(loaded, changed)
    return 0


def cmd_meta(args) -> int:
    from tui.actions.workspace import editing

    values = _assignments(args.assignments)
    with editing(args.plan) as (workspace, loaded):
        workspace.set_meta(loaded, values)
        changed = workspace.save(loaded)
    _report_saved(loaded, changed)
    return 0


def find_measure(loaded: LoadedPlan, reference: str, message: str):
    """The measure `set` or `log` names, by id or by number (3.2.4); PlanError if none."""
    found = loaded.plan.resolve_measure(reference)
    if found is None:
        raise PlanError(loaded.path, message)
    return found


def _warn_like_check(loaded: LoadedPlan, measure_id: str, values: dict) -> None:
    """What `check` warns about the fields just written (an unknown role, a deadline outside
    the period); the value is stored all the same."""
    from tui.actions.check import WARNING, check_current, measure_findings

    written = {fields.measure_field(name).key for name in values}
    whole = not loaded.partial
    for finding in check_current(loaded) if whole else measure_findings(loaded, measure_id):
        about_this = finding.record_id == measure_id and finding.severity == WARNING
        if about_this and finding.field in written:
            print(finding, file=sys.stderr)


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
    from tui.domain.filters import matching, rows_for
    from tui.formats.export import Options, render, render_html

    _refuse_empty_values(args)
    _refuse_ssg_html(args)
    plans, failed = load_all(args.paths)
    if failed:
        raise failed[0]
    rows = [row for p in plans for row in rows_for(p.plan, str(p.path))]
    criteria = filter_from_args(args, rows)
    if not criteria.is_empty() and not matching(rows, criteria):
        raise UsageError(texts.EXPORT_NO_MATCHES)
    options = Options(args.profile, args.layout, args.internal, criteria)
    pairs = [(str(p.path), p.plan) for p in plans]
    text = render_html(pairs, options) if args.format == "html" else render(pairs, options)
    _write_or_print(text, args.output, [p.path for p in plans])
    return 0


# --- import -------------------------------------------------------------------------------


def import_any(source: Path, sink):
    """The importer for the file's kind, decided by its content: .docx, Markdown (from
    `export` or written by hand) or plain text. Other formats: one line naming the format.
    Chapters the importer hands to `sink` as it goes are not in the result's plan."""
    from tui.formats import sniff
    from tui.formats.document import Warning_

    if not source.exists():
        raise PlanError(source, texts.PATH_MISSING)
    if not source.is_file() and not source.is_dir():  # a pipe (/dev/stdin): read once
        with _copied(source) as copy:
            try:
                return import_any(copy, sink)
            except PlanError as error:  # named as the user named it, not the copy
                raise PlanError(source, error.message, error.line) from None
    kind = sniff.kind_of(_read_source(source, 4096), source)
    if kind in sniff.REFUSED:
        raise PlanError(source, texts.IMPORT_REFUSED[kind])
    if kind == sniff.DOCX:
        from tui.formats.import_docx import import_docx

        return import_docx(source, sink=sink)
    with _reading(source):
        codec, encoding = sniff.text_encoding(source)
        result = _import_text(source, codec, sink)
    if encoding:
        result.warnings.insert(0, Warning_(1, texts.IMPORT_DECODED.format(encoding=encoding)))
    return result


@contextlib.contextmanager
def _copied(source: Path):
    """A pipe's content in a temp file: the importers read a file more than once."""
    import tempfile

    raw = _read_source(source)
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / (source.name or "kilde")
        copy.write_bytes(raw)
        yield copy


def _read_source(source: Path, size: int = -1) -> bytes:
    if source.is_dir():
        raise PlanError(source, texts.IS_DIRECTORY)
    with _reading(source), source.open("rb") as file:
        return file.read(size)


@contextlib.contextmanager
def _reading(source: Path):
    """A file system error while the source is read: one line naming it."""
    from tui.store.storage import os_reason

    try:
        yield
    except OSError as error:
        raise PlanError(source, texts.CANNOT_READ.format(reason=os_reason(error))) from None


def _import_text(source: Path, codec: str, sink):
    """Hand-written text is read a line at a time; Markdown, Word's text export and text
    copied from a PDF are read whole."""
    from tui.formats import sniff
    from tui.formats.import_text import import_text, import_text_file

    if not any(line.strip() for line in sniff.text_lines(source, codec)):
        raise PlanError(source, texts.EMPTY_SOURCE, 1)
    markdown = source.suffix.lower() in (".md", ".markdown") or any(
        MARKDOWN_HEADING.match(line) for line in sniff.text_lines(source, codec)
    )
    result = None if markdown else import_text_file(source, codec, sink)
    if result is not None:
        return result
    text = sniff.decoded(_read_source(source), codec)
    return _import_markdown(source, text, sink) if markdown else import_text(text, sink=sink)


def _import_markdown(source: Path, text: str, sink):
    from tui.formats.import_markdown import (
        FrontMatterError,
        import_markdown,
        is_export,
        markdown_document,
    )
    from tui.formats.recognise import recognise

    if not is_export(text):
        return recognise(markdown_document(text), sink=sink)
    try:
        return import_markdown(text)
    except FrontMatterError as error:
        raise PlanError(source, error.message, error.line) from None


MARKDOWN_HEADING = re.compile(r"#{1,6} \S")  # at a line's start
META_FLAGS = ("title", "period", "organisation", "branch")  # names of fields.PLAN_FIELDS


def cmd_import(args) -> int:
    """The plan goes into the new file in parts as the importer finishes them (a chapter,
    then each of its sections: tui.store.newplan), so a big source is never held whole; the
    head ([plan]) is written last, first in the file."""
    from collections import Counter

    from tui.store.newplan import NewPlan

    source = Path(args.source)
    target = Path(args.output) if args.output else source.with_suffix(".toml")
    counts: Counter = Counter()
    progress = _Progress()
    with NewPlan(target) as new:

        def take(header: str, part: Section) -> None:
            _count(part, counts, depth=header.count("."))
            new.add(header, part.to_data())
            progress.show(counts["measures"])

        try:
            result = import_any(source, take)
            for chapter in result.plan.chapters:  # what the importer kept (Markdown export)
                take("kapittel", chapter)
        finally:
            progress.done()
        _apply_meta_flags(args, source, result)
        if args.strict and result.warnings:
            for warning in result.warnings:
                print(f"{source}:{warning.line}: {texts.ERROR}: {warning.message}", file=sys.stderr)
            count = texts.amount(len(result.warnings), texts.WARNINGS)
            raise PlanError(source, texts.IMPORT_STRICT.format(count=count))
        head = {k: v for k, v in result.plan.data.items() if k != "kapittel"}
        new.write(head, overwrite=args.force, inputs=[source])
        print(f"{target}: {_import_summary(counts)}", file=sys.stderr)
        for warning in result.warnings:
            print(f"{source}:{warning.line}: {texts.WARNING}: {warning.message}", file=sys.stderr)
        _say_what_check_refuses(new)
    return 0


class _Progress:
    """How far a long import has come, on one line of the terminal, twice a second; nothing
    for a plan read in a moment, or when stderr is not a terminal."""

    def __init__(self) -> None:
        import time

        self.clock = time.monotonic
        self.next = self.clock() + 1.0
        self.shown = False

    def show(self, measures: int) -> None:
        if self.clock() < self.next or not sys.stderr.isatty():
            return
        self.next = self.clock() + 0.5
        line = texts.IMPORT_PROGRESS.format(measures=texts.amount(measures, texts.MEASURES))
        print(f"\r{line}", end="", file=sys.stderr, flush=True)
        self.shown = True

    def done(self) -> None:
        if self.shown:
            print("\r\x1b[K", end="", file=sys.stderr, flush=True)


def _apply_meta_flags(args, source: Path, result) -> None:
    """--title, --period … over what the source said; a field still empty is a warning."""
    from tui.formats.document import Warning_

    meta = result.plan.data.setdefault("plan", {})
    for name in META_FLAGS:
        value = getattr(args, name)
        if value is not None:
            field = fields.plan_field(name)
            try:
                meta[field.key] = fields.parse(field, value.strip())
            except fields.EditError as error:
                raise PlanError(source, str(error)) from None
    for key, (name, flag, field) in texts.IMPORT_META_FLAGS.items():
        if not str(meta.get(key, "")).strip():
            message = texts.IMPORT_META_MISSING.format(field=name, flag=flag, key=field)
            result.warnings.append(Warning_(1, message))


def _count(section: Section, counts, depth: int) -> None:
    """What the summary line counts, in a part of the plan about to be written."""
    counts["chapters" if depth == 0 else "sections"] += 1
    counts["measures"] += len(section.measures)
    for block in section.blocks:
        counts[block.type] += 1
        if block.type == fields.CALENDAR_BLOCK:
            counts["activities"] += len(block.data.get("aktiviteter", []))
    for child in section.sections:
        _count(child, counts, depth + 1)


def _import_summary(counts) -> str:
    return texts.IMPORT_SUMMARY.format(
        chapters=texts.amount(counts["chapters"], texts.CHAPTERS),
        sections=texts.amount(counts["sections"], texts.SECTIONS),
        measures=texts.amount(counts["measures"], texts.MEASURES),
        lists=texts.amount(counts[fields.LIST_BLOCK], texts.LISTS),
        tables=texts.amount(counts[fields.TABLE_BLOCK], texts.TABLES),
        calendar=texts.amount(counts["activities"], texts.ACTIVITIES),
    )


def _say_what_check_refuses(new) -> None:
    """The new plan's errors as `check` reports them (a deadline it cannot read, say), with
    what to do: the import never leaves a plan that fails check without saying so."""
    from tui.actions.check import ERROR, new_plan_findings

    findings = new_plan_findings(new.path, new.head, new.parts())
    errors = [finding for finding in findings if finding.severity == ERROR]
    for finding in errors:
        print(finding, file=sys.stderr)
    if errors:
        print(texts.IMPORT_CHECK_ERRORS.format(path=new.path), file=sys.stderr)


# --- next-period ----------------------------------------------------------------------------


def add_next_period_parser(sub) -> None:
    parser = sub.add_parser(
        "next-period",
        help=texts.CLI_HELP["next-period"],
        description=texts.CLI_HELP["next-period:description"],
    )
    parser.add_argument("plan", metavar="PLAN")
    parser.add_argument(
        "--period",
        required=True,
        metavar="ÅR[–ÅR]",
        help=texts.CLI_HELP["next-period period"],
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="NY.toml",
        help=texts.CLI_HELP["next-period o"],
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
        help=texts.CLI_HELP["report"],
        description=texts.CLI_HELP["report:description"],
    )
    parser.add_argument("path", metavar="PLAN", help=texts.CLI_HELP["plan"])
    parser.add_argument(
        "--as-of",
        metavar="DATO",
        help=texts.CLI_HELP["report as-of"],
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="FIL",
        help=texts.CLI_HELP["report o"],
    )
    parser.add_argument(
        "--profile", choices=("cms", "ssg"), default="cms", help=texts.CLI_HELP["report profile"]
    )
    parser.add_argument("--format", choices=("md", "html"), default="md")


def cmd_report(args) -> int:
    from tui.actions import report

    _refuse_empty_values_of(("--as-of", args.as_of))
    _refuse_ssg_html(args)
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


def _refuse_ssg_html(args) -> None:
    """The ssg profile is Markdown for a site generator: with HTML it did nothing."""
    if args.profile == "ssg" and args.format == "html":
        raise UsageError(texts.SSG_NOT_HTML)


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
        help=texts.CLI_HELP["calendar"],
        description=texts.CLI_HELP["calendar:description"],
    )
    parser.add_argument("path", metavar="PLAN", help=texts.CLI_HELP["plan"])
    parser.add_argument("-o", "--output", metavar="FIL.ics", help=texts.CLI_HELP["calendar o"])
    add_filter_arguments(parser)


def cmd_calendar(args) -> int:
    from tui.actions.check import refuse_unsound
    from tui.domain.filters import matching, rows_for
    from tui.formats import ics

    _refuse_empty_values(args)
    path = Path(args.path)
    loaded = load(path, editing=False)
    rows = rows_for(loaded.plan, str(path))
    criteria = filter_from_args(args, rows)
    # Event UIDs come from the ids: a duplicate or missing one would merge or lose events.
    refuse_unsound(loaded, texts.CALENDAR_PLAN_HAS_ERRORS)
    result = ics.build(loaded.plan, str(path), criteria)
    if not result.deadlines + result.activities:  # RFC 5545: a calendar has an event
        for line in ics.summary_lines(args.output or "-", result)[1:]:
            print(line, file=sys.stderr)
        nothing_matches = not criteria.is_empty() and not matching(rows, criteria)
        raise UsageError(texts.EXPORT_NO_MATCHES if nothing_matches else texts.CALENDAR_EMPTY)
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
    message = texts.LOG_UNKNOWN_MEASURE.format(ref=args.reference)
    found = find_measure(loaded, args.reference, message)
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
    "agenda": cmd_agenda,
    "set": cmd_set,
    "add": cmd_add,
    "meta": cmd_meta,
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
