"""The auditor's export and its standalone verifier (issue [13], scope 4).

``bisama-sync audit export`` writes a folder an auditor can check without our server:

    manifest.json               what the export holds (format below) and a checksum of
                                every other file
    envelopes/<terminal>.jsonl  each till's envelopes, one signed envelope per line, as
                                the till sent them, in seq order, with no gap

``python -m shared.audit verify DIR`` (``verify.verify_export``) checks it with nothing but
this package, ``cryptography`` and PyNaCl: every file against its checksum; every envelope
hashes to its ``hash`` and carries its till's signature (the key from the manifest); each
till's envelopes follow on from one another from the manifest's start to the manifest's
head, so records dropped at the end, in the middle or at the start, reordered or repeated
are found; no envelope id or receipt number appears twice; every envelope is the
tenant's and the till's own. The format is documented in docs/audit.md.
"""

from shared.audit.verify import Finding, Report, verify_export

FORMAT = "bisama-audit-1"

__all__ = ["FORMAT", "Finding", "Report", "verify_export"]
