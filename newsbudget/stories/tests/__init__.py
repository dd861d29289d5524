"""Tests of stories: the workflow, the services, the tasks and the staff pages."""
