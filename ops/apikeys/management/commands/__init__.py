"""``create_api_key``, ``revoke_api_key``, ``flush_api_usage`` and ``api_usage``."""
