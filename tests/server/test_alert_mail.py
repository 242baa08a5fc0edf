"""Alerts by e-mail, against a real SMTP server (aiosmtpd) started by the test on a
free port: a fork reaches the tenant's director and the operator; STARTTLS and a login
work; a wrong password, a server that is down and a bad address each give a clear
error; ``bisama-sync alerts test`` sends a test message."""

from __future__ import annotations

import ssl
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email import message_from_bytes
from email.message import Message
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from sync_server.messaging.mail import MailError, MailMessage, SmtpMailer, SmtpSettings
from sync_server.messaging.recipients import TenantRecipients, named_recipients
from sync_server.messaging.sms import NullSms
from sync_server.notify import AlertMessage, MailNotifier
from sync_server.tenants.services import add_user
from tests.server.conftest import ADMIN, TillFactory, World, free_port

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Received:
    sender: str
    to: list[str]
    mail: Message


@dataclass
class Inbox:
    """What the SMTP server was given."""

    messages: list[Received] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(Received(envelope.mail_from, list(envelope.rcpt_tos),
                                      message_from_bytes(envelope.content)))
        return "250 Message accepted for delivery"


@dataclass
class SmtpServer:
    inbox: Inbox
    port: int
    cert: Path | None = None

    def client_context(self) -> ssl.SSLContext:
        assert self.cert is not None
        return ssl.create_default_context(cafile=str(self.cert))


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield SmtpServer(inbox, port)
    finally:
        controller.stop()


