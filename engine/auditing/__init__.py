"""The audit area: what users do with the log (read, verify, prove, export, prune). Every call
checks a permission, so it sits above security; engine/audit is the log itself."""
