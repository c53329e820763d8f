"""``hidden_inputs`` writes the same HTML as Django's widget templates, only faster."""

import django_comments
from django import forms

from home.templatetags.form_tags import hidden_inputs
from tests.factories import IdeaFactory, ProjectIndexPageFactory, ProjectPageFactory


def django_rendering(form) -> str:
    return "".join(str(field) for field in form.hidden_fields())


def test_the_comment_forms_hidden_fields_are_the_same_html(home_page):
    index = ProjectIndexPageFactory(parent=home_page)
    form = django_comments.get_form()(IdeaFactory(space=ProjectPageFactory(parent=index)))
    assert len(form.hidden_fields()) >= 4
    assert hidden_inputs(form) == django_rendering(form)


class Unusual(forms.Form):
    plain = forms.CharField(widget=forms.HiddenInput, initial='a "quoted" <value>')
    empty = forms.CharField(widget=forms.HiddenInput)
    styled = forms.CharField(widget=forms.HiddenInput(attrs={"data-x": "1"}), initial="b")
    many = forms.MultipleChoiceField(
        choices=[("1", "1"), ("2", "2")], widget=forms.MultipleHiddenInput, initial=["1", "2"]
    )


def test_escaping_empty_values_attributes_and_other_widgets_match_django():
    assert hidden_inputs(Unusual()) == django_rendering(Unusual())
    bound = Unusual(data={"plain": "<b>&", "empty": "", "styled": "c", "many": ["2"]})
    assert hidden_inputs(bound) == django_rendering(bound)
    assert hidden_inputs(Unusual(auto_id=False)) == django_rendering(Unusual(auto_id=False))
