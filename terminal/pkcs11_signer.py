"""The till's signing key on a PKCS#11 token (a smart card, a USB security key, an HSM;
SoftHSM2 in the tests) instead of in software (``terminal.keystore``).

The key is an Ed25519 key pair made on the token (``CKM_EC_EDWARDS_KEY_PAIR_GEN``,
private key not extractable) and used through ``CKM_EDDSA`` — PKCS#11 3.0, which SoftHSM2
has since 2.6 and most tokens sold for Ed25519 have. It signs exactly what the software
key signs (envelopes, receipts' QR codes, sync requests, the enrollment proof), and
Ed25519 being deterministic, the same bytes: head office cannot tell the two apart and
does not need to.

``bisama-terminal setup --signer pkcs11 --module LIB --token-label LABEL --pin-file FILE``
makes (or finds) the key on the token and writes ``DATA/keys/signer.json``; from then
``Till.open`` signs through the token (``open_signer``). The user PIN is read from the
PIN file (owner-only, like the key's passphrase file), never stored by the till. The
switch is allowed before the till's first transaction and before enrollment only: the
public key is in the till's identity and head office registers it at enrollment.
"""

from __future__ import annotations

import json
import os
import threading
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from shared.keys import public_key_text
from terminal.errors import KeyStoreError, SetupError
from terminal.owner_only import private_file, private_folder

if TYPE_CHECKING:
    from terminal.till import Till

CONFIG_NAME = "signer.json"
ED25519_OID = "1.3.101.112"
DEFAULT_KEY_LABEL = "bisama-till"


@dataclass(frozen=True, slots=True)
class Pkcs11Config:
    module: str  # the token's PKCS#11 library, e.g. /usr/lib/softhsm/libsofthsm2.so
    token_label: str
    pin_file: str
    key_label: str = DEFAULT_KEY_LABEL

    def to_json(self) -> dict[str, Any]:
        return {"kind": "pkcs11", **asdict(self)}

    @classmethod
    def from_json(cls, data: Any) -> Pkcs11Config:
        if not isinstance(data, dict) or data.get("kind") != "pkcs11":
            raise KeyStoreError("The till's signer settings (keys/signer.json) are not readable.")
        try:
            return cls(str(data["module"]), str(data["token_label"]), str(data["pin_file"]),
                       str(data.get("key_label") or DEFAULT_KEY_LABEL))
        except KeyError as exc:
            raise KeyStoreError(f"The till's signer settings (keys/signer.json) lack {exc}.") from None


def config_path(data_dir: Path) -> Path:
    return Path(data_dir) / "keys" / CONFIG_NAME


def load_config(data_dir: Path) -> Pkcs11Config | None:
    """The PKCS#11 signer this till uses, or None for the software key."""
    path = config_path(data_dir)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise KeyStoreError(f"The till's signer settings {path} cannot be read ({exc}).") from None
    try:
        return Pkcs11Config.from_json(json.loads(text))
    except ValueError:
        raise KeyStoreError(f"The till's signer settings {path} are damaged.") from None


def save_config(data_dir: Path, config: Pkcs11Config | None) -> None:
    path = config_path(data_dir)
    if config is None:
        path.unlink(missing_ok=True)
        return
    private_folder(path.parent)
    private_file(path)
    path.write_text(json.dumps(config.to_json(), indent=2) + "\n", encoding="utf-8")


def read_pin(pin_file: str) -> str:
    path = Path(pin_file).expanduser()
    try:
        if os.name == "posix" and path.stat().st_mode & 0o077:
            raise KeyStoreError(f"The token's PIN file {path} may be read by other accounts; it is "
                                f"not used. Make it the till account's own: chmod 600 {path}")
        pin = path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        raise KeyStoreError(f"The token's PIN file {path} is missing.") from None
    except OSError as exc:
        raise KeyStoreError(f"The token's PIN file {path} cannot be read ({exc}).") from None
    if not pin:
        raise KeyStoreError(f"The token's PIN file {path} is empty.")
    return pin


def _raw_point(value: bytes) -> bytes:
    """CKA_EC_POINT of an Ed25519 key: the 32 bytes, bare or in a DER OCTET STRING."""
    if len(value) == 34 and value[0] == 0x04 and value[1] == 32:
        return value[2:]
    if len(value) == 32:
        return value
    raise KeyStoreError("The token's key is not an Ed25519 key.")


