"""The nginx reverse proxy and microcache in front of gunicorn: its config template and renderer."""
