"""Template tags of newsbudget.experiments."""
