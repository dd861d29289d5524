"""Cache backends tuned for how the site runs: long-lived worker processes."""
