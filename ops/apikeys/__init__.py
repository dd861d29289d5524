"""Partner API keys for a DRF API: stored hashed, shown once, limited per key, metered in the cache.

- ``keys`` makes and recognises keys; ``services`` issues, finds and revokes them;
- ``authentication.APIKeyAuthentication`` reads ``Authorization: Api-Key <key>``
  and applies each key's rate limit (``ops.throttle``) and quotas (``quotas``);
- ``metering`` counts every keyed request in the shared cache and flushes the
  counts to ``KeyUsage`` in batches (``tasks``, every minute);
- ``queries`` reads usage (flushed + buffered) for the admin, the commands and an API.

A keyed request is an anonymous reader with its own limits: keys never carry a
user's permissions, so an API that shows anonymous readers only public data
shows partners the same.
"""
