"""Comment ids from the outside (addresses, form fields) that can exist, and nothing else.

Comments-xtd's primary key is a link to django-comments' table (``comment_ptr``). Django
range-checks lookups on plain integer keys, but not on such links, so on SQLite a number beyond
64 bits raised OverflowError and the page answered 500. An id with more digits than any row
can have is turned away before it reaches the database: a 404 in addresses, a refusal in posts.
"""

import re

from django.urls import register_converter

#: Every id below 10**18 fits the 64-bit integer columns of SQLite and PostgreSQL.
MAX_DIGITS = 18
_ID = re.compile(rf"[0-9]{{1,{MAX_DIGITS}}}")


def parse_id(value) -> int | None:
    """The id as a number (0 included), or None when the value cannot be an id."""
    if value is None or not _ID.fullmatch(str(value).strip()):
        return None
    return int(value)


class CommentIdConverter:
    """``<comment_id:…>`` in URL patterns: like ``<int:…>``, but never longer than an id."""

    regex = _ID.pattern

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(value)


CONVERTER = "comment_id"
register_converter(CommentIdConverter, CONVERTER)
