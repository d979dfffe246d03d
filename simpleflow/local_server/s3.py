"""S3 on the local engine: moto's server answers S3 requests on the same port as SWF.

moto's dispatcher sends a request to the service its signature names, so the endpoint that
serves SWF (``AWS_ENDPOINT_URL_SWF``) serves S3 too (``AWS_ENDPOINT_URL_S3``): jumbo fields
(features §11) work on the local engine with a bucket made by :func:`create_bucket`.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request

from ._moto import LocalServerError

__all__ = ["check_bucket_name", "create_bucket"]

# S3's rules for bucket names (general purpose buckets), in short.
_BUCKET_NAME = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")


def check_bucket_name(name: str) -> None:
    """Raise :class:`LocalServerError` for a name S3 would refuse."""
    if not _BUCKET_NAME.match(name) or ".." in name:
        raise LocalServerError(
            f"invalid S3 bucket name {name!r}: use 3 to 63 lowercase letters, digits, dots "
            "and hyphens, starting and ending with a letter or a digit"
        )


def create_bucket(endpoint_url: str, name: str) -> None:
    """Create the bucket ``name`` on the local engine at ``endpoint_url`` (existing: fine).

    Raises:
        LocalServerError: invalid name, or the server refused.
    """
    check_bucket_name(name)
    request = urllib.request.Request(
        f"{endpoint_url}/{name}",
        data=b"",
        method="PUT",
        headers={
            # moto routes by the service of the signature's scope; it checks nothing else.
            "Authorization": "AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/s3/"
            "aws4_request, SignedHeaders=host, Signature=local",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=10):
            pass
    except urllib.error.HTTPError as err:
        body = err.read()
        if b"BucketAlreadyOwnedByYou" not in body and b"BucketAlreadyExists" not in body:
            raise LocalServerError(f"cannot create the S3 bucket {name!r}: {err}") from err
    except urllib.error.URLError as err:
        raise LocalServerError(f"cannot create the S3 bucket {name!r}: {err.reason}") from err
