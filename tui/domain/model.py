"""The plan model: chapters, sections, content blocks and measures.

Each record is a thin view over the plain data of its TOML table (``record.data``), so
key order, keys written by hand that we do not know, and keys that are absent all
survive a load/save cycle untouched. Numbers (3.2, Tiltak 4) are derived from order.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Iterator

from tui import texts
from tui.domain import deadlines, fields
from tui.domain.fields import CLOSED_STATUSES, STATUSES  # noqa: F401  (read from here too)
from tui.domain.textkey import nfc

FORMAT_VERSION = 1

# The keys of each record, in the order a new record is written (from tui.domain.fields).
PLAN_KEYS = tuple(f.key for f in fields.PLAN_FIELDS)
SECTION_KEYS = ("id", "tittel", "nummerert")
MEASURE_KEYS = ("id", *(f.key for f in fields.MEASURE_FIELDS))

CHILD_KEYS = ("innhold", "tiltak", "seksjon")
ID_PREFIX = {"kapittel": "k", "seksjon": "s", "tiltak": "t", "blokk": "b"}


def same(a: object, b: object) -> bool:
    """Equal plain data, of the same TOML type (1, 1.0 and true differ in a file)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, str):
        # tomlkit keeps CRLF inside multi-line strings; tomllib (and so the model) has LF.
        return a.replace("\r\n", "\n") == b.replace("\r\n", "\n")
    return a == b


def new_id(kind: str, taken: set[str]) -> str:
    """A fresh opaque id such as 't-3f9a2c1b'; random, so a deleted id is never handed out again."""
    import secrets  # only when editing: every command and the TUI's start import this module

    while True:
        candidate = f"{ID_PREFIX[kind]}-{secrets.token_hex(4)}"
        if candidate not in taken:
            taken.add(candidate)
            return candidate


def _text_field(key: str, default: object = ""):
    def get(self):
        return self.data.get(key, default)

    def set_(self, value):
        self.data[key] = value

    return property(get, set_)


class Record:
    """A TOML table with an id."""

    def __init__(self, data: dict):
        self.data = data

    id = _text_field("id")

    def to_data(self) -> dict:
        return dict(self.data)


class Measure(Record):
    """A measure; each field of tui.domain.fields.MEASURE_FIELDS is an attribute named by
    its `name` (measure.text, measure.responsible, measure.deadline …), set below the class."""

    @classmethod
    def new(cls, measure_id: str, **values: object) -> Measure:
        data = {"id": measure_id, **{f.key: f.empty for f in fields.MEASURE_FIELDS}}
        data.update(values)
        return cls(data)


def _roles_field(key: str):
    """A list of roles; one written as a plain string (`ansvar = "Styret"`, which check
    reports) is that one role, not its letters."""

    def get(self):
        value = self.data.get(key, [])
        return ([value] if value.strip() else []) if isinstance(value, str) else value

    def set_(self, value):
        self.data[key] = value

    return property(get, set_)


for _field in fields.MEASURE_FIELDS:
    if _field.kind == fields.ROLES:
        setattr(Measure, _field.name, _roles_field(_field.key))
    else:
        setattr(Measure, _field.name, _text_field(_field.key, _field.empty))


class Block(Record):
    type = _text_field("type")
    title = _text_field("tittel")

    @classmethod
    def new(cls, block_id: str, block_type: str, **values: object) -> Block:
        data: dict[str, object] = {"id": block_id, "type": block_type}
        for key in fields.block_keys(block_type):
            data[key] = "" if fields.BLOCK_KEY_TYPES[key] == fields.STRING else []
        data.update(values)
        return cls(data)


class Section(Record):
    """A chapter (top level, ``[[kapittel]]``) or a section at any depth (``seksjon``)."""

    title = _text_field("tittel")
    numbered = _text_field("nummerert", True)

    def __init__(self, data: dict):
        own = {k: v for k, v in data.items() if k not in CHILD_KEYS}
        super().__init__(own)
        # `tiltak = []` written by hand stays; a list emptied by edits leaves the file.
        self._literal_empty = {k for k in CHILD_KEYS if data.get(k) == []}
        self.blocks = [Block(d) for d in _records(data.get("innhold"))]
        self.measures = [Measure(d) for d in _records(data.get("tiltak"))]
        self.sections = [Section(d) for d in _records(data.get("seksjon"))]

    @classmethod
    def new(cls, section_id: str, title: str = "", numbered: bool = True) -> Section:
        return cls({"id": section_id, "tittel": title, "nummerert": numbered})

    def to_data(self) -> dict:
        data = dict(self.data)
        children = {"innhold": self.blocks, "tiltak": self.measures, "seksjon": self.sections}
        for key, items in children.items():
            if items or key in self._literal_empty:
                data[key] = [item.to_data() for item in items]
        return data


def _records(value: object) -> list[dict]:
    if not isinstance(value, list):
        return []
    return [item for item in value if isinstance(item, dict)]


