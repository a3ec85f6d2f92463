"""The encrypted, content-addressed object store (store.py, writer.py) and sealed values
(sealed.py): a service over engine/store that checks permissions and audits, so it sits above
security and audit in the layers (ARCHITECTURE.md)."""
