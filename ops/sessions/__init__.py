"""Sessions in the database, refusing cookies that could never name one before they reach it."""
