"""Images on pages: alternative text or an explicit "decorative", and the sizes they are cut to.

Every page image is served through ``components/picture.html`` as AVIF, WebP and JPEG in
several widths (Wagtail renditions; the browser picks with ``srcset`` and ``sizes``).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

#: Formats of every rendition, best first; the browser takes the first it understands.
FORMATS = "avif,webp,jpeg"


def alt_text_errors(image, alt: str, decorative: bool, alt_field: str) -> dict[str, str]:
    """An error for the alternative text field if an image has neither alt text nor "decorative"."""
    if image is not None and not decorative and not (alt or "").strip():
        return {alt_field: _("Enter an alternative text or mark the image as decorative.")}
    return {}


def alt_field() -> models.CharField:
    """The alternative text that goes with a page image (hero or project image)."""
    return models.CharField(
        _("alternative text"),
        max_length=250,
        blank=True,
        help_text=_("Describe what the image shows for people who cannot see it."),
    )


def decorative_field() -> models.BooleanField:
    """The editor's explicit "this image is decorative" (``alt=""``)."""
    return models.BooleanField(
        _("decorative only"),
        default=False,
        help_text=_(
            "Tick only if the image adds no information; it is then hidden from screen readers."
        ),
    )


def credit_field() -> models.CharField:
    """The credit shown below a page image."""
    return models.CharField(
        _("image credit"),
        max_length=120,
        blank=True,
        help_text=_("Shown below the image, e.g. “Foto: Stadt Kleve”."),
    )
