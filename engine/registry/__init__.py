"""The model registry: registered models and their immutable versions, stages and the gates
that guard them, four-eyes approval for production, rollback, champion/challenger, batch
scoring and signed deployment bundles."""
