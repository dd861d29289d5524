"""Handing a private file to a client whom a view has already allowed to have it.

On S3 the client is redirected to a signed URL that expires
(``STORAGE_SIGNED_URL_SECONDS``), so the bytes never pass through a web
worker and the link is useless once it has leaked; S3 is told to send it as
an attachment with the given name and type.  Any other storage (the private
filesystem storage has no URLs at all) is streamed by the web process from
the storage API, never from a path another process wrote, so it works the
same on every node that shares the storage.

The response is never cached anywhere: it is one person's permission.
"""

from __future__ import annotations

from django.core.files.storage import Storage
from django.http import FileResponse, HttpResponseBase, HttpResponseRedirect
from django.utils.cache import add_never_cache_headers
from django.utils.http import content_disposition_header
from storages.backends.s3 import S3Storage


def private_download(
    storage: Storage, name: str, *, filename: str, content_type: str
) -> HttpResponseBase:
    """A response that delivers ``name`` from ``storage`` as the attachment ``filename``."""
    response: HttpResponseBase
    if isinstance(storage, S3Storage):
        disposition = content_disposition_header(as_attachment=True, filename=filename)
        url = storage.url(
            name,
            parameters={
                "ResponseContentDisposition": disposition,
                "ResponseContentType": content_type,
            },
        )
        response = HttpResponseRedirect(url)
    else:
        response = FileResponse(
            storage.open(name, "rb"),
            as_attachment=True,
            filename=filename,
            content_type=content_type,
        )
    add_never_cache_headers(response)
    return response
