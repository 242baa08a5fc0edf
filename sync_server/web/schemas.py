"""Request and reply bodies of the HTTP API, as pydantic models: they validate what
comes in and document what goes out in the OpenAPI schema (``/api/openapi.json``).
Envelopes themselves are checked field by field by ``shared.envelope.parse_envelope``,
which gives better messages than a schema could."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints

from sync_server.sync.protocol import MAX_BATCH

UUID_PATTERN = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
# Free text stored by the server: any characters but NUL, which PostgreSQL cannot store.
NO_NUL = r"^[^\x00]*$"

Version = Annotated[str, StringConstraints(pattern=NO_NUL, min_length=1, max_length=40)]
Name = Annotated[str, StringConstraints(pattern=NO_NUL, max_length=100)]
Detail = Annotated[str, StringConstraints(pattern=NO_NUL, max_length=200)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ErrorBody(BaseModel):
    code: str
    message: str
    retry: Literal["never", "backoff", "now"]
    detail: Any | None = None


class ErrorReply(BaseModel):
    error: ErrorBody


class HealthReply(BaseModel):
    status: Literal["ok", "suspended"]
    tenant_id: int | None
    name: str | None
    database: str
    reason: str | None = None


class EnrollRequest(Strict):
    code: str = Field(min_length=1, max_length=40, description="the one-time enrollment code")
    terminal_id: str = Field(pattern=UUID_PATTERN, description="the till's own id (UUID)")
    public_key: str = Field(pattern=r"^[0-9a-f]{64}$", description="Ed25519 public key, hex")
    proof: str = Field(pattern=r"^[0-9a-f]{128}$",
                       description="Ed25519 signature of the enrollment message, hex")
    name: Name = Field(default="", description="what people call the till")
    app_version: Version | None = Field(default=None)


class TenantRef(BaseModel):
    id: str
    name: str
    domain: str


class BranchRef(BaseModel):
    code: str
    name: str


class EnrollReply(BaseModel):
    terminal_id: str
    tenant: TenantRef
    branch: BranchRef
    server_time: str


class NonceReply(BaseModel):
    nonce: str
    expires_at: str
    server_time: str


class PushRequest(Strict):
    envelopes: list[dict[str, Any]] = Field(min_length=1, max_length=MAX_BATCH)
    # The till's signed statement of its head (shared.heads, §8.2); tills before it send none.
    head: dict[str, Any] | None = None


class Witnessed(BaseModel):
    """The highest head of this till the server has witnessed (§8.2)."""

    seq: int
    hash: str
    at: str


class PushResultItem(BaseModel):
    seq: int
    id: str
    status: Literal["stored", "held", "rejected"]
    reason_code: str | None = None
    reason: str | None = None


class Refusal(BaseModel):
    index: int
    seq: int | None
    code: str
    message: str
    expected_seq: int


class PushReply(BaseModel):
    terminal_id: str
    stored_through: int
    head_hash: str
    results: list[PushResultItem]
    refused: Refusal | None
    witnessed: Witnessed | None = None


class FeedChange(BaseModel):
    version: int
    entity: str
    key: str
    deleted: bool
    data: dict[str, Any] | None


class FeedReply(BaseModel):
    cursor: str
    more: bool
    reset: bool
    feed_version: int
    changes: list[FeedChange]


class Printer(Strict):
    status: Literal["ok", "offline", "paper_out", "cover_open", "error", "none"]
    detail: Detail | None = Field(default=None)


class Power(Strict):
    source: Literal["mains", "battery", "unknown"]
    battery_percent: int | None = Field(default=None, ge=0, le=100)


class HeartbeatRequest(Strict):
    terminal_time: AwareDatetime
    app_version: Version
    outbox_depth: int = Field(ge=0, le=10**9)
    oldest_unsynced_seconds: int | None = Field(default=None, ge=0, le=10**10)
    last_seq: int | None = Field(default=None, ge=0, le=2**53 - 1)
    printer: Printer
    power: Power
    head: dict[str, Any] | None = None  # the till's signed head statement (§8.2)


class HeartbeatReply(BaseModel):
    server_time: str
    clock_skew_ms: int
    stored_through: int
    # The till's seq head office held at its newest verified backup (None: no verified
    # backup yet); the till prunes acknowledged envelopes only up to it.
    backed_up_through: int | None = None
    witnessed: Witnessed | None = None


class ChainReply(BaseModel):
    terminal_id: str
    seq: int
    hash: str
    held: int
    fork_seqs: list[int]


class StoredItem(BaseModel):
    envelope: dict[str, Any]
    status: Literal["stored", "held", "rejected"]
    reason_code: str | None
    reason: str | None


class ChainEnvelopesReply(BaseModel):
    terminal_id: str
    after: int
    more: bool
    envelopes: list[StoredItem]

