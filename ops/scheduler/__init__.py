"""The scheduler process: crontask, with what it prints turned into log lines."""
