"""Tests that start their own database clusters on loopback ports (issue [15]); marked
``cluster``. See docs/architecture.md, "Beyond one server"."""
