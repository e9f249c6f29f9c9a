"""The one translation function every user-facing message goes through.

Messages are written in English in the source and wrapped in ``_()`` where they are used.
Text that is written down before the language is known — a table of templates, a command's or
an option's help given to a decorator at import — is only marked with ``N_()`` and translated
where it is shown (``_(text)`` then, or by the click classes of ``ocop.cli.localise``). A
module-level ``_()`` would freeze the language of whoever imported the module first, so
``tests/i18n/test_at_use.py`` refuses one.

Two gettext domains live in ``ocop/locale/<lang>/LC_MESSAGES/``: ``ocop`` (ocop's own
messages, from ``ocop/``, ``connectors/`` and ``spiders/``) and ``click`` (click's own words:
"Usage:", "Show this message and exit.", its error messages), kept apart because they follow
the installed click version. ``_()`` looks in ``ocop`` first, then ``click``; a message in
neither stays English.

``set_language()`` is called once by the CLI (``--lang`` anywhere on the command line,
``OCOP_LANG``, or the locale); the library never reads the environment itself. Dates, times,
money and enumeration values are shown through ``ocop.display`` and ``ocop.words``, which
follow the same language. docs/i18n.md is the guide.
"""

from __future__ import annotations

import gettext
from pathlib import Path

DOMAIN = "ocop"
CLICK_DOMAIN = "click"
LOCALE_DIR = Path(__file__).parent / "locale"
LANGUAGES = ("en", "vi")

_translation: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"
_explicit = False


def set_language(language: str, *, explicit: bool = True) -> None:
    """Switch every later message to ``language`` ("en" or "vi").

    ``explicit`` says the user chose it (``--lang``, ``OCOP_LANG``) rather than the locale
    implying it: a report, the department's document, is Vietnamese unless a language was
    chosen (``chosen_language``).
    """
    global _translation, _language, _explicit
    _language = language if language in LANGUAGES else "en"
    _explicit = explicit
    if _language == "en":
        _translation = gettext.NullTranslations()
        return
    found = gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=[_language], fallback=True)
    found.add_fallback(
        gettext.translation(
            CLICK_DOMAIN, localedir=LOCALE_DIR, languages=[_language], fallback=True
        )
    )
    _translation = found


def current_language() -> str:
    """The language messages are currently produced in."""
    return _language


def chosen_language() -> str | None:
    """The language the user asked for by name, or None when only the locale implied one."""
    return _language if _explicit else None


def language_from_locale(value: str | None) -> str:
    """Map a POSIX locale string such as ``vi_VN.UTF-8`` to a supported language."""
    if value and value.lower().startswith("vi"):
        return "vi"
    return "en"


def _(message: str) -> str:
    """Translate ``message`` into the current language."""
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate a message that depends on a count."""
    return _translation.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark ``message`` for translation without translating it now (``_(message)`` at use)."""
    return message


# Words translated where they are composed at run time (``_(severity.value)`` in
# ``ocop.problem``); marked here so the extractor puts them in the catalogue.
RUNTIME_WORDS = (N_("error"), N_("warning"), N_("notice"))
