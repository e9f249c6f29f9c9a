"""Read ``catalog.yaml`` into a ``Catalog``, reporting every problem at its line.

    source bytes ──file checks──▶ bytes, or the fixed text ──yaml-rs──▶ data
    data ──pydantic──▶ records ──rules (ocop.rules)──▶ cross-record problems
    problems? ──▶ libyaml event index ──▶ line:column for each problem

The happy path never computes positions: a valid national-scale catalogue costs one fast parse
and one validation. Only when there is something to report is the position index built.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

import yaml_rs
from pydantic import ValidationError

from ocop.connector import Capabilities
from ocop.errors import CatalogFileError, CatalogInvalid
from ocop.i18n import N_, _, current_language
from ocop.loading.messages import describe
from ocop.loading.positions import Duplicate, PositionIndex, build_index, second_document
from ocop.loading.records import Checked, pydantic_problems, records_validator, validate_record
from ocop.loading.repeats import not_repeating
from ocop.loading.source import SourceText, decode
from ocop.model import Catalog, Producer, Product
from ocop.problem import Path as DataPath
from ocop.problem import Problem, Severity, sort_key
from ocop.rules import CatalogIndexes, Context, Written, check_catalog, with_related_line

__all__ = ["LoadResult", "load_catalog", "read_catalog", "read_catalog_text"]

Limits = Callable[[str], Capabilities | None]  # a marketplace's capabilities, by its name
FREEZE_ABOVE_BYTES = 4 * 1024 * 1024  # small catalogues (and tests) leave the collector alone

# An alias bomb (billion laughs) expands a few lines into gigabytes; refuse it early.
ALIAS_LIMITS = yaml_rs.AliasLimits(
    max_total_replayed_events=1_000_000,
    max_replay_stack_depth=64,
    max_alias_expansions_per_anchor=10_000,
)


@dataclass(frozen=True)
class LoadResult:
    """A catalogue (None when it has errors) and every problem found, in file order."""

    catalog: Catalog | None
    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]


def load_catalog(path: Path | str, *, as_of: date | None = None) -> Catalog:
    """The catalogue at ``path``; raises ``CatalogInvalid`` listing every error."""
    result = read_catalog(path, as_of=as_of)
    if result.catalog is None:
        raise CatalogInvalid(path, result.problems)
    return result.catalog


def read_catalog(
    path: Path | str,
    *,
    as_of: date | None = None,
    limits: Limits | None = None,
    decode_pictures: bool = False,
) -> LoadResult:
    """Read and check the catalogue at ``path``, never raising for its content.

    Two checks cost more than the load itself and are asked for (``ocop validate`` does):
    ``limits`` finds a marketplace's capabilities by name, and what each marketplace would
    refuse (a picture too large for it) is reported too; ``decode_pictures`` decodes every
    picture, where otherwise only its header is read.
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise CatalogFileError(path, _("no such file; give the path of catalog.yaml")) from None
    except OSError as exc:
        raise CatalogFileError(
            path, _("cannot be read ({reason})").format(reason=exc.strerror)
        ) from None
    return read_catalog_text(
        raw, root=path.parent, as_of=as_of, limits=limits, decode_pictures=decode_pictures
    )


def read_catalog_text(
    raw: bytes,
    *,
    root: Path,
    as_of: date | None = None,
    limits: Limits | None = None,
    decode_pictures: bool = False,
) -> LoadResult:
    """Check catalogue bytes; image paths are resolved against ``root``."""
    source = decode(raw)
    if not source.readable:
        return LoadResult(None, source.problems)
    enabled = gc.isenabled()
    gc.disable()  # parsing allocates millions of objects and frees none of them
    try:
        return _load(source, Context(as_of or date.today(), root, limits, decode_pictures))
    except _NotUtf8:  # only a file decode() left to the parser gets here
        return LoadResult(None, decode(raw, trust_parser=False).problems)
    finally:
        if len(raw) > FREEZE_ABOVE_BYTES:
            # The catalogue lives as long as the command. Without this, the first collection
            # after loading walks millions of objects that can never be garbage (about 0.2 s
            # at national scale, paid by whatever runs next).
            gc.freeze()
        if enabled:
            gc.enable()


def _load(source: SourceText, ctx: Context) -> LoadResult:
    problems = list(source.problems)
    data, parse_problem, duplicated = _parse(source.utf8 or source.text)
    if parse_problem is None and not isinstance(data, dict):
        parse_problem = _shape_problem(data, source)
    if parse_problem is not None:
        if parse_problem.code == "tab" and any(p.code == "tab" for p in problems):
            parse_problem = None  # the tab is already reported on its own line
        return _finish(None, [*problems, *filter(None, [parse_problem])], [], source)
    # A producer or product with one of its own keys written twice is in doubt (which value
    # was meant?): its own checks run, but no rule judges it, as for a record that failed. A
    # key written twice deeper down (a SKU's price) only silences the rules about that value.
    index = build_index(source.text, None, duplicates=True) if duplicated else None
    doubtful: set[DataPath] = (
        {d.path[:2] for d in index.duplicates if len(d.path) == 3} if index else set()
    )
    catalog, found, rules = _validate(data, ctx, doubtful)
    return _finish(catalog, problems + found, rules, source, data, index)


