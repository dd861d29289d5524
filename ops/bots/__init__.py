"""Bots and spiders: robots.txt from settings, blocked user agents, verified good crawlers.

Scraping behaviour (too many pages or list pages too fast) is slowed by the
``scraping_*`` rules of ``ops.throttle``; verified crawlers are exempt from them.
"""
