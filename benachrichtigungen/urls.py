from django.urls import path

from . import views

app_name = "benachrichtigungen"

urlpatterns = [
    path("konto/neuigkeiten/", views.news, name="news"),
    path("konto/neuigkeiten/einstellungen/", views.choices, name="settings"),
    path("benachrichtigungen/abbestellen/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("projekte/folgen/<int:page_id>/", views.project_follow, name="project_follow"),
]