def _parse(text: str | bytes) -> tuple[Any, Problem | None, bool]:
    """The data, a syntax problem, and whether keys were duplicated (placed later)."""
    duplicated = False
    try:
        try:
            data = _yaml_load(text, yaml_rs.DuplicateKeyPolicy.Error)
        except yaml_rs.YAMLDecodeError as exc:
            if "duplicate mapping key" not in str(exc):
                raise
            # Duplicates are reported from the position index with both lines; read the rest
            # of the file anyway so that every other problem is reported in the same run.
            duplicated = True
            data = _yaml_load(text, yaml_rs.DuplicateKeyPolicy.LastWins)
    except yaml_rs.YAMLDecodeError as exc:
        return None, _syntax_problem(str(exc)), False
    except (ValueError, RecursionError, OverflowError) as exc:  # limits inside the parser
        return None, _syntax_problem(str(exc)), False
    return data, None, duplicated


def _shape_problem(data: Any, source: SourceText) -> Problem:
    """Why parsed data that is not one mapping cannot be a catalogue, and where."""
    if data is None:  # nothing at all, or only comments (a NUL no longer hides the rest)
        empty = _(
            "the file is empty: a catalogue starts with version: 1 and lists its producers: and "
            "products: (`ocop init` writes one to start from)"
        )
        return Problem((), empty, code="empty", line=1, column=1)
    second = second_document(source.text) if isinstance(data, list) else None
    if second is not None:
        several = _(
            "a second YAML document starts here: a catalogue is one document, so remove this "
            "'---' (or '...') line, or move what follows into its place above"
        )
        return Problem((), several, code="documents", line=second.line, column=second.column)
    shape = _("the catalogue must start with fields such as producers: and products:")
    return Problem((), shape, code="shape", line=1, column=1)


class _NotUtf8(Exception):
    """The parser found bytes that are not UTF-8 (decode() reports where)."""


def _yaml_load(text: str | bytes, duplicates: yaml_rs.DuplicateKeyPolicy) -> Any:
    if isinstance(text, str):
        return yaml_rs.loads(text, alias_limits=ALIAS_LIMITS, duplicate_key_policy=duplicates)
    try:
        return yaml_rs.load(
            text,
            encoder_errors="strict",
            alias_limits=ALIAS_LIMITS,
            duplicate_key_policy=duplicates,
        )
    except yaml_rs.YAMLDecodeError as exc:
        if "invalid utf-8" in str(exc):
            raise _NotUtf8 from None
        raise


_SYNTAX_AT = re.compile(r"line (\d+), column (\d+)")
_SYNTAX_WORDS = {  # what the parser says (lower case) → plain words, translated at use
    "found a tab": N_("a tab is used where YAML needs spaces"),
    "tabs disallowed": N_("a tab is used where YAML needs spaces"),
    "unknown anchor": N_("*name refers to an &name that is not defined above it"),
    "illegal placement of ':'": N_(
        "a ':' is in the wrong place: put text containing ': ' in quotes"
    ),
    "did not find expected key": N_("the indentation does not line up with the lines above"),
    "did not find expected '-'": N_(
        "a list item does not start with '-' lined up with the items above it"
    ),
    "mapping values are not allowed": N_(
        "a ':' is in the wrong place: put text containing ': ' in quotes"
    ),
    "unclosed bracket": N_("an opening bracket is not closed: add the bracket that ends it"),
    "misplaced bracket": N_(
        "a closing bracket closes nothing: remove it or add the bracket it ends"
    ),
    "unclosed quote": N_("a quoted text is not closed: add the quote that ends it"),
    "unexpected character": N_(
        "a value starts with a character YAML keeps for itself (@ or `): put it in quotes"
    ),
    "duplicate mapping key": N_("the same key is written twice in one place"),
    "' tag": N_("a value does not match the !!type written before it"),
    "alias": N_("too many aliases (*name): the file expands to an unreasonable size"),
    "recursion": N_("the file nests too deeply"),
}
SYNTAX_UNKNOWN = N_("the text here does not follow YAML's rules")


def _syntax_problem(message: str) -> Problem:
    found = _SYNTAX_AT.search(message)
    line, column = (int(found.group(1)), int(found.group(2))) if found else (None, None)
    reason = message.strip().splitlines()[-1] if message.strip() else ""
    plain = next((words for key, words in _SYNTAX_WORDS.items() if key in message.lower()), None)
    if plain is not None:
        reason = _(plain)
    elif current_language() != "en" or not reason:  # the parser's own words are English
        reason = _(SYNTAX_UNKNOWN)
    text = _("the file is not valid YAML: {reason}").format(reason=reason)
    code = "tab" if plain == _SYNTAX_WORDS["found a tab"] else "syntax"
    return Problem((), text, code=code, line=line, column=column)


