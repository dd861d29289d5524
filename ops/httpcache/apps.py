"""App config for httpcache."""

from django.apps import AppConfig


class HttpCacheConfig(AppConfig):
    name = "ops.httpcache"
    label = "httpcache"
    verbose_name = "HTTP cache"
