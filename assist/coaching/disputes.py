"""The rules of acknowledging and disputing a coaching report, and of the lead's verdict.

- The agent marks a report "seen", or disputes it: a comment is mandatory, proposed scores are optional
  and must name criteria of the report, within their scale.
- A lead accepts (the proposed scores replace the report's), partly accepts (the lead's own final scores,
  each between the report's and the proposed one) or rejects (scores stay, and the report is locked).
Errors are InputErrors naming the field, so the CLI and the UI show one clear line.
"""

from __future__ import annotations

from typing import Any

from assist.base.errors import InputError
from assist.base.vocab import ReportStatus
from assist.coaching.report import Report

VERDICTS = (ReportStatus.ACCEPTED, ReportStatus.PARTLY_ACCEPTED, ReportStatus.REJECTED)
MAX_COMMENT = 4000


def check_dispute(report: dict[str, Any], comment: str, proposed: dict[str, int]) -> tuple[str, dict[str, int]]:
    """The cleaned comment and proposed scores, or an InputError."""
    comment = comment.strip()
    if not comment:
        raise InputError("a dispute needs a comment saying what is wrong", field="comment")
    if len(comment) > MAX_COMMENT:
        raise InputError(f"the comment is too long (limit {MAX_COMMENT:,} characters)", field="comment")
    scales = {c["id"]: int(c["max"]) for c in report.get("criteria", [])}
    clean: dict[str, int] = {}
    for cid, value in proposed.items():
        if cid not in scales:
            raise InputError(f"no criterion {cid!r} in this report (one of {', '.join(scales)})", field="proposed")
        if not isinstance(value, int) or not 0 <= value <= scales[cid]:
            raise InputError(f"{cid}: a score from 0 to {scales[cid]}, not {value!r}", field=f"proposed.{cid}")
        clean[cid] = value
    return comment, clean


def verdict_scores(report: dict[str, Any], verdict: str, proposed: dict[str, int],
                   final: dict[str, int] | None) -> dict[str, int]:
    """The scores a verdict sets: proposed (accepted), the lead's (partly), none (rejected)."""
    if verdict not in VERDICTS:
        raise InputError(f"unknown verdict {verdict!r} (one of {', '.join(VERDICTS)})", field="verdict")
    if verdict == ReportStatus.REJECTED:
        return {}
    if verdict == ReportStatus.ACCEPTED:
        return dict(proposed)
    if not final:
        raise InputError("a partial acceptance needs the final scores the lead settles on", field="final")
    current = {c["id"]: int(c["score"]) for c in report.get("criteria", [])}
    for cid, value in final.items():
        if cid not in current:
            raise InputError(f"no criterion {cid!r} in this report", field="final")
        low, high = sorted((current[cid], proposed.get(cid, current[cid])))
        if not low <= value <= high:
            raise InputError(f"{cid}: between the report's {current[cid]} and the proposed "
                             f"{proposed.get(cid, current[cid])}, not {value}", field=f"final.{cid}")
    return dict(final)


def rescored(report: dict[str, Any], scores: dict[str, int]) -> dict[str, Any] | None:
    """The report dict with the settled scores and its overall recomputed (None when nothing changes)."""
    if not scores:
        return None
    return Report.from_dict(report).with_scores(scores).as_dict()
