"""Country profiles (issue 13): a profile for every country of ISO 3166-1 with what the catalogue holds of it, its
links with every other country, the facts kept for it with their sources, and the four dimensions of its capacity
to connect.

``countries``  the countries and their names in Chinese and English (pycountry)
``model``      a fact of a profile and the kinds of facts (what the store keeps)
``facts``      reading the facts file, importing and editing facts (editors), recorded in the audit log
``profile``    computing a country's profile from the catalogue
``capacity``   the four indicators of a profile, each with its formula and source

Nothing is imported here: ``stdbridge.store`` loads ``profiles.model`` without the rest.
"""
