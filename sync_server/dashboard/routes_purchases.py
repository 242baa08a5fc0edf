"""Dashboard pages of the books: suppliers, bills, expenses, settlements (issue [9])."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
