"""E-mail: a ``Mailer`` sends one message; ``SmtpMailer`` through an SMTP server
(stdlib ``smtplib``, STARTTLS when asked, a login when given), ``NullMailer`` nowhere.

Settings come from the environment (``SmtpSettings.from_environment``):

``BISAMA_SMTP_HOST``      the SMTP server; unset: no e-mail (``NullMailer``)
``BISAMA_SMTP_PORT``      default 587
``BISAMA_SMTP_STARTTLS``  ``1`` (default) or ``0`` (a relay on the same machine)
``BISAMA_SMTP_USER``      the login, when the server wants one
``BISAMA_SMTP_PASSWORD_FILE``  a file holding the password (never the password itself
                          in the environment, where ``ps e`` shows it)
``BISAMA_SMTP_FROM``      the sender address, e.g. ``Bisama POS <alerts@example.com>``
``BISAMA_SMTP_TIMEOUT``   seconds, default 30
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from pathlib import Path
from typing import Protocol

from shared.errors import BisamaError

ENV_HOST = "BISAMA_SMTP_HOST"
ENV_PORT = "BISAMA_SMTP_PORT"
ENV_STARTTLS = "BISAMA_SMTP_STARTTLS"
ENV_USER = "BISAMA_SMTP_USER"
ENV_PASSWORD_FILE = "BISAMA_SMTP_PASSWORD_FILE"  # noqa: S105 - a variable name
ENV_FROM = "BISAMA_SMTP_FROM"
ENV_TIMEOUT = "BISAMA_SMTP_TIMEOUT"


class MailError(BisamaError):
    code = "mail_failed"


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file sent with a message (the scheduled reports' PDF and XLSX)."""

    filename: str
    content: bytes
    mime_type: str = "application/octet-stream"


@dataclass(frozen=True, slots=True)
class MailMessage:
    to: tuple[str, ...]
    subject: str
    body: str
    attachments: tuple[Attachment, ...] = ()


class Mailer(Protocol):
    def send(self, message: MailMessage) -> None:
        """Send it, or raise ``MailError`` saying why."""
        ...


class NullMailer:
    """Sends nothing (no SMTP server set up)."""

    def send(self, message: MailMessage) -> None:
        return None


def check_address(address: str) -> str:
    """An e-mail address as typed, trimmed; ``MailError`` when it is not one."""
    text = address.strip()
    name, addr = parseaddr(text)
    local, at, domain = addr.rpartition("@")
    if (not at or not local or "." not in domain or any(c in addr for c in " \r\n,;<>")
            or (addr != text and not name)):
        raise MailError(f"{address!r} is not an e-mail address (like name@example.com).")
    return addr


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int = 587
    starttls: bool = True
    username: str | None = None
    password: str | None = None
    sender: str = "Bisama POS <bisama@localhost>"
    timeout: float = 30.0

    def __repr__(self) -> str:  # never the password
        return (f"SmtpSettings(host={self.host!r}, port={self.port}, starttls={self.starttls}, "
                f"username={self.username!r}, sender={self.sender!r})")

    @classmethod
    def from_environment(cls, environ: Mapping[str, str]) -> SmtpSettings | None:
        host = (environ.get(ENV_HOST) or "").strip()
        if not host:
            return None
        try:
            port = int(environ.get(ENV_PORT) or "587")
            timeout = float(environ.get(ENV_TIMEOUT) or "30")
        except ValueError:
            raise MailError(f"{ENV_PORT} and {ENV_TIMEOUT} are numbers.") from None
        if not 0 < port < 65536 or not 0 < timeout <= 600:
            raise MailError(f"{ENV_PORT} is 1–65535 and {ENV_TIMEOUT} 1–600 seconds.")
        flag = (environ.get(ENV_STARTTLS) or "1").strip().lower()
        if flag not in ("1", "0", "yes", "no", "true", "false", "on", "off"):
            raise MailError(f"{ENV_STARTTLS} is 1 or 0.")
        password = None
        secret = environ.get(ENV_PASSWORD_FILE)
        if secret:
            try:
                password = Path(secret).read_text(encoding="utf-8").strip()
            except OSError as exc:
                raise MailError(f"Cannot read the SMTP password file {secret}: "
                                f"{exc.strerror}.") from None
        sender = environ.get(ENV_FROM) or f"Bisama POS <bisama@{host}>"
        check_address(sender)
        return cls(host=host, port=port, starttls=flag in ("1", "yes", "true", "on"),
                   username=environ.get(ENV_USER) or None, password=password, sender=sender,
                   timeout=timeout)


class SmtpMailer:
    """One connection per message (alerts are few; a kept connection would time out)."""

    def __init__(self, settings: SmtpSettings, context: ssl.SSLContext | None = None) -> None:
        self.settings = settings
        self.context = context

    def send(self, message: MailMessage) -> None:
        s = self.settings
        if not message.to:
            raise MailError("The e-mail has no recipient.")
        recipients = [check_address(a) for a in message.to]
        mail = EmailMessage()
        mail["From"] = s.sender
        mail["To"] = ", ".join(recipients)
        mail["Subject"] = message.subject.replace("\r", " ").replace("\n", " ")[:200]
        mail["Date"] = formatdate(localtime=False)
        mail["Message-ID"] = make_msgid(domain=parseaddr(s.sender)[1].rpartition("@")[2] or None)
        mail.set_content(message.body)
        for item in message.attachments:
            maintype, _, subtype = item.mime_type.partition("/")
            mail.add_attachment(item.content, maintype=maintype, subtype=subtype or "octet-stream",
                                filename=item.filename)
        try:
            with smtplib.SMTP(s.host, s.port, timeout=s.timeout) as smtp:
                smtp.ehlo()
                if s.starttls:
                    smtp.starttls(context=self.context or ssl.create_default_context())
                    smtp.ehlo()
                if s.username:
                    smtp.login(s.username, s.password or "")
                refused = smtp.send_message(mail, to_addrs=recipients)
        except smtplib.SMTPAuthenticationError:
            raise MailError(f"The mail server {s.host} refused the login {s.username!r}: "
                            "check BISAMA_SMTP_USER and the password file.") from None
        except smtplib.SMTPNotSupportedError:
            raise MailError(f"The mail server {s.host}:{s.port} does not offer STARTTLS; "
                            "set BISAMA_SMTP_STARTTLS=0 only for a relay on this machine.") from None
        except smtplib.SMTPRecipientsRefused as exc:
            raise MailError("The mail server refused every recipient: "
                            f"{', '.join(sorted(exc.recipients))}.") from None
        except (smtplib.SMTPException, OSError, ssl.SSLError) as exc:
            raise MailError(f"The e-mail could not be sent through {s.host}:{s.port}: "
                            f"{exc}.") from None
        if refused:
            raise MailError("The mail server refused " + ", ".join(sorted(refused)) + "; the "
                            "others were sent.")


def mailer_from_environment(environ: Mapping[str, str]) -> Mailer:
    settings = SmtpSettings.from_environment(environ)
    return NullMailer() if settings is None else SmtpMailer(settings)
