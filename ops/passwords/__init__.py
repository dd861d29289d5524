"""Password checks that need no network: a breached-password list searched on disk."""