def self_signed(folder: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.now(UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(minutes=1)).not_valid_after(now + timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = folder / "smtp.crt", folder / "smtp.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


def only_alerts_password(_server: Any, _session: Any, _envelope: Any, mechanism: str,
                         data: Any) -> AuthResult:
    ok = (isinstance(data, LoginPassword) and data.login == b"alerts"
          and data.password == b"s3cret pass")
    return AuthResult(success=ok, handled=False)


@pytest.fixture
def tls_smtp(tmp_path: Path) -> Iterator[SmtpServer]:
    """A server that wants STARTTLS before anything and a login."""
    cert, key = self_signed(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(str(cert), str(key))
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="localhost", port=port, tls_context=context,
                            require_starttls=True, auth_required=True,
                            authenticator=only_alerts_password)
    controller.start()
    try:
        yield SmtpServer(inbox, port, cert)
    finally:
        controller.stop()


def plain(server: SmtpServer) -> SmtpSettings:
    return SmtpSettings(host="127.0.0.1", port=server.port, starttls=False,
                        sender="Bisama POS <alerts@bisama.test>", timeout=10)


def test_a_fork_is_mailed_to_the_tenants_director_and_the_operator(
        world: World, till: TillFactory, smtp: SmtpServer) -> None:
    with world.ctx.scope(world.tenant_id) as scope:
        add_user(world.ctx, scope, ADMIN, email="efua@acme.test", name="Efua Mensah",
                 role="director", branch=None, pin=None, password="long enough password")
    notifier = MailNotifier(SmtpMailer(plain(smtp)), TenantRecipients(world.ctx, {}),
                            operator=("ops@bisama.test",), sms=NullSms(),
                            operator_phones=("+233200000000",))
    world.ctx.notifier = notifier
    try:
        t = till()
        for _ in range(3):
            t.sell([("GH-0006", 1)])
        t.push()
        t.restore_from_backup(1)
        t.sell([("GH-0007", 1)])
        assert t.push_batch(t.outbox[1:]).status_code == 409  # a fork: refused and alerted
        notifier.flush()
    finally:
        notifier.close()
    assert notifier.failures == []
    [got] = smtp.inbox.messages
    assert sorted(got.to) == ["efua@acme.test", "ops@bisama.test"]
    assert got.sender == "alerts@bisama.test"
    assert got.mail["Subject"].startswith("[Bisama POS] fork:")
    payload = got.mail.get_payload(decode=True)
    assert isinstance(payload, bytes)
    body = payload.decode()
    assert t.terminal_id in body and "Sync page" in body


def test_named_recipients_replace_the_directors(world: World, smtp: SmtpServer) -> None:
    named = named_recipients("ACME.test=books@acme.test, owner@acme.test;other.test=x@other.test")
    assert named["acme.test"] == ("books@acme.test", "owner@acme.test")
    notifier = MailNotifier(SmtpMailer(plain(smtp)), TenantRecipients(world.ctx, named))
    try:
        notifier.notify(AlertMessage(world.tenant_id, "revoked_push", "A revoked till pushed."))
        notifier.flush()
    finally:
        notifier.close()
    [got] = smtp.inbox.messages
    assert sorted(got.to) == ["books@acme.test", "owner@acme.test"]


def test_a_server_alert_goes_to_the_operator_only(world: World, smtp: SmtpServer) -> None:
    """An alert of no tenant (tenant id 0: a failed backup, a failed drill)."""
    notifier = MailNotifier(SmtpMailer(plain(smtp)), TenantRecipients(world.ctx, {}),
                            operator=("ops@bisama.test", "OPS@bisama.test"))
    try:
        notifier.notify(AlertMessage(0, "backup_failed", "The tenants backup failed."))
        notifier.flush()
    finally:
        notifier.close()
    [got] = smtp.inbox.messages
    assert got.to == ["ops@bisama.test"]  # once, whatever the case
    assert got.mail["Subject"] == "[Bisama POS] backup_failed: The tenants backup failed."


def test_starttls_and_a_login_and_a_wrong_password(tls_smtp: SmtpServer) -> None:
    settings = SmtpSettings(host="localhost", port=tls_smtp.port, starttls=True,
                            username="alerts", password="s3cret pass",
                            sender="alerts@bisama.test", timeout=10)
    SmtpMailer(settings, tls_smtp.client_context()).send(
        MailMessage(("ops@bisama.test",), "Backup failed", "The tenants backup failed."))
    [got] = tls_smtp.inbox.messages
    assert got.to == ["ops@bisama.test"] and got.mail["Subject"] == "Backup failed"
    wrong = SmtpSettings(host="localhost", port=tls_smtp.port, username="alerts",
                         password="guess", sender="alerts@bisama.test", timeout=10)
    with pytest.raises(MailError, match="refused the login 'alerts'"):
        SmtpMailer(wrong, tls_smtp.client_context()).send(
            MailMessage(("ops@bisama.test",), "x", "y"))
    untrusted = SmtpMailer(settings)  # the system's CAs do not know the test certificate
    with pytest.raises(MailError, match="could not be sent through localhost"):
        untrusted.send(MailMessage(("ops@bisama.test",), "x", "y"))
    assert len(tls_smtp.inbox.messages) == 1


def test_a_mail_server_that_is_down_or_a_bad_address_fails_clearly_and_alerts_carry_on(
        smtp: SmtpServer) -> None:
    down = SmtpSettings(host="127.0.0.1", port=free_port(), starttls=False, timeout=5,
                        sender="alerts@bisama.test")
    with pytest.raises(MailError, match=r"could not be sent through 127\.0\.0\.1"):
        SmtpMailer(down).send(MailMessage(("ops@bisama.test",), "x", "y"))
    with pytest.raises(MailError, match="not an e-mail address"):
        SmtpMailer(plain(smtp)).send(MailMessage(("ops at bisama",), "x", "y"))
    notifier = MailNotifier(SmtpMailer(down), lambda _tenant: ["ops@bisama.test"])
    try:
        notifier.notify(AlertMessage(1, "fork", "Till MAIN/T01 forked."))
        notifier.flush()
    finally:
        notifier.close()
    assert len(notifier.failures) == 1 and "127.0.0.1" in notifier.failures[0]
    assert smtp.inbox.messages == []


def test_settings_from_the_environment(tmp_path: Path) -> None:
    assert SmtpSettings.from_environment({}) is None
    secret = tmp_path / "smtp-password"
    secret.write_text("s3cret pass\n")
    s = SmtpSettings.from_environment({
        "BISAMA_SMTP_HOST": "mail.example.com", "BISAMA_SMTP_PORT": "2525",
        "BISAMA_SMTP_STARTTLS": "0", "BISAMA_SMTP_USER": "alerts",
        "BISAMA_SMTP_PASSWORD_FILE": str(secret), "BISAMA_SMTP_FROM": "Alerts <a@example.com>"})
    assert s is not None
    assert (s.host, s.port, s.starttls, s.username, s.password) == (
        "mail.example.com", 2525, False, "alerts", "s3cret pass")
    assert "s3cret" not in repr(s)
    with pytest.raises(MailError, match="BISAMA_SMTP_PORT"):
        SmtpSettings.from_environment({"BISAMA_SMTP_HOST": "m", "BISAMA_SMTP_PORT": "many"})
    with pytest.raises(MailError, match="password file"):
        SmtpSettings.from_environment({"BISAMA_SMTP_HOST": "m",
                                       "BISAMA_SMTP_PASSWORD_FILE": str(tmp_path / "none")})
    with pytest.raises(MailError, match="BISAMA_ALERT_RECIPIENTS"):
        named_recipients("acme.test")


def sync_cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "sync_server", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120, check=False)


def test_alerts_test_command_sends_a_test_message(smtp: SmtpServer, tmp_path: Path) -> None:
    import os

    env = {k: v for k, v in os.environ.items() if not k.startswith("BISAMA_SMTP")}
    missing = sync_cli("alerts", "test", "--to", "ops@bisama.test", env=env)
    assert missing.returncode == 2 and "BISAMA_SMTP_HOST" in missing.stderr
    env.update({"BISAMA_SMTP_HOST": "127.0.0.1", "BISAMA_SMTP_PORT": str(smtp.port),
                "BISAMA_SMTP_STARTTLS": "0", "BISAMA_SMTP_FROM": "alerts@bisama.test"})
    done = sync_cli("alerts", "test", "--to", "ops@bisama.test", "--to", "kofi@acme.test",
                    env=env)
    assert done.returncode == 0, done.stderr
    assert "Test alert sent to ops@bisama.test, kofi@acme.test" in done.stdout
    [got] = smtp.inbox.messages
    assert sorted(got.to) == ["kofi@acme.test", "ops@bisama.test"]
    assert got.mail["Subject"] == "[Bisama POS] Test alert"
    bad = sync_cli("alerts", "test", "--to", "not an address", env=env)
    assert bad.returncode == 2 and "not an e-mail address" in bad.stderr
    assert len(smtp.inbox.messages) == 1
