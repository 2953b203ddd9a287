"""The checker endpoint's JSON reply, kept proportional to the text that was sent.

The full report repeats each finding's whole sentence (a 600-character sentence with 20
findings went out 20 times) and JSON-escaped every kana as \\uXXXX: replies reached 67–240×
the request. The panel shows one line per finding and an editor cannot act on thousands, so
the reply sends the sentence around the mark only (SENTENCE_CONTEXT characters each side),
at most MAX_FINDINGS findings (the most severe first, with the total), and UTF-8 as it is.
"""

from __future__ import annotations

from typing import Any

from django.http import JsonResponse

MAX_FINDINGS = 200
SENTENCE_CONTEXT = 40
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def _window(sentence: dict[str, Any]) -> dict[str, Any]:
    text = sentence["text"]
    start = max(0, sentence["mark_start"] - SENTENCE_CONTEXT)
    end = min(len(text), sentence["mark_end"] + SENTENCE_CONTEXT)
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    return {
        "text": prefix + text[start:end] + suffix,
        "mark_start": sentence["mark_start"] - start + len(prefix),
        "mark_end": sentence["mark_end"] - start + len(prefix),
    }


def compact_report(report: dict[str, Any]) -> dict[str, Any]:
    """The report with windowed sentences and a bounded number of findings."""
    findings = report.get("findings", [])
    chosen = sorted(
        range(len(findings)),
        key=lambda i: (SEVERITY_ORDER.get(findings[i].get("severity"), 3), i),
    )[:MAX_FINDINGS]
    compact = []
    for index in sorted(chosen):  # back in reading order
        finding = dict(findings[index])
        if finding.get("sentence"):
            finding["sentence"] = _window(finding["sentence"])
        compact.append(finding)
    return {
        **report,
        "findings": compact,
        "findings_total": len(findings),
        "findings_truncated": len(findings) > len(compact),
    }


def checker_response(report: dict[str, Any]) -> JsonResponse:
    return JsonResponse(compact_report(report), json_dumps_params={"ensure_ascii": False})
