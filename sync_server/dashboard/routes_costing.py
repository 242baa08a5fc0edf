"""Dashboard pages of the books: stock at moving average cost, opening balances (issue [9])."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
