"""File storage for any Django site: the filesystem on one machine, S3 object storage on many.

``config`` turns a URL setting into Django ``STORAGES`` entries (the public
``default`` and a ``private`` storage that is never readable without a
signature or a permission check); ``backends`` holds the private filesystem
storage; ``serving`` hands a private file to a client who may have it.
"""
