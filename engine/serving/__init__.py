"""The scoring service (`airlock serve`): a live HTTP endpoint for the version of each
model in a stage, with API tokens, metrics and every prediction logged for monitoring."""
