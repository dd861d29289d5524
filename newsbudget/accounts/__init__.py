"""The people who sign in, their newsroom roles, and how they sign in safely (2FA, lockout)."""
