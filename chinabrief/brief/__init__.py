"""Briefings: the top stories of a period, each sectioned from its sources' own sentences."""
