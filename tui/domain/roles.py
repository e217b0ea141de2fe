"""The vocabulary of responsible roles (ansvar) and how written names map onto it.

Plans store roles as written ("Yrkesseksjons lederer"); every filter and count works on
the canonical name ("Yrkesseksjonsledere"), so a measure is found under every role it names.
"""

from __future__ import annotations

import re
from collections import namedtuple
from collections.abc import Iterable
from functools import lru_cache

from tui.domain.textkey import closest, nfc

# Canonical role -> extra spellings seen in real plans. Singular/plural forms and
# spacing variants are matched by the normaliser, so only genuinely different words go here.
VOCABULARY: dict[str, tuple[str, ...]] = {
    "Styret": ("styre", "hele styret", "fagforeningsstyret", "foreningens styre", "alle i styret"),
    "Resten av styret": ("øvrige styremedlemmer", "øvrig styre medlemmer", "øvrig styre"),
    "Arbeidsutvalget": ("AU", "arbeidsutvalg"),
    "Leder": ("leiar", "foreningens leder"),
    "Nestleder": ("nestleiar",),
    "Sekretær": (),
    "Kasserer": (),
    "Opplæringsansvarlig": ("opplærings ansvarlig", "opplæringsansvarlige"),
    "Fane 2-ansvarlig": ("fane 2 ansvarlig", "fane2 ansvarlig", "fane2-ansvarlig"),
    "Hovedtillitsvalgte": ("hovedtillitsvalgt", "HTV", "de hovedtillitsvalgte"),
    "Plasstillitsvalgte": ("plass tillitsvalgte", "plasstillitsvalgt"),
    "Frikjøpte tillitsvalgte": ("frikjøpte", "frikjøpt tillitsvalgt"),
    "Klubbledere": (
        "klubbleder",
        "klubb ledere",
        "leder av klubbene",
        "ledere av klubbene",
        "leder av ks klubb",
        "lederer av ks klubb",
    ),
    "Klubbene": ("klubb", "klubber", "klubbene i oslo kommune"),
    "Utvalgsledere": ("utvalgsleder", "leder av seksjoner og utvalg"),
    "Yrkesseksjonsledere": ("seksjonsledere", "seksjonsleder", "yrkesseksjons lederer"),
    "Yrkesseksjonene": ("yrkesseksjon", "yrkesseksjoner", "yrkesseksjonen"),
    "Ungdomstillitsvalgt": ("ungdomsansvarlig", "ungdomstillitsvalgte"),
    "Ungdomsutvalget": ("ungdom",),
    "Pensjonistutvalget": (
        "pensjonist utvalget",
        "pensjonister og uføre",
        "puff/pensjonister og uføre",
        "puff",
        "puff gruppa",
    ),
    "Arrangementskomiteen": ("arrangementskomité",),
    "Forhandlingsutvalg": ("forhandlingsutvalget",),
    "Alle": ("alle tillitsvalgte",),
}

_PLURAL_ENDINGS = ("ene", "ere", "er", "e", "r")


def normalise(name: str) -> str:
    """Lower case, letters and digits only: 'Fane 2-ansvarlig.' -> 'fane2ansvarlig'."""
    return re.sub(r"[^0-9a-zæøå]", "", nfc(name).lower())


def _stem(key: str) -> str:
    """Strip plural and definite endings until none is left: 'ledere', 'lederer' -> 'led'."""
    changed = True
    while changed:
        changed = False
        for ending in _PLURAL_ENDINGS:
            if key.endswith(ending) and len(key) - len(ending) >= 4:
                key, changed = key[: -len(ending)], True
                break
    return key


def _build_index() -> tuple[dict[str, str], dict[str, str]]:
    exact: dict[str, str] = {}
    stems: dict[str, str] = {}
    for canonical, aliases in VOCABULARY.items():
        for spelling in (canonical, *aliases):
            key = normalise(spelling)
            exact.setdefault(key, canonical)
            stems.setdefault(_stem(key), canonical)
    return exact, stems


_EXACT, _STEMS = _build_index()
# Every spelling as lower-case words, longest first, for finding roles inside free text.
_SPELLINGS = sorted(
    {
        (" ".join(re.sub(r"[^0-9a-zæøå]+", " ", spelling.lower()).split()), canonical)
        for canonical, aliases in VOCABULARY.items()
        for spelling in (canonical, *aliases)
    },
    key=lambda pair: -len(pair[0]),
)


@lru_cache(maxsize=4096)
def canonical(name: str) -> str | None:
    """The canonical role for a written name, or None when it is not in the vocabulary."""
    key = normalise(name)
    if not key:
        return None
    return _EXACT.get(key) or _STEMS.get(_stem(key))


