"""JSON API v1 over stories, the budget and the workflow (Django REST framework, OpenAPI 3)."""
