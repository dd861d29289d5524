"""Spreading a model's rows over several databases by a key, with a consistent-hash ring.

``ring`` places keys on shards; ``conf`` reads the shards from the environment;
``placement`` says where a sharded model's rows live and gives querysets on the
right database; ``router`` is the Django database router that enforces it;
``rebalance`` (and ``manage.py rebalance_shards``) moves the rows whose owner
changed after a shard was added or removed.  docs/sharding.md is the runbook.
"""
