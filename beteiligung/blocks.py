"""Content blocks that only project pages offer: a facts box and a contact person."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from home.blocks import BodyStreamBlock


class FactBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("Label"), max_length=80)
    value = blocks.CharBlock(label=_("Value"), max_length=250)

    class Meta:
        label = _("Fact")


class FactsBlock(blocks.StructBlock):
    """Key figures of a project as a description list (budget, period, area, …)."""

    heading = blocks.CharBlock(label=_("Heading"), max_length=120, default="Auf einen Blick")
    facts = blocks.ListBlock(FactBlock(), label=_("Facts"), min_num=1)

    class Meta:
        icon = "list-ul"
        template = "beteiligung/blocks/facts_block.html"
        label = _("Facts box")


class ContactBlock(blocks.StructBlock):
    """The person to ask about the project; every contact way is optional but one is needed."""

    name = blocks.CharBlock(label=_("Name"), max_length=120)
    role = blocks.CharBlock(label=_("Role"), max_length=120, required=False)
    unit = blocks.CharBlock(label=_("Department"), max_length=200, required=False)
    phone = blocks.CharBlock(label=_("Phone"), max_length=40, required=False)
    email = blocks.EmailBlock(label=_("E-mail address"), required=False)

    class Meta:
        icon = "user"
        template = "beteiligung/blocks/contact_block.html"
        label = _("Contact person")

    def clean(self, value):
        value = super().clean(value)
        if not (value.get("phone") or value.get("email")):
            from django.core.exceptions import ValidationError
            from wagtail.blocks.struct_block import StructBlockValidationError

            raise StructBlockValidationError(
                block_errors={
                    "email": ValidationError(_("Give a phone number or an e-mail address."))
                }
            )
        return value


class ProjectBodyStreamBlock(BodyStreamBlock):
    """The content blocks of a project page: those of content pages, facts and a contact."""

    facts = FactsBlock()
    contact = ContactBlock()
