"""Comment text is handled like idea text: plain text in the database (bleach strips every
tag on the way in), escaped paragraphs with rel="nofollow ugc" links on the way out."""

from ideen.text import render_plain_text as render
from ideen.text import sanitize_plain_text as sanitize

MAX_LENGTH = 3000

__all__ = ["MAX_LENGTH", "render", "sanitize"]
