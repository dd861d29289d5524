"""Rate limiting: atomic fixed-window counters in the shared cache, applied per route by settings.

- ``clientip`` finds the client's address behind a known number of proxies;
- ``rates`` parses "100/m"-style limits;
- ``counters.hit`` counts one request against a bucket and decides;
- ``middleware.RateLimitMiddleware`` applies the ``RATE_LIMITS`` rules by route;
- ``responses`` and ``events`` answer 429 and record why.
"""
