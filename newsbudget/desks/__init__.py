"""The newsroom's desks (sections such as News or Sports) and the staff who work them."""