class Pkcs11Signer:
    """Signs with the Ed25519 key labelled ``config.key_label`` on the token. One session
    is opened and kept; calls are serialised (the till signs from its screens and its
    sync thread)."""

    def __init__(self, config: Pkcs11Config, *, create: bool = False) -> None:
        try:
            import pkcs11
            from pkcs11 import Attribute, KeyType, Mechanism, ObjectClass
            from pkcs11.util.ec import encode_named_curve_parameters
        except ImportError:
            raise KeyStoreError("Signing with a PKCS#11 token needs python-pkcs11 "
                                "(pip install python-pkcs11).") from None
        self.config = config
        self._lock = threading.Lock()
        self._mechanism = Mechanism.EDDSA
        try:
            lib = pkcs11.lib(config.module)
            token = lib.get_token(token_label=config.token_label)
            self._session = token.open(rw=create, user_pin=read_pin(config.pin_file))
        except KeyStoreError:
            raise
        except pkcs11.exceptions.NoSuchToken:
            raise KeyStoreError(f"No token labelled “{config.token_label}” is plugged in "
                                f"({config.module}).") from None
        except (pkcs11.exceptions.PKCS11Error, RuntimeError, OSError) as exc:
            raise KeyStoreError(f"The token “{config.token_label}” cannot be opened "
                                f"({type(exc).__name__} {exc}). Check the module, the token "
                                "and the PIN.") from None
        try:
            found = list(self._session.get_objects({Attribute.LABEL: config.key_label,
                                                    Attribute.KEY_TYPE: KeyType.EC_EDWARDS}))
            private = [o for o in found if o.object_class == ObjectClass.PRIVATE_KEY]
            public = [o for o in found if o.object_class == ObjectClass.PUBLIC_KEY]
            if not private and create:
                params = self._session.create_domain_parameters(
                    KeyType.EC_EDWARDS,
                    {Attribute.EC_PARAMS: encode_named_curve_parameters(ED25519_OID)}, local=True)
                made_public, made_private = params.generate_keypair(
                    mechanism=Mechanism.EC_EDWARDS_KEY_PAIR_GEN, store=True,
                    label=config.key_label,
                    private_template={Attribute.EXTRACTABLE: False, Attribute.SENSITIVE: True})
                private, public = [made_private], [made_public]
            if len(private) != 1 or len(public) != 1:
                raise KeyStoreError(
                    f"The token “{config.token_label}” holds {len(private)} private and "
                    f"{len(public)} public Ed25519 keys labelled “{config.key_label}”; one of "
                    "each is needed (bisama-terminal setup --signer pkcs11 makes them).")
            self._private: Any = private[0]
            self._public = Ed25519PublicKey.from_public_bytes(
                _raw_point(bytes(public[0][Attribute.EC_POINT])))
        except KeyStoreError:
            self._session.close()
            raise
        except pkcs11.exceptions.PKCS11Error as exc:
            self._session.close()
            raise KeyStoreError(f"The token “{config.token_label}” refused: "
                                f"{type(exc).__name__} {exc} (does it support Ed25519?)") from None

    def sign(self, data: bytes) -> bytes:
        with self._lock:
            signature = bytes(self._private.sign(data, mechanism=self._mechanism))
        if len(signature) != 64:
            raise KeyStoreError("The token gave a signature that is not Ed25519's.")
        return signature

    def public_key(self) -> Ed25519PublicKey:
        return self._public

    def close(self) -> None:
        with self._lock:
            self._session.close()


def switch_signer(till: Till, data_dir: Path, config: Pkcs11Config | None) -> str:
    """Sign with the token of ``config`` from now on (its key made on the token if it has
    none), or with a new software key when ``config`` is None. Only before the till's
    first transaction and before enrollment. Returns the new public key (hex)."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    if till.identity.enrolled:
        raise SetupError("This till is enrolled: head office knows its key. Its signer can "
                         "only change before enrollment (re-enroll a new till instead).")
    if till.outbox.head().seq > 0:
        raise SetupError("This till has already signed transactions with its key; its signer "
                         "can only change before the first one.")
    signer: Any
    if config is None:
        signer = Ed25519PrivateKey.generate()
        till.key_store.save(till.identity.terminal_id, signer)
    else:
        signer = Pkcs11Signer(config, create=True)
    public = public_key_text(signer.public_key())
    with till.db.transaction() as conn:
        conn.execute("UPDATE terminal_identity SET public_key = ? WHERE id = 1", (public,))
    save_config(data_dir, config)
    old = till.recorder.key
    till.recorder.key = signer
    if isinstance(old, Pkcs11Signer):
        old.close()
    till.reload_identity()
    return public
