"""A live dashboard with a small business behind it, for the browser tests and the
screenshot script: the real application served by uvicorn on a free port, two tenants
(Acme with two branches, Other Traders), a director, and toy tills that speak the sync
protocol to the same server over HTTP."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import httpx
import uvicorn

from shared.payloads import Tender
from sync_server.context import ServerContext
from sync_server.dashboard.settings import DashboardSettings
from sync_server.security import SecretHasher
from sync_server.tenants.services import add_branch, add_user
from sync_server.web.app import create_app
from tests.dbtemplate import head_database
from tests.server.conftest import ADMIN, World, free_port, make_world
from tests.server.toy_terminal import Product, ToyTerminal

PASSWORD = "director password 1"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--host-resolver-rules=MAP *.localhost 127.0.0.1"]


@dataclass
class Scene:
    ctx: ServerContext
    acme: World
    other: World
    port: int
    server: uvicorn.Server
    thread: threading.Thread
    clients: list[httpx.Client] = field(default_factory=list)

    def url(self, tenant: str = "acme", path: str = "/dashboard/") -> str:
        return f"http://{tenant}.localhost:{self.port}{path}"

    def till(self, branch: str = "MAIN", name: str = "Till 1",
             world: World | None = None) -> ToyTerminal:
        client = httpx.Client(base_url=f"http://127.0.0.1:{self.port}", timeout=60)
        self.clients.append(client)
        till = ToyTerminal(client, name=name,
                           business_date=datetime.now(UTC).date().isoformat())
        till.enroll((world or self.acme).code(branch))
        till.pull()
        return till

    def stop(self) -> None:
        for client in self.clients:
            client.close()
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.ctx.close()


def start_scene(folder: Path, testdata: Path, *, refresh_seconds: int = 1,
                offline_after_seconds: int = 3) -> Scene:
    url = f"sqlite:///{folder / 'dashboard.sqlite3'}"
    head_database(url)  # a copy of a migrated template (tests/dbtemplate.py)
    ctx = ServerContext.open(url, hasher=SecretHasher(cheap=True))
    acme = make_world(ctx, testdata, domain="acme.bisamapos.com", name="Acme Trading")
    other = make_world(ctx, testdata, domain="other.bisamapos.com", name="Other Traders")
    with ctx.scope(acme.tenant_id) as scope:
        add_branch(ctx, scope, ADMIN, code="TEM-02", name="Tema Branch",
                   address="456 Port Road, Tema")
        add_user(ctx, scope, ADMIN, email="director@acme.test", name="Abena Mensah",
                 role="director", branch=None, pin=None, password=PASSWORD)
    with ctx.scope(other.tenant_id) as scope:
        add_user(ctx, scope, ADMIN, email="director@other.test", name="Esi Other",
                 role="director", branch=None, pin=None, password=PASSWORD)
    settings = DashboardSettings(secret=b"browser-test-secret-0123456789ab",
                                 secure_cookies=False, base_domain="bisamapos.com",
                                 totp_roles=frozenset(),  # two-factor: its own tests
                                 refresh_seconds=refresh_seconds,
                                 offline_after_seconds=offline_after_seconds,
                                 # one browser signs in for every test of a module
                                 sign_in_per_address="600/minute")
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(ctx, dashboard=settings), host="127.0.0.1",
                                           port=port, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the dashboard server did not start")
        time.sleep(0.02)
    return Scene(ctx, acme, other, port, server, thread)


def some_sales(till: ToyTerminal, count: int = 3) -> None:
    """A few ordinary sales: cash, MTN MoMo and card, in turn."""
    items = [("GH-0001", 2), ("GH-0004", 1), ("GH-0002", 3), ("GH-0003", 1), ("GH-0005", 2)]
    for number in range(count):
        sku, qty = items[number % len(items)]
        sale = till.priced_sale([(sku, qty)])
        gross = sale.totals.gross
        tender = [Tender("cash", gross, gross),
                  Tender("momo", gross, gross, provider="mtn", reference=f"MP{number}"),
                  Tender("card", gross, gross, reference=f"A{number}")][number % 3]
        till.sell([(sku, qty)], tenders=[tender])


def unknown_product_sale(till: ToyTerminal) -> None:
    base = till.products["GH-0001"]
    # Priced as GH-0001, the product it is attached to by copying when resolved.
    till.products["GH-9999"] = Product("GH-9999", "Kalyppo Apple 200ml", base.unit, base.tax_code,
                                       base.cost_price, units={base.unit: base.units[base.unit]},
                                       prices={("retail", base.unit): base.prices[("retail", base.unit)]})
    till.sell([("GH-9999", 2)])
