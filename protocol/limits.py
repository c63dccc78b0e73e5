"""Size limits of texts and lists, declared once, next to the fields they bound.

A text field is typed ``Annotated[str, text(n)]`` (or one of the aliases below): at most ``n``
bytes of UTF-8, and no control characters but tab, line feed and carriage return (so a text
never grows by more than twice when JSON-escaped). A list or map field is typed
``Annotated[list[X], items(n)]``: at most ``n`` items; a growing list of entries (a timeline)
also names ``text_bytes``, the budget of the UTF-8 text of all its entries together.

Command arguments are checked by :func:`check` after decoding (``commands.decode_args``); the
first field over its limit is named in the :class:`LimitError`. Entities declare the limits
the server keeps: it trims growing lists with :func:`keep_newest`, so no entity outgrows what
tests/protocol/test_limits.py computes from these declarations. msgspec's own ``max_length``
counts characters, not bytes, and would make an entity stored before a limit undecodable;
hence this metadata (``extra``) and a walk of our own.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import cache
from typing import Annotated, Any, TypeVar

import msgspec
import msgspec.inspect as mi
from msgspec import Meta

# -- the limits --------------------------------------------------------------------------------
CODE = 64  # a code from a catalogue: incident type, capability, item, adcode, number
REF = 128  # an id or a user name (the width of the id columns in storage)
ADDRESSEE = 160  # an adcode or "team:<id>"
NAME = 200  # names of teams, depots, shelters, plans, people
TITLE = 200
CONTACT = 200
ADDRESS = 500
HEADLINE = 400
TASK = 500  # one task of an assignment or a plan
ACK_NOTE = 256  # a note with an order's acknowledgement
NOTE = 4 * 1024  # notes and reasons
TEXT = 16 * 1024  # descriptions, order and warning texts
ENTRY = NOTE + 2048  # a timeline entry: what changed (short values) and the note
ENTRY_PARAMS = 16  # the structured form of an entry: as many values as fields can change
ENTRY_PARAMS_TEXT = ENTRY  # … and no more text than the entry's own
AMENDED_NOTE = 2 * NOTE + 64  # a note with a later one appended (on cancelling)
AMENDED_TEXT = TEXT + NOTE + 64  # a warning's text with the cancellation note appended
REFERENCE = 3 * REF  # a CAP reference "sender,identifier,sent"
CURSOR = 2 * REF + 64  # a page cursor of the history.picture query: seq, kind and id
CAP_XML = 256 * 1024  # a CAP 1.2 document to import (a warning, a few infos and areas)

TIMELINE = 200  # entries a growing list keeps; older ones: the history.entity query
TIMELINE_TEXT = 48 * 1024  # bytes of text the kept entries hold together
REVISIONS = 50  # loss report revisions kept in the entity
REFERENCES = 100  # CAP references kept by a warning (the newest)
SUPPORT_ASSIGNMENTS = 100  # assignments counted against one support request
AREA = 128  # adcodes in an area (there are 102)
ADDRESSEES = 100
CAPABILITIES = 32
EQUIPMENT = 64
LINES = 100  # lines of a material request
PLAN_LEVELS = 4
PLAN_TASKS = 40  # tasks per level
UNITS = 200
WITHHELD = 32  # field names a trimmed view leaves out
INFO_FIELDS = 32  # fields named as changed by an information report
TRACK_FIXES = 500  # observed points of a hazard track (a typhoon's 3-hourly fixes: 2 months)
TRACK_FORECAST = 40  # forecast points of a hazard track (5 days at 3 h)

MAX_BYTES = "max_bytes"
MAX_ITEMS = "max_items"
TEXT_BYTES = "text_bytes"


def text(max_bytes: int) -> Meta:
    """A text of at most ``max_bytes`` bytes of UTF-8."""
    return Meta(extra={MAX_BYTES: max_bytes}, extra_json_schema={"x-max-bytes": max_bytes},
                description=f"at most {max_bytes} bytes of UTF-8")


def items(max_items: int, text_bytes: int | None = None) -> Meta:
    """A list or map of at most ``max_items`` items (and ``text_bytes`` of text in all)."""
    extra: dict[str, int] = {MAX_ITEMS: max_items}
    schema: dict[str, Any] = {"maxItems": max_items}
    if text_bytes is not None:
        extra[TEXT_BYTES] = text_bytes
        schema["x-text-bytes"] = text_bytes
    return Meta(extra=extra, extra_json_schema=schema)


Code = Annotated[str, text(CODE)]
Ref = Annotated[str, text(REF)]
Addressee = Annotated[str, text(ADDRESSEE)]
Name = Annotated[str, text(NAME)]
Title = Annotated[str, text(TITLE)]
Contact = Annotated[str, text(CONTACT)]
Address = Annotated[str, text(ADDRESS)]
Headline = Annotated[str, text(HEADLINE)]
Task = Annotated[str, text(TASK)]
AckNote = Annotated[str, text(ACK_NOTE)]
Note = Annotated[str, text(NOTE)]
LongText = Annotated[str, text(TEXT)]
EntryText = Annotated[str, text(ENTRY)]
Reference = Annotated[str, text(REFERENCE)]
Cursor = Annotated[str, text(CURSOR)]
AmendedNote = Annotated[str, text(AMENDED_NOTE)]
AmendedText = Annotated[str, text(AMENDED_TEXT)]
CapXml = Annotated[str, text(CAP_XML)]

Area = Annotated[list[Code], items(AREA)]
Addressees = Annotated[list[Addressee], items(ADDRESSEES)]
Capabilities = Annotated[list[Code], items(CAPABILITIES)]
Equipment = Annotated[list[Name], items(EQUIPMENT)]
PlanTasks = Annotated[dict[Code, Annotated[list[Task], items(PLAN_TASKS)]], items(PLAN_LEVELS)]


# -- checking ----------------------------------------------------------------------------------
class LimitError(ValueError):
    """A value over its declared limit; the message names the field and the limit."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what
        self.path = ""  # filled in on the way out: ".lines[3].item_code"

    def __str__(self) -> str:
        return f"{self.path.lstrip('.')} {self.what}"


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
Check = Callable[[Any], None]
# A check raises LimitError for its value and ignores values not of its type; the path of the
# value is built only when one is raised.


