from django.urls import path

from . import views

app_name = "ideen"

urlpatterns = [
    path("<int:pk>/", views.idea_detail, name="detail"),
    path("<int:pk>/bearbeiten/", views.idea_edit, name="edit"),
    path("<int:pk>/zurueckziehen/", views.idea_withdraw, name="withdraw"),
    path("<int:pk>/unterstuetzen/", views.idea_support, name="support"),
    path("<int:pk>/folgen/", views.idea_follow, name="follow"),
    path("<int:pk>/melden/", views.idea_report, name="report"),
    path("einreichen/<int:space_id>/", views.idea_submit, name="submit"),
    path("aehnliche/<int:space_id>/", views.idea_similar, name="similar"),
]
