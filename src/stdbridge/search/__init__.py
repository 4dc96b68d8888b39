"""Search over the catalogue: identifier lookup and multilingual full text (Tantivy), with filters and facets.

``index``      the Tantivy index kept beside the store, and what a record becomes in it
``query``      from typed words to concepts, their forms in each language and their translations
``lookup``     identifier-first matching through the store's compact keys
``highlight``  marking matched words in titles
``engine``     ``Search``: the two together, ranked, grouped by work, with facets
"""

from stdbridge.search.engine import FacetValue, Filters, Search, SearchHit, SearchRequest, SearchResults
from stdbridge.search.index import SearchIndex

__all__ = ["FacetValue", "Filters", "Search", "SearchHit", "SearchIndex", "SearchRequest", "SearchResults"]
