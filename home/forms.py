from django import forms


class ListFilterForm(forms.Form):
    """Filters of a list read from the query string: invalid values are dropped, not reported.

    A hand-edited or outdated link (``?status=done``) shows the unfiltered list with the field
    reset, instead of a field marked invalid with no message to explain it.
    """

    def full_clean(self):
        super().full_clean()
        if self.is_bound and self._errors:
            data = self.data.copy()
            for name in self._errors:
                data.pop(name, None)
            self.data = data
            super().full_clean()
