"""Staff pages for stories, mounted at /newsroom/stories/ (names used across the project)."""

from django.urls import path

from newsbudget.stories import views

app_name = "stories"

urlpatterns = [
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/transition/", views.transition, name="transition"),
]
