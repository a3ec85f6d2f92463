"""The signed, hash-chained, Merkle-checkpointed audit log.

The modules canonical, merkle, record, rules, content_checks, key_rules, authority, notes,
findings, entry_checks, checks, proof_check, bundle_check and pack_check import only the
standard library, `cryptography` and each other (relatively): standalone.py joins them into
the single-file verifier shipped in every export bundle.
"""
