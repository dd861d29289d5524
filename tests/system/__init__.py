"""System suites: the Procfile's real processes (web, worker, scheduler) started and stopped."""
