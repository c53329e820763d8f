"""The Ortsteile of the city of Kleve, for projects and proposals that concern one place."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class District(models.TextChoices):
    """Kleve's Ortsteile; an empty value means the whole city."""

    KERNSTADT = "kleve", "Kleve (Kernstadt)"
    BIMMEN = "bimmen", "Bimmen"
    BRIENEN = "brienen", "Brienen"
    DONSBRUEGGEN = "donsbrueggen", "Donsbrüggen"
    DUEFFELWARD = "dueffelward", "Düffelward"
    GRIETHAUSEN = "griethausen", "Griethausen"
    KEEKEN = "keeken", "Keeken"
    KELLEN = "kellen", "Kellen"
    MATERBORN = "materborn", "Materborn"
    REICHSWALDE = "reichswalde", "Reichswalde"
    RINDERN = "rindern", "Rindern"
    SALMORTH = "salmorth", "Salmorth"
    SCHENKENSCHANZ = "schenkenschanz", "Schenkenschanz"
    WARBEYEN = "warbeyen", "Warbeyen"
    WARDHAUSEN = "wardhausen", "Wardhausen"


WHOLE_CITY_LABEL = _("The whole city")
