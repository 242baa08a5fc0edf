"""Messages to people outside the dashboard: e-mail (``mail``: SMTP or nothing) and SMS
(``sms``: the protocol only; the sender is issue [14]'s). Alerts (``sync_server.notify``)
and, later, the scheduled reports go out through these."""
