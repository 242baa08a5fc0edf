"""The HTTP side of the server: the sync API (``/api/v1``), health and metrics."""
