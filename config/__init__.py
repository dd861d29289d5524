"""The newsbudget project: settings, URL map and server entry points."""
