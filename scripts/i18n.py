"""Keep ocop's gettext catalogues in step with the source.

    .venv/bin/python scripts/i18n.py extract   # source → ocop/locale/{ocop,click}.pot
    .venv/bin/python scripts/i18n.py update    # .pot → ocop/locale/vi/LC_MESSAGES/{ocop,click}.po
    .venv/bin/python scripts/i18n.py compile   # .po → .mo (committed; the runtime reads it)
    .venv/bin/python scripts/i18n.py check     # list messages without a Vietnamese translation
    .venv/bin/python scripts/i18n.py all       # extract, update, compile, check

Two domains: ``ocop`` — the first argument of ``_()`` and ``N_()`` and the two of
``ngettext()`` in ``ocop/``, ``connectors/`` and ``spiders/`` — and ``click``, click's own
messages ("Usage:", "Show this message and exit.", its errors) read from the installed click,
so a click upgrade that adds a message fails the check until it is translated. Babel does the
extraction and the file formats; the runtime only needs the standard library's ``gettext``.
"""

from __future__ import annotations

import string
import sys
from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
SOURCE_DIRS = ("ocop", "connectors", "spiders")
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
LOCALE_DIR = ROOT / "ocop" / "locale"
TEMPLATE = LOCALE_DIR / "ocop.pot"
DOMAINS = ("ocop", "click")
LANGUAGES = ("vi",)


def po_path(lang: str, domain: str = "ocop") -> Path:
    """The editable catalogue of one language and domain."""
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{domain}.po"


def template_path(domain: str = "ocop") -> Path:
    """The extracted messages of one domain."""
    return LOCALE_DIR / f"{domain}.pot"


def extract(root: Path = ROOT) -> Catalog:
    """Every translatable message in ocop's source, with where it is used."""
    catalog = Catalog(project="ocop", domain="ocop", charset="utf-8")
    for folder in SOURCE_DIRS:
        path = root / folder
        if path.is_dir():
            _add_messages(catalog, path, folder)
    return catalog


def extract_click() -> Catalog:
    """click's own messages, from the installed click (its version decides which there are)."""
    import click

    catalog = Catalog(project="click", domain="click", charset="utf-8")
    _add_messages(catalog, Path(click.__file__).parent, "click")
    return catalog


def extract_domain(domain: str) -> Catalog:
    """The messages of ``domain`` ("ocop" or "click")."""
    return extract() if domain == "ocop" else extract_click()


def _add_messages(catalog: Catalog, path: Path, prefix: str) -> None:
    found = extract_from_dir(
        str(path),
        method_map=[("**.py", "python")],
        keywords=KEYWORDS if prefix != "click" else {"_": None, "ngettext": (1, 2)},
        comment_tags=("TRANSLATORS:",),
        strip_comment_tags=True,
    )
    for filename, line, message, comments, context in found:
        where = f"{prefix}/{filename}"
        catalog.add(message, locations=[(where, line)], auto_comments=comments, context=context)


def read(path: Path, locale: str | None = None) -> Catalog:
    """A .po or .pot file."""
    with path.open("rb") as fh:
        return read_po(fh, locale=locale)


def write(catalog: Catalog, path: Path) -> None:
    """Write a .po/.pot file, sorted by message so diffs stay small."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        write_po(fh, catalog, width=100, sort_output=True, omit_header=False)


def update(template: Catalog, lang: str, domain: str = "ocop") -> Catalog:
    """The language's catalogue with new messages added and dropped ones made obsolete.

    Fuzzy matching is off: a guessed translation of a similar message is worse than none,
    because the check would count it as done.
    """
    path = po_path(lang, domain)
    catalog = read(path, lang) if path.exists() else Catalog(locale=lang, domain=domain)
    catalog.update(template, no_fuzzy_matching=True, update_header_comment=False)
    _describe(catalog, lang)
    write(catalog, path)
    return catalog


def _describe(catalog: Catalog, lang: str) -> None:
    """Header fields of a translation (Babel's placeholders otherwise)."""
    catalog.project, catalog.version = "ocop", "1"
    catalog.copyright_holder = "the ocop authors"
    catalog.msgid_bugs_address = ""
    catalog.last_translator = "ocop maintainers"
    catalog.language_team = f"{lang} (ocop)"
    catalog.fuzzy = False
    catalog.header_comment = (
        f"# {lang} messages of ocop. Update with `.venv/bin/python scripts/i18n.py all`;\n"
        "# keep {placeholders} exactly as in the English text."
    )


def compile_mo(lang: str, domain: str = "ocop") -> Path:
    """Compile the language's .po into the .mo the runtime loads."""
    catalog = read(po_path(lang, domain), lang)
    target = po_path(lang, domain).with_suffix(".mo")
    with target.open("wb") as fh:
        write_mo(fh, catalog, use_fuzzy=False)
    return target


def fields(text: str) -> list[str]:
    """The ``{name!r:spec}`` placeholders of a message, in a comparable form."""
    found = []
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError:  # a lone brace: text never .format()-ed (a reason put in a message)
        return ["(not a template)"]
    for _literal, name, spec, conversion in parsed:
        if name is not None:
            found.append(f"{name}!{conversion or ''}:{spec or ''}")
    return sorted(found)


def missing(template: Catalog, translated: Catalog, *, fewer_fields: bool = False) -> Iterator[str]:
    """Messages of ``template`` without a usable translation, one line each.

    ``fewer_fields`` lets a translation leave a placeholder out (never add one): click fills
    some with English words it decided at import ("File", "integer"), which a Vietnamese
    sentence is better without.
    """
    for message in template:
        if not message.id:
            continue
        done = translated.get(message.id, context=message.context)
        if done is None or done.fuzzy or not _complete(done):
            yield f"untranslated: {_first(message)!r}"
        elif not _same_fields(message, done, fewer_fields):
            yield f"placeholders differ: {_first(message)!r}"


def _first(message: Message) -> str:
    return message.id[0] if isinstance(message.id, tuple) else str(message.id)


def _complete(message: Message) -> bool:
    if isinstance(message.string, tuple | list):
        return all(message.string)
    return bool(message.string)


def _same_fields(source: Message, done: Message, fewer: bool = False) -> bool:
    ids = source.id if isinstance(source.id, tuple) else (source.id,)
    strings = done.string if isinstance(done.string, tuple | list) else (done.string,)
    wanted = fields(ids[-1])
    if fewer:
        return all(set(fields(s)) <= set(wanted) for s in strings)
    return all(fields(s) == wanted for s in strings)


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "all"
    failed = False
    for domain in DOMAINS:
        failed |= _run(command, domain, extract_domain(domain))
    return 1 if failed else 0


def _run(command: str, domain: str, template: Catalog) -> bool:
    """One domain's steps; True when the check found messages to translate."""
    if command in ("extract", "all"):
        write(template, template_path(domain))
        print(f"{template_path(domain).relative_to(ROOT)}: {len(template)} messages")
    failed = False
    for lang in LANGUAGES:
        if command in ("update", "all"):
            update(template, lang, domain)
        if command in ("compile", "all"):
            print(f"compiled {compile_mo(lang, domain).relative_to(ROOT)}")
        if command in ("check", "all"):
            done = read(po_path(lang, domain), lang)
            problems = list(missing(template, done, fewer_fields=domain == "click"))
            for line in problems:
                print(f"{lang}/{domain}: {line}")
            print(f"{lang}/{domain}: {len(problems)} message(s) to translate")
            failed |= bool(problems) and command == "check"
    return failed


if __name__ == "__main__":
    sys.exit(main(sys.argv))