class Plan:
    def __init__(self, data: dict):
        self.data = {k: v for k, v in data.items() if k != "kapittel"}
        self._literal_empty = data.get("kapittel") == []
        self.chapters = [Section(d) for d in _records(data.get("kapittel"))]

    @property
    def meta(self) -> dict:
        meta = self.data.get("plan")
        return meta if isinstance(meta, dict) else {}

    @property
    def title(self) -> str:
        return str(self.meta.get("tittel", ""))

    @property
    def period_text(self) -> str:
        return str(self.meta.get("periode", ""))

    @property
    def period(self) -> deadlines.Period | None:
        """The years the plan covers; undated deadlines belong to them."""
        return deadlines.parse_period(self.period_text)

    def to_data(self) -> dict:
        data = dict(self.data)
        if self.chapters or self._literal_empty:
            data["kapittel"] = [c.to_data() for c in self.chapters]
        return data

    # --- navigation -------------------------------------------------------------------

    def walk(self) -> Iterator[SectionRef]:
        """Every chapter and section, depth first, with its derived number."""
        yield from walk_under(None, self.chapters)

    def measures(self) -> Iterator[MeasureRef]:
        for ref in self.walk():
            for index, measure in enumerate(ref.section.measures, start=1):
                yield MeasureRef(measure, ref, index)

    def all_ids(self) -> set[str]:
        ids: set[str] = set()
        for ref in self.walk():
            ids.add(str(ref.section.id))
            ids.update(str(b.id) for b in ref.section.blocks)
            ids.update(str(m.id) for m in ref.section.measures)
        return ids

    def find_measure(self, measure_id: str) -> MeasureRef | None:
        wanted = nfc(measure_id)
        return next((m for m in self.measures() if nfc(str(m.measure.id)) == wanted), None)

    def resolve_measure(self, reference: str) -> MeasureRef | None:
        """A measure by id, or by derived number: "3.2.4" or "3.2 Tiltak 4" (section 3.2,
        its fourth measure)."""
        found = self.find_measure(reference)
        if found is not None:
            return found
        words = reference.replace("Tiltak", " ").replace("tiltak", " ").split()
        section, _, position = ".".join(words).rpartition(".")
        if not position.isdigit():
            return None
        wanted = (section, int(position))
        return next((m for m in self.measures() if (m.section.number, m.number) == wanted), None)

    def find_section(self, section_id: str) -> SectionRef | None:
        wanted = nfc(section_id)
        return next((s for s in self.walk() if nfc(str(s.section.id)) == wanted), None)

    def resolve_section(self, reference: str) -> SectionRef | None:
        """A chapter or section by id, or by its number ("3.2")."""
        found = self.find_section(reference)
        if found is not None:
            return found
        number = reference.strip().rstrip(".")
        return next((s for s in self.walk() if number and s.number == number), None)


class SectionRef(namedtuple("SectionRef", ["section", "number", "depth", "parent"])):
    """A section where it stands in the plan: its number ("3.3.1", or "" for an unnumbered
    chapter such as Etikk or Vedlegg), its depth (1 for a chapter) and its parent's ref
    (None for a chapter)."""

    __slots__ = ()

    @property
    def label(self) -> str:
        title = str(self.section.title or "")
        return f"{self.number} {title}".strip() if self.number else title

    def path(self) -> list[SectionRef]:
        chain, ref = [], self
        while ref is not None:
            chain.append(ref)
            ref = ref.parent
        return list(reversed(chain))


class MeasureRef(namedtuple("MeasureRef", ["measure", "section", "number"])):
    """A measure where it stands: its section's ref and its 1-based place in that section."""

    __slots__ = ()

    @property
    def reference(self) -> str:
        """'3.2.4' (section 3.2, its fourth measure) as `set` and `log` take it; "" in an
        unnumbered section."""
        return f"{self.section.number}.{self.number}" if self.section.number else ""

    @property
    def short_name(self) -> str:
        """'3.2.4', or 'Tiltak 1' in an unnumbered section: what the tables and the dialogs
        call the measure."""
        return self.reference or self.label()

    def label(self, titled: bool = False) -> str:
        """'3.2 Tiltak 4', the way a reader of the plan names a measure; in an unnumbered
        section 'Tiltak 1', or with `titled` 'Ungdomsutvalget Tiltak 1'."""
        section = self.section.number or (self.section.label if titled else "")
        return f"{section} {texts.MEASURE_NOUN} {self.number}".strip()


class Numbering:
    """The derived numbers of the sections under `parent` (None: the chapters), given one
    at a time in order: "3.1", "3.2", "" for an unnumbered one (and all under it)."""

    def __init__(self, parent: SectionRef | None, depth: int):
        self.parent, self.depth, self.counter = parent, depth, 0
        self.prefix = f"{parent.number}." if parent is not None and parent.number else ""

    def ref(self, section: Section) -> SectionRef:
        numbered = section.numbered is not False and (self.parent is None or self.prefix != "")
        self.counter += numbered
        number = f"{self.prefix}{self.counter}" if numbered else ""
        return SectionRef(section, number, self.depth, self.parent)


def walk_under(parent: SectionRef | None, sections: list[Section]) -> Iterator[SectionRef]:
    """The sections and everything under them, depth first, numbered as under `parent`."""
    numbering = Numbering(parent, parent.depth + 1 if parent is not None else 1)
    for section in sections:
        ref = numbering.ref(section)
        yield ref
        yield from walk_under(ref, section.sections)
