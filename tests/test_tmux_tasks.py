"""The secretary's everyday tasks in a real terminal, from a fresh start, counting the keys
(issue 15): tmux runs the TUI on a git copy of plans/, and `git diff` shows what was saved."""

import os
import re
import time

import pytest

from tests.tmux import Terminal, diff, plans_repo, tmux


@pytest.fixture
def folder(tmp_path):
    return plans_repo(tmp_path / "plans")


@pytest.fixture
def terminal(folder, tmp_path):
    started = Terminal(folder, tmp_path)
    started.wait_for("Lagre")  # the footer: the first screen is whole
    yield started
    started.close()


def test_mark_a_measure_fullfort_and_save(folder, terminal):
    terminal.press("/")
    terminal.type("frokost")
    terminal.wait_for("1 av 88 tiltak")
    found = terminal.keys
    terminal.press("Enter")  # to the matching measures, the cursor on the first
    terminal.wait_for("3.7.1      1. mai froko")
    terminal.press("x")
    terminal.wait_for("status fullført")
    terminal.press("C-s")
    terminal.wait_for("Lagret teknisk-fagforening-oslo-2024-2025.toml")
    assert terminal.keys - found == 3  # the target is 6
    assert diff(folder) == ['-status = ""', '+status = "fullført"']


def test_add_a_measure_with_text_two_roles_and_a_deadline(folder, terminal):
    terminal.press("Down")  # the tree opens on chapter 1 of the first plan: down is 1.1
    terminal.wait_for("Kreve at stillinger som hovedregel")
    chosen, typed = terminal.keys, 0
    terminal.press("a")
    terminal.wait_for("Rediger nytt tiltak i 1.1")
    for keys, text in (
        ([], "Stand på torget"),
        (["Tab", "Tab"], "Leder, Nestleder"),
        (["Enter", "Tab", "Tab"], "1. juni"),
    ):
        terminal.press(*keys)
        terminal.type(text)
        typed += len(text)
    terminal.wait_for("→ 1. juni 2023")
    terminal.press("C-s")  # the form applied
    terminal.wait_for("ulagret")
    terminal.press("C-s")  # the plan saved
    terminal.wait_for("Lagret follo-2023.toml")
    assert terminal.keys - chosen - typed == 8  # the target is 8 and the typing
    added = [re.sub(r'"t-[0-9a-f]{8}"', '"t-…"', line) for line in diff(folder)]
    assert added == [
        "+[[kapittel.seksjon.tiltak]]",
        '+id = "t-…"',
        '+tekst = "Stand på torget"',
        '+ansvar = ["Leder", "Nestleder"]',
        '+ansvar_merknad = ""',
        '+frist = "1. juni"',
        '+status = ""',
        '+kommentar = ""',
        '+budsjett = ""',
        '+prosjektnr = ""',
        "+",
    ]


def test_what_is_due_for_a_role_before_a_date_and_not_completed(terminal):
    terminal.press("m")  # the agenda for the next board meeting: its date first
    terminal.wait_for("Neste styremøte")
    terminal.type("1.7")
    terminal.press("Tab", "n", "Space")  # to the roles: n jumps to Nestleder, space ticks it
    terminal.press("Enter")
    terminal.wait_for("Roller: Nestleder · Ikke fullført eller avlyst · Frist før 1. juli")
    shown = terminal.wait_for("│ teknisk")  # the Tiltak tab, with the plan of each measure
    assert terminal.keys == 8  # the target is 10, typing the date included
    assert "6 av 88 tiltak" in shown
    rows = [line.split("│")[1].split() for line in shown.splitlines() if "│ teknisk" in line]
    assert [row[1] for row in rows] == [
        "3.3.2",
        "3.3.1",
        "3.3.3.1.1",
        "3.3.3.2.2",
        "3.3.3",
        "3.3.4",
    ]
    assert all("▲" in row for row in rows)  # overdue (today is past 2025): marked


def test_closing_the_terminal_while_the_app_is_busy_ends_it(folder, tmp_path):
    """A hangup (the window closed, the tmux session killed) in the middle of drawing used to
    leave the app blocked for ever on the terminal that was gone, holding its plans open."""
    for delay in (0.05, 0.15, 0.25, 0.3, 0.35, 0.45):
        terminal = Terminal(folder, tmp_path)
        terminal.wait_for("Lagre")
        pid = int(tmux("display-message", "-p", "-t", terminal.name, "#{pane_pid}"))
        terminal.press("m")
        tmux("send-keys", "-t", terminal.name, "-l", "1.7")
        tmux("send-keys", "-t", terminal.name, "Tab", "n", "Space", "Enter")
        time.sleep(delay)
        terminal.close()
        assert ended_within(pid, 10), f"still running {delay} s after the keys"


def ended_within(pid: int, seconds: float) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.1)
    os.kill(pid, 9)
    return False