@lru_cache(maxsize=4096)
def display(name: str) -> str:
    """Canonical name when known, else the name as written (trimmed)."""
    return canonical(name) or " ".join(name.split())


def resolve_all(written: tuple[str, ...]) -> tuple[str, ...]:
    """The roles of all these written names, each once, in order (plans repeat the same
    combinations of names, so a whole plan's rows take few lookups)."""
    return tuple(dict.fromkeys(role for name in written for role in _resolve(name)))


@lru_cache(maxsize=4096)
def _resolve(name: str) -> tuple[str, ...]:
    """The canonical roles a written name stands for.

    A known spelling gives its role. An unknown one is searched for known role names, so
    'nestleder Frikjøpte ung' (a missing comma in the source) still counts as Nestleder and
    Frikjøpte tillitsvalgte. Unknown names with no known role inside stay as written.
    """
    name = nfc(name)
    known = canonical(name)
    if known:
        return (known,)
    found: list[tuple[int, str]] = []
    text = " " + " ".join(re.sub(r"[^0-9a-zæøå]+", " ", name.lower()).split()) + " "
    for spelling, role in _SPELLINGS:
        at = text.find(f" {spelling} ")
        if at >= 0:
            found.append((at, role))
            text = text[:at] + " " + "#" * len(spelling) + text[at + len(spelling) + 1 :]
    if not found:
        return (" ".join(name.split()),)
    return tuple(dict.fromkeys(role for _, role in sorted(found)))


def split_list(text: str) -> list[str]:
    """Roles typed as a comma list ('Leder, Nestleder'), each trimmed, none empty."""
    return [part.strip() for part in text.split(",") if part.strip()]


def with_qualifier(names, qualifier) -> str:
    """'Leder, Nestleder (etter innspill fra yrkesseksjoner)': the roles, the qualifier after."""
    shown = ", ".join(" ".join(str(name).split()) for name in names)
    note = " ".join(str(qualifier or "").split())
    if note:
        return f"{shown} ({note})" if shown else f"({note})"
    return shown


def nearest(name: str, also: Iterable[str] = ()) -> str | None:
    """The closest canonical role (or of the names in `also`), for 'did you mean' messages."""
    names = {normalise(role): role for role in also}
    names.update(_EXACT)
    # Stricter than for a field name: role names share long endings (-ansvarlig,
    # -tillitsvalgt, -utvalget), so «Informasjonsansvarlig» came out as «Opplæringsansvarlig».
    key = closest(normalise(name), names, cutoff=0.75)
    return names[key] if key else None


def match_key(wanted: str) -> str:
    """A role asked for, in the form has_role compares."""
    return (canonical(wanted) or " ".join(nfc(wanted).split())).lower()


def has_role(resolved: list[str] | tuple[str, ...], key: str) -> bool:
    """Is one of these resolved roles (see resolve_all) the role with this match_key?"""
    return any(role.lower() == key for role in resolved)


# Free text of responsibility split into role names and the words that are not roles.
Responsibility = namedtuple("Responsibility", ["roles", "qualifier"])


_QUALIFIER_START = re.compile(
    r"\s+(?=(?:etter|med|i samarbeid|i samråd|sammen med|ved behov|men)\b)", re.IGNORECASE
)
_SPLIT = re.compile(r"\s*(?:,|;|\\|/|\n|\. |\bog\b|&)\s*", re.IGNORECASE)


def split_responsibility(text: str) -> Responsibility:
    """Split free text such as 'Leder etter innspill fra yrkesseksjoner.' into roles and qualifier.

    'Leder\\nestleder' (a backslash typed for a slash in the sources) is two roles.
    Nothing is dropped: words that are not roles end up in the qualifier.
    """
    flat = " ".join(text.replace("\u00a0", " ").replace("\n", ", ").split()).strip()
    flat = _protect_phrases(flat)
    qualifier = ""
    head = _QUALIFIER_START.split(flat, maxsplit=1)
    if len(head) == 2:
        flat, qualifier = head[0], head[1].strip().rstrip(".").strip()
    roles = [
        part.strip(" .").replace(_KEEP, " og ").replace(_SLASH, "/")
        for part in _SPLIT.split(flat)
        if part and part.strip(" .")
    ]
    return Responsibility(roles, qualifier)


_KEEP = "\x00"
_SLASH = "\x01"
_PHRASES = sorted(
    (a for aliases in VOCABULARY.values() for a in aliases if " og " in a or "/" in a),
    key=len,
    reverse=True,
)


def _protect_phrases(text: str) -> str:
    """Keep role names that contain 'og' or '/' ('Pensjonister og uføre') in one piece."""
    for phrase in _PHRASES:
        pattern = re.compile(re.escape(phrase), re.IGNORECASE)
        text = pattern.sub(lambda m: m.group().replace(" og ", _KEEP).replace("/", _SLASH), text)
    return text
