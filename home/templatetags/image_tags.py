"""``{% responsive_picture %}``: a page image as AVIF, WebP and JPEG in several widths."""

from __future__ import annotations

import logging

from django import template
from django.utils.html import format_html, format_html_join
from PIL import features
from wagtail.images.models import SourceImageIOError

register = template.Library()
logger = logging.getLogger(__name__)

#: The cuts of each shape, smallest first: "wide" and "card" at 16:10, "block" keeps proportions.
SHAPES = {
    "wide": ("fill-480x300", "fill-800x500", "fill-1200x750"),
    "card": ("fill-400x250", "fill-800x500"),
    "block": ("width-480", "width-800", "width-1200"),
}
#: The formats offered, best first; the JPEG is the ``<img>`` every browser shows. AVIF only
#: where this Pillow can write it (Pillow 11.3 and later, built with libavif).
SOURCE_FORMATS = (("avif", "image/avif"),) if features.check("avif") else ()
SOURCE_FORMATS += (("webp", "image/webp"),)
#: The width the ``src`` of a browser without ``srcset`` support gets (at most).
FALLBACK_WIDTH = 800


def _srcset(renditions) -> str:
    """``url 480w, url 800w``, each width once (a small original yields equal widths)."""
    seen = {}
    for rendition in renditions:
        seen.setdefault(rendition.width, rendition.url)
    return ", ".join(f"{url} {width}w" for width, url in seen.items())


@register.simple_tag
def responsive_picture(
    image, *, shape="block", alt="", decorative=False, sizes="100vw", loading="lazy"
):
    """A ``<picture>``: AVIF and WebP sources and a JPEG ``<img>`` with width and height (no
    layout shift), ``srcset`` and ``sizes``; alt="" when decorative. Nothing without an image."""
    if image is None:
        return ""
    cuts = SHAPES[shape]
    formats = [name for name, _ in SOURCE_FORMATS] + ["jpeg"]
    specs = [f"{cut}|format-{name}" for name in formats for cut in cuts]
    try:
        renditions = image.get_renditions(*specs)
    except SourceImageIOError:  # the file is gone: show the page without it
        logger.warning("Image file missing: %s", image.file.name)
        return ""
    by_format = {name: [renditions[f"{cut}|format-{name}"] for cut in cuts] for name in formats}
    jpegs = by_format["jpeg"]
    fallback = next((r for r in reversed(jpegs) if r.width <= FALLBACK_WIDTH), jpegs[0])
    sources = format_html_join(
        "",
        '<source type="{}" srcset="{}" sizes="{}">',
        ((mime, _srcset(by_format[name]), sizes) for name, mime in SOURCE_FORMATS),
    )
    return format_html(
        '<picture>{}<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}" '
        'loading="{}" decoding="async"></picture>',
        sources,
        fallback.url,
        _srcset(jpegs),
        sizes,
        fallback.width,
        fallback.height,
        "" if decorative else (alt or ""),
        loading,
    )
