"""Dashboard pages of the books: books reports and ledger exports (issue [9])."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
