"""The TUI speaks Norwegian throughout (issue 15): Textual's own palette, commands, key names
and notices included, and every key's description comes from tui/texts.py."""

from textual.command import CommandList

from tui import texts
from tui.ui.app import COMMANDS
from tui.ui.widgets.palette import Palette

from .test_tui import SIZE, app_for, started

ENGLISH = ("palette", "Search for", "No matches", "Quit", "Keys", "Screenshot", "Maximize")


def footer_text(app) -> str:
    return " ".join(str(key.render()) for key in app.query("FooterKey"))


async def test_the_palette_and_textuals_commands_are_in_norwegian(small_plan):
    app = app_for(small_plan)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        ours = [title for title, _, _ in COMMANDS]
        assert titles[: len(titles) - len(ours)] == ["Fargetema", "Maksimer", "Skjermbilde"]
        assert titles[len(titles) - len(ours) :] == ours
        await pilot.press("ctrl+p")
        await pilot.pause()
        palette = app.screen
        assert isinstance(palette, Palette)
        assert palette.query_one("CommandInput").placeholder == "Søk etter kommandoer …"
        await pilot.press(*"xyzzy")
        await pilot.pause(0.8)  # "no matches" comes after half a second
        shown = palette.query_one(CommandList)
        assert [str(shown.get_option_at_index(0).prompt.renderable)] == ["Ingen treff"]


async def test_the_footer_names_keys_and_the_palette_in_norwegian(small_plan):
    app = app_for(small_plan)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        shown = footer_text(app)
        assert "^s Lagre" in shown and "^p palett" in shown
        assert not [word for word in ENGLISH if word in shown]
        await pilot.press("ctrl+c")  # out of habit
        await pilot.pause()
        assert [n.message for n in app._notifications] == ["Avslutt med ctrl+q"]


async def test_the_help_names_the_space_key_in_norwegian(small_plan, monkeypatch, tmp_path):
    (tmp_path / "config" / "handlingsplan").mkdir(parents=True)
    keymap = tmp_path / "config" / "handlingsplan" / "keymap.toml"
    keymap.write_text('[keymap]\n"handlingsplan.measure.done" = "space"\n', encoding="utf-8")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    app = app_for(small_plan)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        assert app.key_for("handlingsplan.measure.done") == "mellomrom"
        await pilot.press("f3")
        await pilot.pause()
        assert "mellomrom Fullført" in footer_text(app)


def test_every_key_is_described_by_tui_texts():
    import importlib
    import pkgutil

    import tui.ui
    import tui.ui.widgets

    modules = [importlib.import_module(name) for name in ("tui.ui.app", "tui.ui.screens")]
    for package in (tui.ui.widgets,):
        modules += [
            importlib.import_module(f"{package.__name__}.{info.name}")
            for info in pkgutil.iter_modules(package.__path__)
        ]
    classes = {
        value
        for module in modules
        for value in vars(module).values()
        if isinstance(value, type) and value.__module__.startswith("tui.")
    }
    bindings = [b for cls in classes for b in vars(cls).get("BINDINGS", []) if hasattr(b, "id")]
    texts_strings = {value for value in vars(texts).values() if isinstance(value, str)}
    assert len(bindings) > 60
    assert [
        b.id for b in bindings if b.description not in texts_strings | set(texts.KEYS.values())
    ] == []
    assert [
        b.id for b in bindings if b.id in texts.KEYS and texts.KEYS[b.id] != b.description
    ] == []
