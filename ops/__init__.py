"""Production concerns for any Django site; nothing here knows about the newsroom."""
