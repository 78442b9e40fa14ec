"""Places: offline gazetteer, toponym recognition and resolution, event location (docs/places.md)."""

from eventwire.geo.geocoder import Geocoder

__all__ = ["Geocoder"]
