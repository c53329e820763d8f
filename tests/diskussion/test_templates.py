"""Every comment page is rendered from our templates, none from the comment libraries."""

import pytest

from .conftest import make_comment, post_data

pytestmark = pytest.mark.django_db


def library_templates(response) -> list[str]:
    return [
        template.origin.name
        for template in response.templates
        if template.origin and "django_comments" in str(template.origin.name)
    ]


def test_no_library_template_is_rendered(client, user, other_user, project):
    parent = make_comment(project, other_user, "Frage")
    own = make_comment(project, user, "Antwort", parent=parent)
    client.force_login(user)
    responses = [
        client.get(project.url),
        client.get(f"/kommentare/{parent.pk}/antworten/"),
        client.get(f"/kommentare/{parent.pk}/melden/"),
        client.get(f"/kommentare/{own.pk}/bearbeiten/"),
        client.get(f"/kommentare/{own.pk}/loeschen/"),
        client.post("/kommentare/post/", post_data(project, "")),
        client.post("/kommentare/post/", post_data(project, honeypot="Spam")),
    ]
    for response in responses:
        assert response.templates, response
        assert library_templates(response) == []
