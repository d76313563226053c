"""Where things are: country shapes and centroids (Natural Earth, shipped; ``countries``),
the placement of sites and places and their GeoSPARQL triples (``placement``), and the checks
of stated coordinates (``check``, used by the loader).

>>> from mineralgraph.load import load_dataset
>>> from mineralgraph.geo.placement import place_all
>>> p = place_all(load_dataset())["bakuta"]
>>> p.precision, p.via
('approximate', 'kazakhstan')
"""
