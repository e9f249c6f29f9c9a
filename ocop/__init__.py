"""ocop: one source of truth for a province's OCOP products, kept on the e-marketplaces.

The public API is what this module exports; everything else is internal and may change.

    load_catalog / read_catalog   catalog.yaml → Catalog, with every problem at its line
    Catalog, Producer, Product, Sku, Certification, Address     the catalogue model
    Problem, Severity             what validation reports
    Connector, Capabilities, ListingDraft, RemoteListing        the marketplace seam
    Observation, PageStatus       what storefront spiders record
    OcopError and subclasses      everything ocop raises on purpose (see ocop.errors)
"""

from ocop.connector import Capabilities, Connector, ListingDraft, RemoteListing
from ocop.errors import CatalogInvalid, ConnectorError, OcopError
from ocop.loading import LoadResult, load_catalog, read_catalog
from ocop.model import Address, Catalog, Certification, Producer, Product, Sku
from ocop.observation import Observation, PageStatus
from ocop.problem import Problem, Severity

__all__ = [
    "Address",
    "Capabilities",
    "Catalog",
    "CatalogInvalid",
    "Certification",
    "Connector",
    "ConnectorError",
    "ListingDraft",
    "LoadResult",
    "Observation",
    "OcopError",
    "PageStatus",
    "Problem",
    "Producer",
    "Product",
    "RemoteListing",
    "Severity",
    "Sku",
    "load_catalog",
    "read_catalog",
]
