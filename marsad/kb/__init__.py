"""Knowledge base: gazetteer rows (places) and actor rows (people, organisations, armed groups).

Built reproducibly by ``python -m marsad.kb.build`` (``marsad kb build``) into ``marsad/kb/data``;
loaded once by ``marsad.kb.loader``. Every row has the shared entity-row columns ``COLUMNS``.
"""
COLUMNS = ("forms", "type", "name_en", "code", "sector", "kind", "country", "lat", "lon",
           "geonameid", "population", "valid")
