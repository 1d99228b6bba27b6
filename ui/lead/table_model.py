"""A read-only table over a list of dict rows: columns say which key, its header and how a value reads.

The raw value sorts (Qt.UserRole), the formatted one shows; the same columns write the CSV export."""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

SORT_ROLE = Qt.ItemDataRole.UserRole
Index = QModelIndex | QPersistentModelIndex


def percent(value: Any) -> str:
    return "–" if value is None else f"{100 * float(value):.0f}%"


def minutes(value: Any) -> str:
    if value is None:
        return "–"
    m = float(value) / 60
    return f"{m:.0f} min" if m < 120 else f"{m / 60:.1f} h"


def number(value: Any) -> str:
    if value is None:
        return "–"
    return f"{value:.0f}" if isinstance(value, float) and abs(value) >= 10 else \
        f"{value:+.2f}" if isinstance(value, float) else str(value)


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    show: Callable[[Any], str] = str
    get: Callable[[dict[str, Any]], Any] | None = None  # a nested value (rubric overall, the bot's rate)
    tip: str = ""

    def value(self, row: dict[str, Any]) -> Any:
        return self.get(row) if self.get is not None else row.get(self.key)


class RowsModel(QAbstractTableModel):
    def __init__(self, columns: list[Column]) -> None:
        super().__init__()
        self.columns = columns
        self.rows: list[dict[str, Any]] = []

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column = self.columns[index.column()]
        value = column.value(self.rows[index.row()])
        if role == Qt.ItemDataRole.DisplayRole:
            return column.show(value)
        if role == SORT_ROLE:
            return value if isinstance(value, int | float) else (-1e18 if value is None else str(value))
        if role == Qt.ItemDataRole.TextAlignmentRole:  # numbers right, words left
            side = Qt.AlignmentFlag.AlignRight if isinstance(value, int | float) or value is None \
                else Qt.AlignmentFlag.AlignLeft
            return int(side | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].header
        if role == Qt.ItemDataRole.ToolTipRole and self.columns[section].tip:
            return self.columns[section].tip
        return None

    def row(self, number: int) -> dict[str, Any]:
        return self.rows[number]

    def write_csv(self, path: Path) -> None:
        """The table as it reads on screen: one header line, then a line per row."""
        with path.open("w", newline="", encoding="utf-8") as handle:
            out = csv.writer(handle)
            out.writerow([c.header for c in self.columns])
            for row in self.rows:
                out.writerow([c.show(c.value(row)) for c in self.columns])