def _text_check(max_bytes: int) -> Check:
    def check(value: Any) -> None:
        if value.__class__ is not str:
            return
        # A character is 1 to 4 bytes: encode only when the length leaves a doubt.
        if 4 * len(value) > max_bytes and (
            len(value) > max_bytes or len(value.encode()) > max_bytes
        ):
            raise LimitError(f"is {len(value.encode())} bytes of UTF-8; the limit is {max_bytes}")
        if not value.isprintable():  # the common case skips the search
            control = _CONTROL.search(value)
            if control is not None:
                raise LimitError(f"holds the control character U+{ord(control.group()):04X}")

    return check


def _items_check(max_items: int, inner: Check | None) -> Check:
    def check(value: Any) -> None:
        if not isinstance(value, (list, dict)):
            return
        if len(value) > max_items:
            raise LimitError(f"has {len(value)} items; the limit is {max_items}")
        if inner is not None:
            inner(value)

    return check


def _list_check(item: Check) -> Check:
    def check(value: Any) -> None:
        if isinstance(value, list):
            for i, v in enumerate(value):
                try:
                    item(v)
                except LimitError as exc:
                    exc.path = f"[{i}]{exc.path}"
                    raise

    return check


def _dict_check(key: Check | None, val: Check | None) -> Check:
    def check(value: Any) -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                try:
                    if key is not None:
                        key(k)
                except LimitError as exc:
                    exc.path = f" key {k!r}{exc.path}"
                    raise
                try:
                    if val is not None:
                        val(v)
                except LimitError as exc:
                    exc.path = f"[{k!r}]{exc.path}"
                    raise

    return check


