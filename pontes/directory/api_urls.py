"""The read-only HSDS 3 API at /api/hsds/ (no language prefix)."""

from django.urls import path

app_name = "hsds_api"

urlpatterns: list = []