def _validate(
    data: dict[str, Any], ctx: Context, doubtful: set[DataPath]
) -> tuple[Catalog | None, list[Problem], list[Problem]]:
    """The catalogue, the problems of its records, and the problems the rules found."""
    problems: list[Problem] = []
    producers, producer_checks = _records(data, "producers", Producer, problems, doubtful)
    products, product_checks = _records(data, "products", Product, problems, doubtful)
    shell = {k: v for k, v in data.items() if k not in ("producers", "products")}
    try:
        header = Catalog.model_validate(shell)
    except ValidationError as exc:
        problems += pydantic_problems(exc, ())
        return None, problems, []
    catalog = header.model_copy(update={"producers": producers, "products": products})
    catalog._root = str(ctx.root)
    indexes = CatalogIndexes.of(len(producers), producer_checks, len(products), product_checks)
    some_failed = producer_checks is not None or product_checks is not None
    rules = check_catalog(catalog, ctx, indexes, Written.of(data) if some_failed else None)
    return catalog, problems, rules


def _records(
    data: dict[str, Any],
    key: str,
    model: type[object],
    problems: list[Problem],
    doubtful: set[DataPath],
) -> tuple[list[Any], list[Checked] | None]:
    """The valid records under ``key`` and where they sat (None: all of them, in order).

    A ``doubtful`` record is checked for its own problems but left out of the result.
    """
    items = data.get(key)
    if items is None:
        return [], None
    if not isinstance(items, list):
        shape = _("expected a list of records, each starting with '- '")
        problems.append(Problem((key,), shape, code="shape"))
        return [], []
    if not any(path[0] == key for path in doubtful):
        try:  # the common case, in one call: every record is right
            return records_validator(model)(items), None
        except ValidationError:
            pass
    valid, checks = [], []
    for n, item in enumerate(items):
        checked = validate_record(model, item, (key, n))
        problems += checked.problems
        if checked.record is not None and (key, n) not in doubtful:
            valid.append(checked.record)
            checked.positions["_self"] = [n]
            checks.append(checked)
    return valid, checks


def _finish(
    catalog: Catalog | None,
    problems: list[Problem],
    rules: list[Problem],
    source: SourceText,
    data: Any = None,
    index: PositionIndex | None = None,
) -> LoadResult:
    """Place every problem at its line; drop what the rules repeat of a reported mistake."""
    if not problems and not rules and index is None:
        return LoadResult(catalog, [])
    characters = [p for p in problems if p.code in CHARACTER_CODES]
    if index is None:
        # a character's problem needs the value it sits in, which only a full index finds
        wanted = [p.path for p in [*problems, *rules]] + [p.related for p in rules if p.related]
        index = build_index(source.text, None if characters else wanted)
    problems = [_in_value(p, index) if p.code in CHARACTER_CODES else p for p in problems]
    duplicates = [_duplicate(d, data) for d in index.duplicates]
    rules = not_repeating(rules, [*problems, *duplicates])
    placed = [*(_place(p, index, data) for p in [*problems, *rules]), *duplicates]
    if any(p.is_error for p in placed):
        catalog = None
    return LoadResult(catalog, sorted(placed, key=sort_key))


CHARACTER_CODES = ("control", "direction")  # ocop.loading.source


def _in_value(problem: Problem, index: PositionIndex) -> Problem:
    """A character's problem, with the path of the value it is in (when it is in one)."""
    if problem.line is None or problem.column is None:
        return problem
    path = index.scalar_at(problem.line, problem.column)
    return problem if path is None else replace(problem, path=path)


def _duplicate(d: Duplicate, data: Any) -> Problem:
    return Problem(
        d.path,
        _(
            "{key!r} is written twice in the same record; the second one would "
            "silently replace the first (first at line {line})"
        ).format(key=d.path[-1], line=d.first.line),
        Severity.ERROR,
        "duplicate_key",
        where=_where(d.path, data),
        line=d.again.line,
        column=d.again.column,
        also=(d.first.line,),
    )


def _place(problem: Problem, index: PositionIndex, data: Any) -> Problem:
    text_path = problem.path
    if problem.extra is not None:
        raw = index.scalars.get(text_path)
        problem = replace(problem, message=describe(problem.extra, raw), extra=None)
    if problem.line is None:
        keyed = problem.code in ("extra_forbidden", "duplicate", "invalid_key")
        mark = index.find(text_path, key=keyed)
        if mark is not None:
            problem = replace(problem, line=mark.line, column=mark.column)
    if problem.related is not None:
        related = index.find(problem.related)
        problem = with_related_line(problem, related.line if related else None)
    return replace(problem, where=problem.where or _where(problem.path, data))


def _where(path: DataPath, data: Any) -> str:
    """A path for people: ``products.che-tom-non.skus.HD-100.price`` (ids, not indexes)."""
    parts: list[str] = []
    node = data
    for part in path:
        label = str(part)
        if isinstance(part, int) and isinstance(node, list) and 0 <= part < len(node):
            node = node[part]
            ident = node.get("id") or node.get("sku") if isinstance(node, dict) else None
            label = str(ident) if isinstance(ident, str) and ident else f"#{part + 1}"
        elif isinstance(node, dict):
            node = node.get(part)
        else:
            node = None
        parts.append(label)
    return ".".join(parts)
