"""Catalogue rules that look beyond one value: references, uniqueness, eras, places, files.

Each check is a small function that yields ``Problem``s for records that passed their own type
checks; ``check_catalog`` runs them all, so one bad product never hides problems elsewhere.
"""

from __future__ import annotations

import functools
import os
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Protocol

from ocop import certification as cert_rules
from ocop import locality
from ocop.i18n import _
from ocop.identifiers import VIETNAM_GS1_PREFIX, gtin13_is_valid, tax_code_is_valid
from ocop.model import (
    SERVICE_UNITS,
    SUBGROUPS,
    Address,
    Catalog,
    Certification,
    CertificationKind,
    IssuingLevel,
    ProducerKind,
    Product,
    ProductGroup,
)
from ocop.problem import Path as DataPath
from ocop.problem import Problem, Severity
from ocop.selection import category_for, is_selected

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png"}
MAX_IMAGE_BYTES = 2 * 1024 * 1024  # the smallest marketplace limit (Voso)
MIN_MARKETPLACE_PRICE = 1000


@dataclass(frozen=True)
class Context:
    """What the rules need besides the catalogue: the day to judge by and the files' folder."""

    as_of: date
    root: Path


def _error(path: DataPath, message: str, code: str, related: DataPath | None = None) -> Problem:
    return Problem(path, message, Severity.ERROR, code, related=related)


def _warning(path: DataPath, message: str, code: str) -> Problem:
    return Problem(path, message, Severity.WARNING, code)


def check_catalog(catalog: Catalog, ctx: Context, indexes: CatalogIndexes) -> list[Problem]:
    """Every cross-record problem of a catalogue whose records are individually valid."""
    problems: list[Problem] = []
    _image_findings.cache_clear()  # files may have changed since the last check
    problems += check_unique(catalog, indexes)
    for pos, producer in zip(indexes.producers, catalog.producers, strict=True):
        base: DataPath = ("producers", pos)
        problems += check_address(producer.address, (*base, "address"))
        if producer.tax_code:
            problems += check_tax_code(producer.tax_code, producer.kind, (*base, "tax_code"))
    for pos, product in zip(indexes.products, catalog.products, strict=True):
        problems += check_product(catalog, product, ("products", pos), ctx, indexes)
    problems += check_marketplaces(catalog, indexes)
    return problems


@dataclass(frozen=True)
class CatalogIndexes:
    """Where each validated record sat in the file (records that failed are left out).

    ``children[(kind, n)][field]`` lists the original positions of a record's SKUs or
    certifications that passed their own checks, so paths name the right line.
    """

    producers: list[int]
    products: list[int]
    children: dict[tuple[str, int], dict[str, list[int]]]

    @classmethod
    def of(cls, producers: Sequence[Positioned], products: Sequence[Positioned]) -> CatalogIndexes:
        children = {("products", p.positions["_self"][0]): p.positions for p in products}
        return cls(
            [p.positions["_self"][0] for p in producers],
            [p.positions["_self"][0] for p in products],
            children,
        )

    @classmethod
    def plain(cls, catalog: Catalog) -> CatalogIndexes:
        """Indexes of a catalogue built in code (every record kept, in order)."""
        children = {
            ("products", n): {
                "skus": list(range(len(p.skus))),
                "certifications": list(range(len(p.certifications))),
            }
            for n, p in enumerate(catalog.products)
        }
        return cls(
            list(range(len(catalog.producers))), list(range(len(catalog.products))), children
        )

    def child(self, base: DataPath, name: str, n: int) -> DataPath:
        """The file path of the ``n``-th kept child ``name`` of the record at ``base``."""
        key = (str(base[0]), int(base[1]))
        positions = self.children.get(key, {}).get(name)
        return (*base, name, positions[n] if positions and n < len(positions) else n)


class Positioned(Protocol):
    """A validated record and the original positions of it and its children."""

    positions: dict[str, list[int]]


