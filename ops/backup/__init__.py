"""Backups with proof: consistent snapshots of the database and media, restores, restore drills.

``manage.py backup`` writes one backup — the database snapshot, a tar of the
media, and a manifest — into the private storage (filesystem or S3), under
``backups/<UTC time>/``, then prunes old ones.  ``manage.py restore`` puts one
back.  Both compare *fingerprints* (``fingerprint``): per table, the row count
and a SHA-256 of every row in primary-key order, and per media file its
SHA-256.  The manifest carries the fingerprint of the snapshot itself, so a
restore — or ``backup --verify``, which restores into a scratch database — can
prove that every row and file came back identical.
"""
