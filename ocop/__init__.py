"""ocop: one source of truth for a province's OCOP products, kept on the e-marketplaces.

The public API is what this module exports; everything else is internal and may change.
The ``ocop`` command calls exactly these operations (``ocop.api``)::

    result = ocop.validate_catalog("catalog.yaml")          # every problem, at its line
    catalog = ocop.load_catalog("catalog.yaml")             # or CatalogInvalid
    with ocop.StateStore.open(".ocop/state.db", ocop.Scope.of(catalog)) as store:
        plan = ocop.plan_changes(catalog, store)            # what a push would do
        done = ocop.push_changes(catalog, store, wait=60)   # apply it, wait for reviews
        lists = ocop.category_lists(catalog)                # categories, with suggestions
        seen = ocop.verify_listings(catalog, store)         # read the storefronts
        report = ocop.make_report(catalog, store)           # the department's counts
        html = ocop.render_report(report, "html")

    the catalogue     Catalog, Producer, Product, Sku, Certification, Address; LoadResult,
                      Problem, Severity
    marketplaces      each is a package declaring a Marketplace (its Label, Credential fields,
                      Capabilities, Storefront rules, connector and sandbox); marketplaces(),
                      open_connector(); the Connector protocol and the values that cross it;
                      each one's Category tree (CategoryTree), and CategoryList/CategoryChoice:
                      where the catalogue's groups go there
    sync              PlanResult, MarketplacePlan, PushResult, Outcome, LinkReport;
                      SkuOutcome (one SKU's SkuVerdict: in sync, create, update, …);
                      StateStore (a SQLite file or a postgresql:// URL, seen through a
                      catalogue's Scope), ListingRecord
    verify            VerifyResult, Verdict, Drift, DriftKind, ShopListing, Observation
                      (its PageStatus and ObservationSource), Seen;
                      on Scrapyd nodes: ScrapydVerification, JobOutcome, ScrapydError
    report            Report, Letterhead (the printable copies' header block)
    errors            OcopError and its tree (``ocop.errors``)
"""

from ocop.api import (
    CategoryList,
    MarketplaceFailure,
    PlanResult,
    PushResult,
    category_lists,
    discover_listings,
    link_listings,
    load_catalog,
    make_national_report,
    make_report,
    plan_changes,
    push_changes,
    render_report,
    validate_catalog,
    verify_listings,
    verify_on_scrapyd,
)
from ocop.categories import CategoryChoice, CategoryTree
from ocop.connector import (
    Capabilities,
    Category,
    Connector,
    ListingDraft,
    ListingStatus,
    OcopClaim,
    OfferResult,
    OfferUpdate,
    RemoteListing,
    Review,
    ReviewState,
    Shop,
    WriteResult,
)
from ocop.discovery import ShopListing
from ocop.drift import Drift, DriftKind
from ocop.engine import Outcome
from ocop.engine.link import LinkReport
from ocop.errors import (
    CatalogInvalid,
    ConfigError,
    ConnectorError,
    OcopError,
    StateError,
    UnknownConnectorError,
    UnsafePlanError,
)
from ocop.loading import LoadResult
from ocop.marketplace import Credential, Label, Marketplace
from ocop.model import Address, Catalog, Certification, Producer, Product, Sku
from ocop.observation import Observation, ObservationSource, PageStatus, Seen
from ocop.plan import MarketplacePlan, SkuOutcome, SkuVerdict
from ocop.problem import Problem, Severity
from ocop.registry import marketplaces, open_connector
from ocop.report import Letterhead, Report
from ocop.scrapyd import JobOutcome, ScrapydError, ScrapydVerification
from ocop.state import ListingRecord, Scope, StateStore
from ocop.storefront import Markup, ShopPages, Storefront
from ocop.verdict import Verdict
from ocop.verify import VerifyResult

__all__ = [
    "Address",
    "Capabilities",
    "Catalog",
    "CatalogInvalid",
    "Category",
    "CategoryChoice",
    "CategoryList",
    "CategoryTree",
    "Certification",
    "ConfigError",
    "Connector",
    "ConnectorError",
    "Credential",
    "Drift",
    "DriftKind",
    "JobOutcome",
    "Label",
    "Letterhead",
    "LinkReport",
    "ListingDraft",
    "ListingRecord",
    "ListingStatus",
    "LoadResult",
    "Marketplace",
    "MarketplaceFailure",
    "MarketplacePlan",
    "Markup",
    "Observation",
    "ObservationSource",
    "OcopClaim",
    "OcopError",
    "OfferResult",
    "OfferUpdate",
    "Outcome",
    "PageStatus",
    "PlanResult",
    "Problem",
    "Producer",
    "Product",
    "PushResult",
    "RemoteListing",
    "Report",
    "Review",
    "ReviewState",
    "Scope",
    "ScrapydError",
    "ScrapydVerification",
    "Seen",
    "Severity",
    "Shop",
    "ShopListing",
    "ShopPages",
    "Sku",
    "SkuOutcome",
    "SkuVerdict",
    "StateError",
    "StateStore",
    "Storefront",
    "UnknownConnectorError",
    "UnsafePlanError",
    "Verdict",
    "VerifyResult",
    "WriteResult",
    "category_lists",
    "discover_listings",
    "link_listings",
    "load_catalog",
    "make_national_report",
    "make_report",
    "marketplaces",
    "open_connector",
    "plan_changes",
    "push_changes",
    "render_report",
    "validate_catalog",
    "verify_listings",
    "verify_on_scrapyd",
]
