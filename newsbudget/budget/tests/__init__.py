"""Tests of the budget board: the day's plan, moves between days, and publishing from the board."""
