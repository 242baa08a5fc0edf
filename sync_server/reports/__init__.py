"""Reports as services: the CLI and the dashboard call the same functions."""