def _union_check(checks: list[Check]) -> Check:
    def check(value: Any) -> None:
        for c in checks:
            c(value)

    return check


def _check_of(t: mi.Type) -> Check | None:
    """The check of a value of type ``t``; None when nothing in it has a limit."""
    if isinstance(t, mi.Metadata):
        extra = t.extra or {}
        inner = _check_of(t.type)
        if MAX_BYTES in extra:
            return _text_check(extra[MAX_BYTES])
        if MAX_ITEMS in extra:
            return _items_check(extra[MAX_ITEMS], inner)
        return inner
    if isinstance(t, mi.ListType):
        item = _check_of(t.item_type)
        return _list_check(item) if item is not None else None
    if isinstance(t, mi.DictType):
        key, val = _check_of(t.key_type), _check_of(t.value_type)
        return _dict_check(key, val) if key is not None or val is not None else None
    if isinstance(t, mi.UnionType):
        checks = [c for c in map(_check_of, t.types) if c is not None]
        if len(checks) < 2:
            return checks[0] if checks else None
        return _union_check(checks)
    if isinstance(t, mi.StructType):
        cls = t.cls
        if not _struct_checks(cls):
            return None

        def check(value: Any) -> None:
            if isinstance(value, cls):
                _check_struct(value)

        return check
    return None


@cache
def _struct_checks(cls: type) -> tuple[tuple[str, Check], ...]:
    info = mi.type_info(cls)
    assert isinstance(info, mi.StructType)
    out = []
    for f in info.fields:
        c = _check_of(f.type)
        if c is not None:
            out.append((f.name, c))
    return tuple(out)


def _check_struct(value: msgspec.Struct) -> None:
    for name, field_check in _struct_checks(type(value)):
        try:
            field_check(getattr(value, name))
        except LimitError as exc:
            exc.path = f".{name}{exc.path}"
            raise


def check(value: msgspec.Struct) -> None:
    """Raise :class:`LimitError` on the first field over its declared limit (its message:
    ``lines[3].item_code is 70 bytes of UTF-8; the limit is 64``)."""
    _check_struct(value)


# -- growing lists -----------------------------------------------------------------------------
E = TypeVar("E")


@cache
def list_limit(cls: type, field: str) -> tuple[int, int | None]:
    """(max items, text budget or None) declared for the list ``cls.field``."""
    for f in mi.type_info(cls).fields:  # type: ignore[attr-defined]
        if f.name == field and isinstance(f.type, mi.Metadata) and f.type.extra:
            return f.type.extra[MAX_ITEMS], f.type.extra.get(TEXT_BYTES)
    raise KeyError(f"{cls.__name__}.{field} declares no item limit")


def text_bytes(entry: Any) -> int:
    """UTF-8 bytes of the text of one list entry (a string, or a struct's string fields)."""
    if isinstance(entry, str):
        return len(entry.encode())
    total = 0
    for v in msgspec.structs.astuple(entry):
        if isinstance(v, str):
            total += len(v.encode())
        elif isinstance(v, dict):  # e.g. a timeline entry's params
            total += sum(len(str(k).encode()) + len(str(x).encode()) for k, x in v.items())
    return total


def keep_newest(cls: type, field: str, entries: Sequence[E]) -> list[E]:
    """The newest of ``entries`` (oldest first) that ``cls.field`` may hold, and at least the
    newest one."""
    max_items, budget = list_limit(cls, field)
    kept = list(entries[-max_items:])
    if budget is None:
        return kept
    total = 0
    for i in range(len(kept) - 1, -1, -1):
        total += text_bytes(kept[i])
        if total > budget:  # the newest entry stays (only one stored before the limits is
            return kept[i + 1:] or kept[-1:]  # over the budget alone)
    return kept
