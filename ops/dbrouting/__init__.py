"""Read replicas: public pages read from a replica; writes, and all that follows one, the primary.

One sentence per module:

- ``state``: what the current unit of work may read from (a context variable set per request);
- ``health``: which replicas this process may use now (reachable, not lagging), and counting
  every fallback;
- ``routers``: ``ReplicaRouter``, the Django database router built on the two above;
- ``middleware``: the request's routing state, and a short cookie that keeps a client that
  wrote on the primary for its next requests (read-your-writes);
- ``decorators``: ``replica_reads``, how a view says it may read from a replica.

Nothing reads from a replica unless a view opted in: the admin, the newsroom, the API,
tasks, management commands and the scheduler all use the primary without knowing
replicas exist.  docs/deployment.md, "Read replicas", explains the choices.
"""