def check_unique(catalog: Catalog, idx: CatalogIndexes) -> Iterator[Problem]:
    """Producer ids, product ids and seller SKUs are each used once."""
    seen: dict[str, DataPath] = {}
    for pos, producer in zip(idx.producers, catalog.producers, strict=True):
        yield from _once(
            seen,
            "producer:" + producer.id,
            ("producers", pos, "id"),
            _("producer id {id!r} is used twice").format(id=producer.id),
        )
    for pos, product in zip(idx.products, catalog.products, strict=True):
        yield from _once(
            seen,
            "product:" + product.id,
            ("products", pos, "id"),
            _("product id {id!r} is used twice").format(id=product.id),
        )
        for n, sku in enumerate(product.skus):
            yield from _once(
                seen,
                "sku:" + sku.sku,
                (*idx.child(("products", pos), "skus", n), "sku"),
                _("SKU {sku!r} is used twice: every marketplace needs each SKU once").format(
                    sku=sku.sku
                ),
            )


def _once(seen: dict[str, DataPath], key: str, path: DataPath, message: str) -> Iterator[Problem]:
    if key in seen:
        yield _error(path, message, "duplicate", related=seen[key])
    else:
        seen[key] = path


def check_address(address: Address, path: DataPath) -> Iterator[Problem]:
    """The commune exists; an old name maps to exactly one new commune."""
    if address.commune is not None:
        commune = locality.communes().get(address.commune)
        if commune is None:
            yield _error(
                (*path, "commune"),
                _(
                    "there is no commune {code} in Thái Nguyên since 1 July 2025; "
                    "see the list in ocop/data/thai-nguyen-communes-2025.csv"
                ).format(code=address.commune),
                "commune",
            )
            return
        if address.old_commune:
            codes = locality.new_codes_for(address.old_commune, address.old_district)
            if codes and address.commune not in codes:
                yield _warning(
                    (*path, "old_commune"),
                    _("{old} became {new}, not {name}").format(
                        old=address.old_commune,
                        name=commune.name,
                        new=", ".join(sorted(locality.communes()[c].name for c in codes)),
                    ),
                    "commune_mismatch",
                )
        return
    if not address.old_commune:
        yield _error(path, _("give the commune code (2025) or the old commune name"), "commune")
        return
    yield from _resolve_old(address, path)


def _resolve_old(address: Address, path: DataPath) -> Iterator[Problem]:
    assert address.old_commune is not None
    codes = locality.new_codes_for(address.old_commune, address.old_district)
    if not codes:
        yield _error(
            (*path, "old_commune"),
            _("{old!r} is not a pre-2025 commune of Thái Nguyên or Bắc Kạn{district}").format(
                old=address.old_commune,
                district=_(" in {d}").format(d=address.old_district)
                if address.old_district
                else "",
            ),
            "commune",
        )
    elif len(codes) > 1:
        names = ", ".join(f"{locality.communes()[c].name} ({c})" for c in sorted(codes))
        yield _error(
            (*path, "old_commune"),
            _(
                "{old!r} went into several new communes: {names}; write the right one as "
                "commune: with its code"
            ).format(old=address.old_commune, names=names),
            "commune",
        )


def resolve_commune(address: Address) -> str | None:
    """The 2025 commune code of an address, mapping an old name when only that is given."""
    if address.commune:
        return address.commune
    if address.old_commune:
        codes = locality.new_codes_for(address.old_commune, address.old_district)
        if len(codes) == 1:
            return next(iter(codes))
    return None


def check_tax_code(code: str, kind: ProducerKind, path: DataPath) -> Iterator[Problem]:
    """Check digit of a tax code; 12-digit personal numbers only for households."""
    if len(code) == 12 and kind is not ProducerKind.HO_KINH_DOANH:
        yield _error(
            path,
            _(
                "a 12-digit personal number is the tax code of a household business only; "
                "cooperatives and companies have a 10-digit tax code"
            ),
            "tax_code",
        )
    elif not tax_code_is_valid(code):
        yield _error(
            path,
            _(
                "tax code {code} has a wrong check digit: copy it again from the business "
                "registration"
            ).format(code=code),
            "tax_code",
        )


