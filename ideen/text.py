"""Plain user text: sanitised with bleach on the way in, escaped and linkified on the way out.

Ideas (and comments, which reuse these helpers) are plain text with paragraphs and links. We
store what the person meant to write, without any markup, and build the only HTML ourselves
when rendering: paragraphs, line breaks and links with rel="nofollow ugc".
"""

import html
import re

import bleach
from bleach.linkifier import Linker
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

_PARAGRAPH_SPLIT = re.compile(r"\n\s*\n")
_MANY_BLANK_LINES = re.compile(r"\n{3,}")
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def sanitize_plain_text(value: str) -> str:
    """Strip every tag and control character; normalise line breaks; keep the words."""
    if not value:
        return ""
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL_CHARACTERS.sub("", text)
    # bleach returns HTML-escaped text; we store plain text and escape when rendering.
    text = html.unescape(bleach.clean(text, tags=set(), attributes={}, strip=True))
    text = _MANY_BLANK_LINES.sub("\n\n", text)
    return "\n".join(line.rstrip() for line in text.split("\n")).strip()


def sanitize_single_line(value: str) -> str:
    """A title or name: plain text on one line."""
    return " ".join(sanitize_plain_text(value).split())


def _set_link_attributes(attrs, new=False):
    """Links in user text are not endorsed by the city and must not pass on search ranking."""
    href = attrs.get((None, "href"), "")
    if not href.startswith(("http://", "https://", "mailto:")):
        return None  # leave anything else as text
    attrs[(None, "rel")] = "nofollow ugc"
    return attrs


_linker = Linker(callbacks=[_set_link_attributes], parse_email=False)


def render_plain_text(value: str) -> SafeString:
    """Paragraphs for blank lines, <br> for single line breaks, and clickable web links."""
    if not value:
        return mark_safe("")
    paragraphs = []
    for block in _PARAGRAPH_SPLIT.split(value.strip()):
        linked = _linker.linkify(escape(block))
        paragraphs.append("<p>" + linked.replace("\n", "<br>") + "</p>")
    return mark_safe("\n".join(paragraphs))  # escaped above; links built by bleach


def render_stored(queryset, source: str, target: str, batch_size: int = 1000) -> int:
    """Render ``source`` into ``target`` for every row, in batches; returns the rows written.

    Used by the data migration and by ``manage.py render_user_text`` (for a change of the
    rules above), so it takes any queryset, historical models included.
    """
    written = 0
    last_pk = 0
    base = queryset.select_related(None).order_by("pk").only("pk", source, target)
    while True:
        rows = list(base.filter(pk__gt=last_pk)[:batch_size])
        if not rows:
            return written
        for row in rows:
            setattr(row, target, str(render_plain_text(getattr(row, source))))
        queryset.model.objects.bulk_update(rows, [target])
        written += len(rows)
        last_pk = rows[-1].pk
