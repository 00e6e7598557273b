"""What operators do to the running system: inspect and replay dead letters."""