def check_product(
    catalog: Catalog, product: Product, path: DataPath, ctx: Context, idx: CatalogIndexes
) -> Iterator[Problem]:
    """Every rule about one product and its SKUs."""
    if catalog.producer(product.producer) is None:
        yield _error(
            (*path, "producer"),
            _("no producer has the id {id!r}; add it under producers: or fix the id").format(
                id=product.producer
            ),
            "reference",
        )
    if product.subgroup is not None and product.subgroup not in SUBGROUPS[product.group]:
        yield _error(
            (*path, "subgroup"),
            _("sub-group {sub!r} is not in group {group}; choose one of: {choices}").format(
                sub=product.subgroup,
                group=product.group.value,
                choices=", ".join(SUBGROUPS[product.group]),
            ),
            "subgroup",
        )
    if product.locality is not None:
        yield from check_address(product.locality, (*path, "locality"))
    yield from check_certifications(product, path, ctx.as_of, idx)
    if product.gtin is not None:
        yield from check_gtin(product.gtin, (*path, "gtin"))
    for n, image in enumerate(product.images):
        yield from check_image(image, (*path, "images", n), ctx.root)
    yield from check_skus(product, path, idx)


def check_gtin(code: str, path: DataPath) -> Iterator[Problem]:
    """GS1 check digit; a warning when the barcode is not registered in Vietnam."""
    if not gtin13_is_valid(code):
        yield _error(path, _("barcode {code} has a wrong check digit").format(code=code), "gtin")
    elif not code.startswith(VIETNAM_GS1_PREFIX):
        yield _warning(
            path,
            _(
                "barcode {code} does not start with 893 (GS1 Vietnam); check it is this "
                "product's own barcode"
            ).format(code=code),
            "gtin_prefix",
        )


def check_image(image: str, path: DataPath, root: Path) -> Iterator[Problem]:
    """Images are JPEG/PNG files inside the catalogue's folder."""
    for code, severity, message in _image_findings(image, str(root)):
        yield Problem(path, message.format(image=image), severity, code)


@functools.lru_cache(maxsize=65536)
def _image_findings(image: str, root: str) -> tuple[tuple[str, Severity, str], ...]:
    # One lstat per distinct image: a national catalogue has tens of thousands of them, and
    # Path.resolve() on each would cost more than parsing the whole file.
    if "://" in image:
        return (
            (
                "image",
                Severity.ERROR,
                _("images are files next to catalog.yaml (e.g. images/che.jpg), not web addresses"),
            ),
        )
    inside = os.path.abspath(root)  # "catalog.yaml" given bare has root "."
    target = os.path.normpath(os.path.join(inside, image))
    if os.path.isabs(image) or not target.startswith(inside + os.sep):
        return (("image", Severity.ERROR, _("image {image} is outside the catalogue's folder")),)
    if os.path.splitext(target)[1].lower() not in IMAGE_SUFFIXES:
        return (("image", Severity.ERROR, _("image {image} must be a .jpg or .png file")),)
    try:
        info = os.lstat(target)
    except OSError:
        return (("image", Severity.ERROR, _("image file {image} does not exist")),)
    if stat.S_ISLNK(info.st_mode):
        real = os.path.realpath(target)
        if not real.startswith(os.path.realpath(inside) + os.sep):
            return (
                ("image", Severity.ERROR, _("image {image} is outside the catalogue's folder")),
            )
        info = os.stat(real)
    if not stat.S_ISREG(info.st_mode):
        return (("image", Severity.ERROR, _("image file {image} does not exist")),)
    if info.st_size > MAX_IMAGE_BYTES:
        return (
            (
                "image_size",
                Severity.WARNING,
                _("image {image} is larger than 2 MB; Voso refuses it"),
            ),
        )
    return ()


def check_certifications(
    product: Product, base: DataPath, as_of: date, idx: CatalogIndexes
) -> Iterator[Problem]:
    """Each decision fits its era; the history is consistent; the latest one's standing."""
    history = sorted(enumerate(product.certifications), key=lambda pair: pair[1].date)
    previous: Certification | None = None
    for n, cert in history:
        here = idx.child(base, "certifications", n)
        yield from _check_decision(cert, here, as_of)
        yield from _check_kind(cert, previous, (*here, "kind"))
        previous = cert
    n, newest = history[-1]
    yield from _check_standing(newest, idx.child(base, "certifications", n), as_of)


