"""Where uploaded media live: an S3-compatible bucket when one is named, local files otherwise.

The bucket stays private. Nothing gets an ACL; image and rendition URLs are signed for
``AWS_QUERYSTRING_EXPIRE`` seconds (longer than any page cache, so a cached page never points
at an expired URL); documents are never linked to the bucket at all but streamed through the app,
which checks Wagtail's collection privacy first (``WAGTAILDOCS_SERVE_METHOD = "serve_view"``).
"""

from __future__ import annotations

from collections.abc import Mapping

from botocore.config import Config


def s3_storage(env: Mapping[str, str]) -> dict | None:
    """The ``STORAGES["default"]`` entry for the bucket named in ``env``, or None without one."""
    bucket = env.get("AWS_STORAGE_BUCKET_NAME", "")
    if not bucket:
        return None
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": env.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": env.get("AWS_S3_REGION_NAME") or None,
            "access_key": env.get("AWS_ACCESS_KEY_ID") or None,
            "secret_key": env.get("AWS_SECRET_ACCESS_KEY") or None,
            "location": env.get("AWS_LOCATION", ""),
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": int(env.get("AWS_QUERYSTRING_EXPIRE", "86400")),
            "file_overwrite": False,
            "custom_domain": env.get("AWS_S3_CUSTOM_DOMAIN") or None,
            "client_config": Config(
                signature_version="s3v4",
                # MinIO, Ceph and most municipal S3 services want path-style addresses.
                s3={"addressing_style": env.get("AWS_S3_ADDRESSING_STYLE", "path")},
                connect_timeout=int(env.get("AWS_S3_CONNECT_TIMEOUT", "3")),
                read_timeout=int(env.get("AWS_S3_READ_TIMEOUT", "20")),
                retries={"max_attempts": 3, "mode": "standard"},
            ),
        },
    }


def s3_private_storage(env: Mapping[str, str]) -> dict | None:
    """The bucket's ``private/`` prefix (below ``AWS_LOCATION``) for files only views hand out,
    such as the background "Meine Daten" files; nothing there is linked from a page."""
    location = "/".join(filter(None, [env.get("AWS_LOCATION", "").strip("/"), "private"]))
    return s3_storage({**env, "AWS_LOCATION": location})
