"""Deployment pieces: configs for the servers in front of the app, and their renderers."""
