"""Editorial pages (About, Contact, Corrections, Ethics, landing pages) written in Wagtail."""
