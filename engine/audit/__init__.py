"""The signed, hash-chained, Merkle-checkpointed audit log.

The modules canonical, merkle, record, notes, checks and bundle_check import only the
standard library, `cryptography` and each other (relatively): standalone.py joins them into
the single-file verifier shipped in every export bundle.
"""
