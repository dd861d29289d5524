"""Tests of the session store's refusal of impossible session keys."""
