from django import forms
from django.utils.http import urlencode

#: The query parameter of a list's page number (as ``components/pagination.html`` writes it).
PAGE_PARAM = "page"


class ListFilterForm(forms.Form):
    """Filters of a list read from the query string: invalid values are dropped, not reported.

    A hand-edited or outdated link (``?status=done``) shows the unfiltered list with the field
    reset, instead of a field marked invalid with no message to explain it.
    """

    #: Values that are the list's default and so are left out of the page links.
    query_defaults: dict = {}

    #: The names of the fields whose values were dropped, for a notice where a list wants one.
    dropped: tuple = ()

    def full_clean(self):
        super().full_clean()
        if self.is_bound and self._errors:
            self.dropped = tuple(self._errors)
            data = self.data.copy()
            for name in self._errors:
                data.pop(name, None)
            self.data = data
            super().full_clean()

    @classmethod
    def query_params(cls) -> tuple[str, ...]:
        """What a paged list with these filters reads from the query string (for
        ``home.pagecache.read_query_params``)."""
        return (*cls.base_fields, PAGE_PARAM)

    def query_string(self, values: dict) -> str:
        """The given filter values as GET parameters for the page links (without "page")."""
        query = {}
        for name, value in values.items():
            if not value or value == self.query_defaults.get(name):
                continue
            if value is True:
                value = "on"  # how a ticked checkbox is sent
            query[name] = value.pk if hasattr(value, "pk") else value
        return urlencode(query)
