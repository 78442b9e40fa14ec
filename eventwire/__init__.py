"""eventwire: news articles to dated, geocoded, deduplicated event records with their evidence."""

__version__ = "0.1.0"
