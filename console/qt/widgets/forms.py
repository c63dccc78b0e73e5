"""A small declarative form dialog used by every workflow.

Fields are declared as :class:`Field` values; :meth:`FormDialog.values` returns a dict keyed by
field name with typed values. Dialogs are opened non-modally (``open()``) and report through
``accepted``, so tests can fill and accept them like a person would.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from console.state.area_tree import AreaNode

from .cst_datetime import CstDateTimeEdit, OptionalCstDateTime
from .jurisdiction_tree import JurisdictionTree

TEXT = "text"
LONG_TEXT = "long_text"
INT = "int"
FLOAT = "float"
CHOICE = "choice"
MULTI = "multi"
BOOL = "bool"
DATETIME = "datetime"
OPTIONAL_DATETIME = "optional_datetime"  # a tick box, then the time; None when unticked
TREE = "tree"  # jurisdictions by city (Field.nodes); values: the codes chosen
SCROLL_AFTER = 18  # fields; a longer form scrolls inside the dialog


@dataclass
class Field:
    name: str
    label: str
    kind: str = TEXT
    default: Any = None
    choices: list[tuple[str, Any]] = field(default_factory=list)  # (label, value)
    minimum: float = 0
    maximum: float = 10**9
    required: bool = False
    decimals: int = 2
    emphasised: frozenset[Any] = frozenset()  # choice values shown bold (e.g. teams that fit)
    nodes: list[AreaNode] = field(default_factory=list)  # TREE: what can be ticked


class FormDialog(QDialog):
    def __init__(
        self, title: str, fields: list[Field], parent: QWidget | None = None, note: str = "",
        hint: Callable[[dict[str, Any]], str] | None = None,
        check: Callable[[dict[str, Any]], str] | None = None,
    ) -> None:
        """``hint`` words what the values entered so far mean (e.g. the grade the figures
        suggest); it is shown under the fields and follows every change. ``check`` says
        what is wrong with the values (empty: nothing); OK then shows it and stays open."""
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("form_dialog")
        self._check = check
        self.fields = {f.name: f for f in fields}
        self.widgets: dict[str, QWidget] = {}
        outer = QVBoxLayout(self)
        if note:
            label = QLabel(note, self)
            label.setWordWrap(True)
            outer.addWidget(label)
        form = QFormLayout()
        if len(fields) > SCROLL_AFTER:  # a long form (the loss indicators) scrolls
            body = QWidget(self)
            body.setLayout(form)
            scroll = QScrollArea(self)
            scroll.setObjectName("form_scroll")
            scroll.setWidgetResizable(True)
            scroll.setWidget(body)
            scroll.setMinimumSize(560, 640)
            outer.addWidget(scroll)
        else:
            outer.addLayout(form)
        for f in fields:
            w = self._widget(f)
            w.setObjectName(f"field_{f.name}")
            self.widgets[f.name] = w
            form.addRow(f.label + (" *" if f.required else ""), w)
        self.hint_label = QLabel(self)
        self.hint_label.setObjectName("form_hint")
        self.hint_label.setWordWrap(True)
        self.hint_label.setStyleSheet("font-style:italic;")
        self._hint = hint
        if hint is not None:
            outer.addWidget(self.hint_label)
            for w in self.widgets.values():
                _on_change(w, self._update_hint)
            self._update_hint()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self._try_accept)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)
        self.error = QLabel(self)
        self.error.setObjectName("form_error")
        self.error.setWordWrap(True)  # a reason is a sentence: never cut off at the edge
        self.error.setStyleSheet("color:#e06666;")
        outer.addWidget(self.error)
        self.setMinimumWidth(self.content_width(title))

    def content_width(self, title: str) -> int:
        """Wide enough for the title (the window manager elides it otherwise) and for the
        longest choice, as far as the screen allows."""
        fm = self.fontMetrics()
        label_column = max((fm.horizontalAdvance(f.label + " *") for f in self.fields.values()),
                           default=0) + 40
        want = fm.horizontalAdvance(title) + 160
        for f in self.fields.values():
            if f.kind in (CHOICE, MULTI) and f.choices:
                widest = max(fm.horizontalAdvance(label) for label, _ in f.choices)
                want = max(want, label_column + widest + 80)
        screen = self.screen().availableGeometry().width() if self.screen() else 1920
        return min(want, int(screen * 0.9))

    def _update_hint(self, *_args: object) -> None:
        if self._hint is not None:
            self.hint_label.setText(self._hint(self.values()))

    def _widget(self, f: Field) -> QWidget:
        if f.kind == LONG_TEXT:
            w = QPlainTextEdit(self)
            w.setPlainText(str(f.default or ""))
            w.setMinimumHeight(70)
            return w
        if f.kind == INT:
            s = QSpinBox(self)
            s.setRange(int(f.minimum), int(min(f.maximum, 2**31 - 1)))
            s.setValue(int(f.default or 0))
            return s
        if f.kind == FLOAT:
            d = QDoubleSpinBox(self)
            d.setDecimals(f.decimals)
            d.setRange(f.minimum, f.maximum)
            d.setValue(float(f.default or 0))
            return d
        if f.kind == CHOICE:
            c = QComboBox(self)
            for label, value in f.choices:
                c.addItem(label, value)
            if f.default is not None:
                c.setCurrentIndex(max(0, c.findData(f.default)))
            elif f.required:  # a choice that matters starts empty: it must be made
                c.setCurrentIndex(-1)
                c.setPlaceholderText(self.tr("— choose —"))
            return c
        if f.kind == MULTI:
            lst = QListWidget(self)
            for label, value in f.choices:
                item = QListWidgetItem(label, lst)
                item.setData(Qt.ItemDataRole.UserRole, value)
                if value in f.emphasised:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                checked = f.default is not None and value in f.default
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            lst.setMinimumHeight(120)
            return lst
        if f.kind == BOOL:
            b = QCheckBox(self)
            b.setChecked(bool(f.default))
            return b
        if f.kind == DATETIME:
            return CstDateTimeEdit(f.default or datetime.now(UTC) + timedelta(hours=24), self)
        if f.kind == OPTIONAL_DATETIME:
            return OptionalCstDateTime(f.default, datetime.now(UTC) + timedelta(hours=1), self)
        if f.kind == TREE:
            tree = JurisdictionTree(f.nodes, self)
            tree.choose(f.default or [])
            return tree
        e = QLineEdit(self)
        e.setText(str(f.default or ""))
        return e

    def set_value(self, name: str, value: Any) -> None:
        """Fill a field as a person would (tests and map picking use it)."""
        w = self.widgets[name]
        if isinstance(w, QPlainTextEdit):
            w.setPlainText(str(value))
        elif isinstance(w, QSpinBox):
            w.setValue(int(value))
        elif isinstance(w, QDoubleSpinBox):
            w.setValue(float(value))
        elif isinstance(w, QComboBox):
            w.setCurrentIndex(w.findData(value))
        elif isinstance(w, QListWidget):
            wanted = set(value)
            for n in range(w.count()):
                item = w.item(n)
                on = item.data(Qt.ItemDataRole.UserRole) in wanted
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        elif isinstance(w, QCheckBox):
            w.setChecked(bool(value))
        elif isinstance(w, (CstDateTimeEdit, OptionalCstDateTime)):
            w.set_when(value)
        elif isinstance(w, JurisdictionTree):
            w.choose(value)
        elif isinstance(w, QLineEdit):
            w.setText(str(value))

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, w in self.widgets.items():
            if isinstance(w, QPlainTextEdit):
                out[name] = w.toPlainText().strip()
            elif isinstance(w, (QSpinBox, QDoubleSpinBox)):
                out[name] = w.value()
            elif isinstance(w, QComboBox):
                out[name] = w.currentData()
            elif isinstance(w, QListWidget):
                out[name] = [
                    w.item(n).data(Qt.ItemDataRole.UserRole)
                    for n in range(w.count())
                    if w.item(n).checkState() == Qt.CheckState.Checked
                ]
            elif isinstance(w, QCheckBox):
                out[name] = w.isChecked()
            elif isinstance(w, (CstDateTimeEdit, OptionalCstDateTime)):
                out[name] = w.when()
            elif isinstance(w, JurisdictionTree):
                out[name] = w.chosen()
            elif isinstance(w, QLineEdit):
                out[name] = w.text().strip()
        return out

    def _try_accept(self) -> None:
        vals = self.values()
        missing = [f.label for f in self.fields.values() if f.required and vals.get(f.name) in
                   ("", None, [])]
        if missing:
            self.error.setText(self.tr("Please fill in: ") + ", ".join(missing))
            return
        wrong = self._check(vals) if self._check is not None else ""
        if wrong:
            self.error.setText(wrong)
            return
        self.accept()


def _on_change(w: QWidget, slot: Callable[..., None]) -> None:
    """Call ``slot`` whenever the person changes ``w``."""
    if isinstance(w, (QSpinBox, QDoubleSpinBox)):
        w.valueChanged.connect(slot)
    elif isinstance(w, QComboBox):
        w.currentIndexChanged.connect(slot)
    elif isinstance(w, (QLineEdit, QPlainTextEdit)):
        w.textChanged.connect(slot)
    elif isinstance(w, QCheckBox):
        w.toggled.connect(slot)
    elif isinstance(w, QListWidget):
        w.itemChanged.connect(slot)
    elif isinstance(w, CstDateTimeEdit):
        w.dateTimeChanged.connect(slot)
    elif isinstance(w, (OptionalCstDateTime, JurisdictionTree)):
        w.changed.connect(slot)
