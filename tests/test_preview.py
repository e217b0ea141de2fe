"""The Preview tab (F5): the export's Markdown, drawn one block at a time as it comes into view,
and `w`, which writes that Markdown to a file."""

import random
import subprocess
import sys
from pathlib import Path

import pytest
from rich.markdown import Markdown
from textual.geometry import Region

from tests.benchmarks.workload import generate, write_toml
from tui.formats.export import render
from tui.store.storage import load
from tui.ui.screens import ConfirmScreen, PromptScreen
from tui.ui.widgets.preview import PADDING, MarkdownPreview

from .conftest import PLANS
from .test_tui import app_for, shown, started

HANDLINGSPLAN = Path(sys.executable).with_name("handlingsplan")
SEEDS = sorted(PLANS.glob("*.toml"))
SIZE = (120, 36)


@pytest.fixture(scope="module")
def generated_plan(tmp_path_factory) -> Path:
    """A plan of 300 generated measures: many screens of preview."""
    path = tmp_path_factory.mktemp("generated") / "plan.toml"
    write_toml(generate(300), path)
    return path


async def open_preview(pilot) -> MarkdownPreview:
    await started(pilot)
    await pilot.press("f5")
    view = await shown(pilot, "#preview-md")
    await pilot.pause()
    return view


def on_screen(view: MarkdownPreview) -> list[str]:
    """The view's lines as Textual draws them (trailing blanks cut)."""
    return [strip.text.rstrip() for strip in view.render_lines(Region(0, 0, *view.size))]


def rich_drawing(view: MarkdownPreview) -> list[str]:
    """Rich's drawing of the whole page at the view's width, as the view pads it (trailing
    blanks cut)."""
    console = view.app.console
    width = view.scrollable_content_region.width - 2 * PADDING
    options = console.options.update(width=width, height=None, highlight=False)
    lines = console.render_lines(Markdown(view.source), options, pad=True)
    return [(" " * PADDING + "".join(s.text for s in line)).rstrip() for line in lines]


def window_of(shown_lines: list[str], page: list[str]) -> int | None:
    """Where the lines on screen start in the whole page, if they are a slice of it."""
    page = page + [""] * len(shown_lines)
    for start in range(len(page) - len(shown_lines) + 1):
        if page[start : start + len(shown_lines)] == shown_lines:
            return start
    return None


@pytest.mark.parametrize("plan", SEEDS, ids=lambda p: p.stem)
async def test_the_view_is_richs_drawing_of_the_export(plan):
    """Drawn block by block, the page is line for line what Rich draws of the whole export."""
    app = app_for(plan)
    async with app.run_test(size=SIZE) as pilot:
        view = await open_preview(pilot)
        loaded = app.workspace.plans[0]
        assert view.source == render([(str(loaded.path), loaded.plan)])
        assert [line.rstrip() for line in view.rendered_text()] == rich_drawing(view)
        assert view.virtual_size.height == len(rich_drawing(view))


@pytest.mark.parametrize("seed", [2, 3])
async def test_the_view_is_richs_drawing_of_a_generated_plan_at_80_columns(tmp_path, seed):
    """Narrow, most paragraphs wrap at words, where the estimated heights are wrong."""
    plan = tmp_path / "plan.toml"
    write_toml(generate(60, seed=seed), plan)
    app = app_for(plan)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_preview(pilot)
        assert [line.rstrip() for line in view.rendered_text()] == rich_drawing(view)
        assert view.virtual_size.height == len(rich_drawing(view))


async def test_f5_shows_the_plans_first_heading():
    app = app_for(SEEDS[-1])
    async with app.run_test(size=SIZE) as pilot:
        view = await open_preview(pilot)
        first_heading = view.source.split("\n", 1)[0].lstrip("# ")
        lines = on_screen(view)
        assert lines[0] == f" {first_heading}"
        assert lines == rich_drawing(view)[: len(lines)]


async def test_end_shows_the_last_measure_and_home_the_first_heading(generated_plan):
    app = app_for(generated_plan)
    async with app.run_test(size=SIZE) as pilot:
        view = await open_preview(pilot)
        view.focus()
        await pilot.press("end")
        await pilot.pause()
        lines = [line.strip() for line in on_screen(view)]
        last_measure = [b for b in view.source.split("\n\n") if b.startswith("#### Tiltak")][-1]
        last_deadline = view.source.rstrip("\n").rsplit("\n", 1)[-1]  # - **Frist:** …
        assert last_measure.lstrip("# ") in lines
        assert lines[-1] == "• " + last_deadline[2:].replace("**", "")
        assert on_screen(view) == rich_drawing(view)[-len(lines) :]
        await pilot.press("home")
        await pilot.pause()
        assert on_screen(view) == rich_drawing(view)[: len(lines)]


