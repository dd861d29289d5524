"""How much each story is read: views per story per UTC day, and the most-read lists from them."""