def _check_decision(cert: Certification, path: DataPath, as_of: date) -> Iterator[Problem]:
    if cert.date < cert_rules.PROGRAMME_START:
        yield _error(
            (*path, "date"),
            _("OCOP decisions start on 07/05/2018 (490/QĐ-TTg); check the date"),
            "era",
        )
    elif cert.date > as_of:
        yield _error(
            (*path, "date"),
            _("the decision date {day} is in the future").format(day=cert.date.isoformat()),
            "era",
        )
    allowed = cert_rules.allowed_levels(cert.stars, cert.date)
    if cert.level not in allowed:
        yield _error((*path, "level"), _level_message(cert), "era")
    band = cert_rules.SCORE_BANDS[cert.stars]
    if cert.score is not None and not (
        band[0] <= cert.score < band[1] or cert.score == band[1] == 100
    ):
        yield _error(
            (*path, "score"),
            _(
                "{score:g} points is not {stars}★: {stars}★ needs {low:g} to under {high:g} points"
            ).format(score=cert.score, stars=cert.stars, low=band[0], high=band[1]),
            "score",
        )
    if cert.valid_until is not None and not cert.note:
        yield _error(
            (*path, "valid_until"),
            _("a validity other than 36 months needs a note saying which decision sets it"),
            "validity",
        )
    if cert.decision:
        yield from _check_issuer_suffix(cert, (*path, "decision"))


def _level_message(cert: Certification) -> str:
    if cert.level is IssuingLevel.HUYEN and cert.stars == 3:
        return _(
            "district (huyện) decisions for 3★ exist only from 24/02/2023 (148/QĐ-TTg) to "
            "30/06/2025 (districts abolished); this one is dated {day}"
        ).format(day=cert.date.strftime("%d/%m/%Y"))
    if cert.stars == 5:
        return _("5★ is recognised by the ministry: level must be trung_uong")
    return _("{stars}★ decisions are signed by the province: level must be tinh").format(
        stars=cert.stars
    )


def _check_issuer_suffix(cert: Certification, path: DataPath) -> Iterator[Problem]:
    suffix = cert.decision.split("/QĐ-", 1)[1] if cert.decision else ""
    is_ministry = suffix.startswith("BNN")
    if cert.level is IssuingLevel.TRUNG_UONG and not is_ministry:
        yield _warning(
            path, _("a ministry decision is numbered .../QĐ-BNN...; check the number"), "issuer"
        )
    elif cert.level is not IssuingLevel.TRUNG_UONG and is_ministry:
        yield _warning(
            path,
            _("a .../QĐ-BNN... number is a ministry decision, but level is {level}").format(
                level=cert.level.value
            ),
            "issuer",
        )


def _check_kind(
    cert: Certification, previous: Certification | None, path: DataPath
) -> Iterator[Problem]:
    if cert.kind is CertificationKind.LAN_DAU and previous is not None:
        yield _warning(
            path,
            _(
                "a later decision is a re-recognition (cong_nhan_lai) or an upgrade (nang_hang), "
                "not lan_dau"
            ),
            "history",
        )
    elif cert.kind is CertificationKind.CONG_NHAN_LAI and previous is None:
        yield _warning(
            path,
            _("re-recognition (cong_nhan_lai) needs the earlier decision in the history too"),
            "history",
        )
    elif cert.kind is CertificationKind.NANG_HANG and (
        previous is None or previous.stars >= cert.stars
    ):
        yield _error(
            path, _("an upgrade (nang_hang) needs an earlier decision with fewer stars"), "history"
        )


def _check_standing(cert: Certification, path: DataPath, as_of: date) -> Iterator[Problem]:
    standing = cert_rules.status(cert, as_of)
    last = cert_rules.valid_until(cert).strftime("%d/%m/%Y")
    if standing is cert_rules.Status.EXPIRED:
        yield _warning(
            path,
            _(
                "the certificate expired on {day}: the product may not claim its stars until it "
                "is re-recognised"
            ).format(day=last),
            "expired",
        )
    elif standing is cert_rules.Status.EXPIRING:
        yield _warning(
            path,
            _("the certificate expires on {day}: apply for re-recognition now").format(day=last),
            "expiring",
        )


