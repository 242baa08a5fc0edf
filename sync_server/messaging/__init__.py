"""Messages to people outside the dashboard: e-mail (``mail``: SMTP or nothing) and text
messages (``sms``: the Arkesel gateway or nothing; ``queue`` and ``dispatch``: bulk
messages, receipts asked for at the till, the off-hours window, the 5 % throttle,
delivery reports and opt-out; docs/messaging.md). Alerts (``sync_server.notify``) and
the scheduled reports go out through these."""