async def test_scrolling_anywhere_shows_a_window_of_the_page(generated_plan):
    """Keys that scroll by a line, a page or to either end, in an order no one chose: after
    every key the screen is a slice of the whole page, and a step of one line moves it by one
    line, even into blocks whose height was only estimated until then (at 80 columns the
    estimates are often wrong: the text wraps at words)."""
    keys = ["down", "up", "pagedown", "pageup", "end", "home", "j", "k"]
    order = random.Random(14).choices(keys, weights=[3, 4, 3, 4, 1, 1, 2, 3], k=60)
    app = app_for(generated_plan)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_preview(pilot)
        view.focus()
        page = rich_drawing(view)
        where = window_of(on_screen(view), page)
        assert where == 0
        for key in order:
            await pilot.press(key)
            await pilot.pause()
            now = window_of(on_screen(view), page)
            assert now is not None, key
            if key in ("down", "j") and where < len(page) - view.size.height:
                assert now == where + 1, key
            if key in ("up", "k") and where > 0:
                assert now == where - 1, key
            where = now


async def test_the_page_made_again_keeps_the_view_where_it_was(generated_plan):
    """F5 makes the page anew (the plan may have changed); the same page keeps its place."""
    app = app_for(generated_plan)
    async with app.run_test(size=SIZE) as pilot:
        view = await open_preview(pilot)
        view.focus()
        await pilot.press("pagedown", "pagedown", "down")
        await pilot.pause()
        before = on_screen(view)
        await pilot.press("f2", "f5")
        await started(pilot)
        assert view.source is not None
        assert on_screen(view) == before
        assert window_of(before, rich_drawing(view)) > 0


async def write_with_w(pilot, target: Path) -> None:
    await pilot.press("w")
    await pilot.pause()
    assert isinstance(pilot.app.screen, PromptScreen)
    pilot.app.screen.query_one("#answer").value = str(target)
    await pilot.press("enter")
    await pilot.pause()


async def test_w_writes_the_bytes_of_export_for_the_same_plan_and_filter(tmp_path):
    plan = SEEDS[-1]
    target = tmp_path / "side.md"
    app = app_for(plan)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await pilot.press("slash", *"medlemmer", "escape")
        view = await open_preview(pilot)
        await write_with_w(pilot, target)
        shown_source = view.source
    expected = tmp_path / "expected.md"
    command = [str(HANDLINGSPLAN), "export", str(plan), "--text", "medlemmer", "-o", str(expected)]
    subprocess.run(command, check=True)
    assert target.read_bytes() == expected.read_bytes()
    assert shown_source.encode("utf-8") == expected.read_bytes()
    assert len(expected.read_bytes()) < len(render([(str(plan), load(plan).plan)]).encode())


async def test_w_asks_before_overwriting_a_file(tmp_path, small_plan):
    target = tmp_path / "side.md"
    target.write_text("siden slik den var\n", encoding="utf-8")
    app = app_for(small_plan)
    async with app.run_test(size=SIZE) as pilot:
        await open_preview(pilot)
        await write_with_w(pilot, target)
        assert isinstance(app.screen, ConfirmScreen)
        assert app.screen.question == f"{target} finnes allerede. Skrive over den?"
        await pilot.press("n")
        await pilot.pause()
        assert target.read_text(encoding="utf-8") == "siden slik den var\n"
        await write_with_w(pilot, target)
        await pilot.press("j")
        await pilot.pause()
        messages = [n.message for n in app._notifications]
    assert target.read_text(encoding="utf-8") == render([(str(small_plan), load(small_plan).plan)])
    assert messages[-1] == f"Skrev {target}"


async def test_w_refuses_the_plan_itself_without_asking(small_plan):
    before = small_plan.read_bytes()
    app = app_for(small_plan)
    async with app.run_test(size=SIZE) as pilot:
        await open_preview(pilot)
        await write_with_w(pilot, small_plan)
        assert not isinstance(app.screen, ConfirmScreen)
        messages = [n.message for n in app._notifications]
    assert messages[-1] == (
        f"{small_plan}: er filen det leses fra; velg et annet filnavn for resultatet"
    )
    assert small_plan.read_bytes() == before
