"""The head-office dashboard and back office: server-rendered pages (Jinja2, htmx,
Chart.js) served by the sync server under ``/dashboard``. Routes are thin: they resolve
the tenant from the Host header, check the signed-in person's role and call the same
services the ``bisama-sync`` command line uses."""
