"""Audit → Check a receipt: a genuine receipt's QR text, pasted or in an uploaded photo
the server reads, is GENUINE; a changed one is not; odd input is a clear message, never
a 500; a manager checks their own branch's receipts only."""

from __future__ import annotations

import io
from dataclasses import replace

from fastapi.testclient import TestClient
from PIL import Image

from hardware.documents import ReceiptDoc
from hardware.printing import document_bytes
from hardware.samples import GoldenCase, sale_58_verifiable
from hardware.virtual_printer import decode, page_png
from shared.audit.receipt import receipt_fields, receipt_qr
from tests.dashboard.conftest import PASSWORD, Shop, csrf_of, sign_in
from tests.dashboard.test_fuzz import VALUES

PAGE = "/dashboard/audit/receipt"


def _post(client: TestClient, text: str = "", image: bytes | None = None):
    files = {"image": ("receipt.png", image, "image/png")} if image is not None else None
    return client.post(PAGE, data={"csrf_token": csrf_of(client, PAGE), "text": text},
                       files=files)


def _photo(text: str, *, jpeg: bool = False) -> bytes:
    """A 58 mm receipt carrying ``text`` in its QR, as the virtual printer renders it
    (and, with ``jpeg``, as a phone would save it)."""
    doc: ReceiptDoc = sale_58_verifiable()
    case = GoldenCase("photo", lambda: doc, "POS-5890", 58)
    data = document_bytes(replace(doc, qr_payload=text), case.profile(), case.options())
    png = page_png(decode(data, case.profile().dots)[0], case.profile().dots)
    if not jpeg:
        return png
    out = io.BytesIO()
    with Image.open(io.BytesIO(png)) as image:
        image.convert("RGB").resize((image.width * 2, image.height * 2)).save(out, "JPEG",
                                                                                quality=80)
    return out.getvalue()


def test_a_pasted_or_photographed_receipt_is_checked(shop: Shop, director: TestClient) -> None:
    page = director.get(PAGE)
    assert page.status_code == 200 and "Check a receipt" in page.text
    text = receipt_qr(shop.sale1, shop.main.key)
    reply = _post(director, text)
    assert reply.status_code == 200 and 'data-verdict="good"' in reply.text
    assert "Till 1" in reply.text and shop.main.terminal_id not in reply.text.split("<textarea")[0]
    assert receipt_fields(shop.sale1).receipt_no in reply.text
    # A photo of it, read by the server (PNG as printed, JPEG as a phone saves it).
    for jpeg in (False, True):
        reply = _post(director, image=_photo(text, jpeg=jpeg))
        assert reply.status_code == 200 and 'data-verdict="good"' in reply.text, reply.text[-800:]
    # One character changed: not genuine.
    position = text.index("|", 8) + 3
    changed = text[:position] + ("0" if text[position] != "0" else "1") + text[position + 1:]
    reply = _post(director, changed)
    assert reply.status_code == 200 and "Not genuine" in reply.text
    assert 'data-verdict="good"' not in reply.text


def test_odd_input_is_a_clear_message(shop: Shop, director: TestClient) -> None:
    for value in VALUES:
        reply = _post(director, value)
        assert reply.status_code < 500, (value[:20], reply.text[:300])
    assert _post(director, "").status_code == 400
    reply = _post(director, image=b"not a picture at all")
    assert reply.status_code == 400 and "not a picture" in reply.text
    blank = io.BytesIO()
    Image.new("L", (200, 200), 255).save(blank, "PNG")
    reply = _post(director, image=blank.getvalue())
    assert reply.status_code == 400 and "No QR code" in reply.text


def test_a_manager_checks_their_own_branch_only(shop: Shop) -> None:
    with TestClient(shop.app, base_url="http://acme.test") as tema:  # type: ignore[arg-type]
        assert sign_in(tema, "tema.manager@acme.test", PASSWORD).status_code == 303
        reply = _post(tema, receipt_qr(shop.sale1, shop.main.key))  # a MAIN sale
        assert reply.status_code == 200 and 'data-verdict="unknown_till"' in reply.text


def test_the_page_needs_a_session_and_its_form_a_token(shop: Shop, director: TestClient) -> None:
    with TestClient(shop.app, base_url="http://acme.test") as anonymous:  # type: ignore[arg-type]
        reply = anonymous.get(PAGE, follow_redirects=False)
        assert reply.status_code == 303 and "/dashboard/login" in reply.headers["location"]
    reply = director.post(PAGE, data={"text": receipt_qr(shop.sale1, shop.main.key)})
    assert reply.status_code == 403
