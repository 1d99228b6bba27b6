"""A one-page summary of one agent (or the bot) for a 1:1: the row's figures beside the team's, the rubric by
criterion when known, and the trend chart, as HTML (the chart embedded as a PNG) and as PDF (Qt's QPdfWriter,
part of PySide6-Essentials: no extra dependency)."""

from __future__ import annotations

import base64
import html
from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSizeF, QUrl
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter, QPdfWriter, QTextDocument

from ui import labels
from ui.lead.table_model import Column
from ui.lead.week_chart import WeekChart

CHART_SIZE = (900, 320)


def chart_png(chart: WeekChart) -> bytes:
    image = QImage(*CHART_SIZE, QImage.Format.Format_ARGB32)
    image.fill(chart.palette().base().color())
    painter = QPainter(image)
    try:
        chart.draw(painter, QRectF(0, 0, *CHART_SIZE))
    finally:
        painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]  # PySide6 takes a str, its stubs say bytes
    return bytes(data.data())


def summary_html(who: str, row: dict[str, Any], team: list[dict[str, Any]], columns: list[Column],
                 period: str, chart_src: str) -> str:
    e = html.escape
    lines = []
    for column in columns[1:]:
        values = [column.value(r) for r in team if column.value(r) is not None]
        mean = sum(values) / len(values) if values and all(isinstance(v, int | float) for v in values) else None
        lines.append(f"<tr><td>{e(column.header)}</td><td align='right'><b>{e(column.show(column.value(row)))}</b>"
                     f"</td><td align='right'>{e(column.show(mean)) if mean is not None else '–'}</td></tr>")
    criteria = row.get("rubric", {}).get("criteria") or {}
    crit = "".join(f"<tr><td>{e(labels.label(k, labels.CRITERION))}</td><td align='right'>{v:.0f}</td></tr>"
                   for k, v in sorted(criteria.items(), key=lambda kv: kv[1]))
    return (f"<html><body style='font-family: sans-serif'><h2>{e(who)} · one-page summary</h2>"
            f"<p>{e(period)}. Definitions: docs/metrics.md.</p>"
            f"<table cellpadding='3'><tr><th align='left'>Measure</th><th>{e(who)}</th><th>Agents' mean</th></tr>"
            f"{''.join(lines)}</table>"
            + (f"<h3>Rubric by criterion (0-100, weakest first)</h3><table cellpadding='3'>{crit}</table>"
               if crit else "")
            + f"<h3>Trend</h3><p><img src='{chart_src}' width='640'></p></body></html>")


def write(path_html: Path, path_pdf: Path, who: str, row: dict[str, Any], team: list[dict[str, Any]],
          columns: list[Column], period: str, chart: WeekChart) -> None:
    png = chart_png(chart)
    path_html.write_text(summary_html(who, row, team, columns, period,
                                      "data:image/png;base64," + base64.b64encode(png).decode()), encoding="utf-8")
    doc = QTextDocument()
    doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl("chart.png"), QImage.fromData(png))
    doc.setHtml(summary_html(who, row, team, columns, period, "chart.png"))
    writer = QPdfWriter(str(path_pdf))
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                     QMarginsF(15, 15, 15, 15), QPageLayout.Unit.Millimeter))
    writer.setResolution(96)
    layout = writer.pageLayout().paintRectPixels(writer.resolution())
    doc.setPageSize(QSizeF(layout.width(), layout.height()))
    painter = QPainter(writer)
    try:
        doc.drawContents(painter)
    finally:
        painter.end()
