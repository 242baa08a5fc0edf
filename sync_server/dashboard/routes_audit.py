"""Audit → Check a receipt (docs/audit.md, docs/dashboard.md): paste a receipt QR's text
or upload a photo of the QR, and the page says whether the receipt is genuine — signed by
a till of this business and the same as the record head office holds
(``sync_server.auditor.receipt``). It changes nothing. A manager checks receipts of their
own branch's tills only."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

from shared.audit.receipt import KIND_NAMES
from sync_server.auditor.receipt import (
    FIELD_WORDS,
    MAX_IMAGE_BYTES,
    ImageError,
    ReceiptCheck,
    check_receipt,
    decode_image,
)
from sync_server.dashboard.web import PREFIX, CheckedForm, Current, field_text

router = APIRouter(include_in_schema=False)
PAGE = f"{PREFIX}/audit/receipt"
MAX_TEXT = 2000


def _when(stamp: str) -> str:
    """``20261121T140512Z`` → ``2026-11-21 14:05:12 UTC``."""
    return f"{stamp[:4]}-{stamp[4:6]}-{stamp[6:8]} {stamp[9:11]}:{stamp[11:13]}:{stamp[13:15]} UTC"


def _shown(verdict: ReceiptCheck) -> dict[str, object]:
    f = verdict.qr.fields if verdict.qr else None
    return {
        "ok": verdict.ok, "code": verdict.code, "message": verdict.message,
        "till": verdict.till, "branch": verdict.branch,
        "differences": [FIELD_WORDS[d] for d in verdict.differences],
        "receipt": None if f is None else {
            "kind": KIND_NAMES[f.kind], "number": f.receipt_no, "when": _when(f.time),
            "gross": f.gross.format(), "tax": f.tax.format(), "seq": f.seq},
    }


@router.get(PAGE)
def receipt_page(current: Current) -> HTMLResponse:
    return current.render("audit_receipt.html", text="", verdict=None, problem=None)


@router.post(PAGE)
async def receipt_check(current: Current, form: CheckedForm) -> HTMLResponse:
    text = field_text(form, "text")[:MAX_TEXT]
    upload = form.get("image")
    if not text and upload is not None and not isinstance(upload, str) and upload.filename:
        raw = await upload.read(MAX_IMAGE_BYTES + 1)
        try:
            text = await run_in_threadpool(decode_image, raw)
        except ImageError as exc:
            return current.render("audit_receipt.html", status=400, text="", verdict=None,
                                  problem=str(exc))
    if not text:
        return current.render("audit_receipt.html", status=400, text="", verdict=None,
                              problem="Paste the text of the receipt's QR code, or choose a "
                                      "picture of it.")
    branch = current.principal.branch_filter(None)

    def work() -> ReceiptCheck:
        with current.ctx.scope(current.tenant_id) as scope:
            return check_receipt(scope, text, branch=branch)

    verdict = await run_in_threadpool(work)
    return current.render("audit_receipt.html", text=text, verdict=_shown(verdict), problem=None)
