from django.urls import path

from . import views

app_name = "web"
urlpatterns = [
    path("", views.today, name="today"),
]
