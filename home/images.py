"""Images on pages: alternative text or an explicit "decorative", and the sizes they are cut to.

Every page image is served through ``components/picture.html`` as AVIF, WebP and JPEG in
several widths (Wagtail renditions; the browser picks with ``srcset`` and ``sizes``).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

#: Formats of every rendition, best first; the browser takes the first it understands.
FORMATS = "avif,webp,jpeg"


def alt_text_errors(image, alt: str, decorative: bool, alt_field: str) -> dict[str, str]:
    """An error for the alternative text field if an image has neither alt text nor "decorative"."""
    if image is not None and not decorative and not (alt or "").strip():
        return {alt_field: _("Enter an alternative text or mark the image as decorative.")}
    return {}
