"""Dashboard pages of the books: chart of accounts, journals by hand (issue [9])."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
