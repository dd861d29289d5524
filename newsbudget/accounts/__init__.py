"""The people who sign in, and the newsroom roles (reporter, editor, admin) they hold."""
