"""Background work of accounts: the "Meine Daten" file of a person with much data."""

from django_tasks import task

from .exports import build_export


@task()
def build_personal_data_export(pk: int) -> str | None:
    """Build one export's JSON file into private storage and e-mail the signed link."""
    return build_export(pk)