def check_skus(product: Product, path: DataPath, idx: CatalogIndexes) -> Iterator[Problem]:
    """Goods are shipped and weighed; tourism services are not."""
    for n, sku in enumerate(product.skus):
        here = idx.child(path, "skus", n)
        if product.is_service:
            if sku.unit not in SERVICE_UNITS or sku.shipping_weight_g is not None:
                yield _error(
                    here,
                    _(
                        "community tourism is a service, not shippable goods: use unit suat or ve "
                        "and no shipping weight"
                    ),
                    "service",
                )
        elif sku.unit in SERVICE_UNITS:
            yield _error(
                (*here, "unit"),
                _("suat and ve are for tourism services; goods need a packaging unit"),
                "service",
            )
        elif sku.shipping_weight_g is None:
            yield _error(
                (*here, "shipping_weight_g"),
                _("goods need a shipping weight in grams for the carrier"),
                "weight",
            )
        if sku.list_price is not None and sku.list_price < sku.price:
            yield _error(
                (*here, "list_price"),
                _("the original price (list_price) cannot be lower than the price"),
                "list_price",
            )
        if sku.price < MIN_MARKETPLACE_PRICE:
            yield _warning(
                (*here, "price"),
                _(
                    "{price} đồng is below 1.000 đồng: marketplaces refuse it; is a 000 missing?"
                ).format(price=sku.price),
                "price_low",
            )


def check_marketplaces(catalog: Catalog, idx: CatalogIndexes) -> Iterator[Problem]:
    """Selections, overrides and category maps point at things that exist."""
    known = {p.id for p in catalog.products} | {s.sku for p in catalog.products for s in p.skus}
    skus = {s.sku for p in catalog.products for s in p.skus}
    for name, settings in catalog.marketplaces.items():
        base: DataPath = ("marketplaces", name)
        for field in ("products", "exclude"):
            for n, ref in enumerate(getattr(settings, field) or []):
                if ref not in known:
                    yield _error(
                        (*base, field, n),
                        _("{ref!r} is neither a product id nor a SKU").format(ref=ref),
                        "reference",
                    )
        for sku in settings.overrides:
            if sku not in skus:
                yield _error(
                    (*base, "overrides", sku),
                    _("no SKU {sku!r} in the catalogue").format(sku=sku),
                    "reference",
                )
        ids = {p.id for p in catalog.products}
        yield from _check_category_keys(settings.categories, (*base, "categories"), ids)
        yield from _check_listed(catalog, name, base, idx)


def _check_category_keys(
    categories: dict[str, int | str], path: DataPath, products: set[str]
) -> Iterator[Problem]:
    for key in categories:
        group, _sep, sub = key.partition("/")
        if key in products:
            continue
        if group not in ProductGroup.__members__.values() or (
            sub and sub not in SUBGROUPS[ProductGroup(group)]
        ):
            yield _error(
                (*path, key),
                _(
                    "{key!r} is not an OCOP group, group/sub-group (e.g. thuc_pham/che) or "
                    "product id"
                ).format(key=key),
                "category",
            )


def _check_listed(
    catalog: Catalog, name: str, base: DataPath, idx: CatalogIndexes
) -> Iterator[Problem]:
    settings = catalog.marketplaces[name]
    chosen = settings.chosen()
    for pos, product in zip(idx.products, catalog.products, strict=True):
        if product.is_service and product.id in chosen:
            yield _error(
                (*base, "products"),
                _("{id} is community tourism: it cannot be sold as shipped goods").format(
                    id=product.id
                ),
                "service",
            )
        if not any(is_selected(settings, product, s) for s in product.skus):
            continue
        if category_for(settings, product) is None:
            yield _error(
                (*base, "categories"),
                _("{id} goes to {market} but no category is mapped for {keys}").format(
                    id=product.id, market=name, keys=" or ".join(product.category_keys())
                ),
                "category",
            )
        if not product.images:
            yield _warning(
                ("products", pos, "images"),
                _("{market} needs at least one image of the product").format(market=name),
                "image",
            )


def with_related_line(problem: Problem, line: int | None) -> Problem:
    """Add the line of the record a duplicate repeats."""
    if line is None:
        return problem
    return replace(
        problem,
        also=(line,),
        message=problem.message + " " + _("(first at line {line})").format(line=line),
    )
