"""The shipped Thái Nguyên catalogue stays valid, honest about its sources, and usable by reports.

Judged on a fixed day (the day the catalogue was written) so the tests do not rot as
certificates expire; the real file is read from the repository root.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import struct
from datetime import date
from pathlib import Path
from types import ModuleType

import pytest

from ocop import certification as cert_rules
from ocop.loading import read_catalog
from ocop.model import Catalog
from ocop.schema import catalog_schema
from ocop.selection import offers

ROOT = Path(__file__).resolve().parents[2]
CATALOG = ROOT / "catalog.yaml"
WRITTEN_ON = date(2026, 11, 22)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    result = read_catalog(CATALOG, as_of=WRITTEN_ON)
    assert result.errors == [], [str(p) for p in result.errors]
    assert result.catalog is not None
    return result.catalog


def load_image_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_images", ROOT / "scripts/make_images.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_header_links_the_schema() -> None:
    first = CATALOG.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=./catalog.schema.json"


def test_schema_file_matches_the_model() -> None:
    shipped = json.loads((ROOT / "catalog.schema.json").read_text(encoding="utf-8"))
    assert shipped == catalog_schema(), "regenerate: .venv/bin/ocop schema > catalog.schema.json"


def test_every_record_names_its_sources(catalog: Catalog) -> None:
    assert len(catalog.products) >= 40
    assert all(p.sources for p in catalog.producers)
    assert all(p.sources for p in catalog.products)


def test_no_identifiers_of_real_firms_are_invented(catalog: Catalog) -> None:
    assert [p.id for p in catalog.producers if p.tax_code or p.phone] == []
    assert [p.id for p in catalog.products if p.gtin] == []


def test_estimated_dates_say_what_is_known(catalog: Catalog) -> None:
    unexplained = [
        p.id for p in catalog.products for c in p.certifications if c.estimated and not c.note
    ]
    assert unexplained == []


def test_recent_recognitions_are_valid_and_some_are_due(catalog: Catalog) -> None:
    cutoff = cert_rules.add_months(WRITTEN_ON, -36)
    recent = [p for p in catalog.products if cert_rules.latest(p).date > cutoff]
    assert len(recent) >= 15
    assert all(cert_rules.stars_as_of(p, WRITTEN_ON) for p in recent)
    left = [(cert_rules.valid_until(cert_rules.latest(p)) - WRITTEN_ON).days for p in recent]
    assert any(d < 30 for d in left), "the 30-day expiry report needs a case"
    assert any(30 <= d < 90 for d in left), "the 90-day expiry report needs a case"
    assert any(d >= 90 for d in left)


def test_tourism_is_never_offered(catalog: Catalog) -> None:
    services = {p.id for p in catalog.products if p.is_service}
    assert services
    for market in ("voso", "postmart"):
        listed = {o.product.id for o in offers(catalog, market)}
        assert listed and not listed & services


def test_the_marketplace_sections_differ_and_override(catalog: Catalog) -> None:
    voso = {o.sku.sku for o in offers(catalog, "voso")}
    postmart = {o.sku.sku for o in offers(catalog, "postmart")}
    assert voso - postmart and postmart - voso
    for market in ("voso", "postmart"):
        changed = [o for o in offers(catalog, market) if o.title or o.price != o.sku.price]
        assert changed, market


def test_offer_values_fit_the_marketplaces(catalog: Catalog) -> None:
    for market in ("voso", "postmart"):
        for offer in offers(catalog, market):
            title = offer.title or f"{offer.product.name} – {offer.sku.label}"
            assert len(title) <= 120, title
            assert 1_000 <= offer.price <= 100_000_000
            assert 0 <= offer.sku.stock <= 500
            assert len(offer.product.description) >= 30


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_images_are_small_distinct_pngs(catalog: Catalog) -> None:
    paths = [ROOT / image for p in catalog.products for image in p.images]
    contents = [path.read_bytes() for path in paths]
    assert all(len(c) <= 20_000 for c in contents)
    assert all(png_size(c) == (240, 240) for c in contents)
    assert len(set(contents)) == len(contents)


def test_image_script_is_deterministic(tmp_path: Path) -> None:
    shutil.copy(CATALOG, tmp_path / "catalog.yaml")
    written = load_image_script().make_images(tmp_path / "catalog.yaml")
    assert written
    for path in written:
        shipped = ROOT / path.relative_to(tmp_path)
        assert path.read_bytes() == shipped.read_bytes(), f"rerun scripts/make_images.py: {shipped}"
