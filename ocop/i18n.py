"""The one translation function every user-facing message goes through.

Messages are written in English in the source and wrapped in ``_()`` (or ``N_()`` where the
text is only marked for extraction and translated later, e.g. in tables of templates). The
catalogues live in ``ocop/locale/<lang>/LC_MESSAGES/ocop.mo`` (standard gettext); a missing
catalogue falls back to the English source text.

``set_language()`` is called once by the CLI (``--lang`` or the locale); the library never
reads the environment itself.
"""

from __future__ import annotations

import gettext
from pathlib import Path

DOMAIN = "ocop"
LOCALE_DIR = Path(__file__).parent / "locale"
LANGUAGES = ("en", "vi")

_translation: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


def set_language(language: str) -> None:
    """Switch every later message to ``language`` ("en" or "vi")."""
    global _translation, _language
    _language = language if language in LANGUAGES else "en"
    if _language == "en":
        _translation = gettext.NullTranslations()
        return
    _translation = gettext.translation(
        DOMAIN, localedir=LOCALE_DIR, languages=[_language], fallback=True
    )


def current_language() -> str:
    """The language messages are currently produced in."""
    return _language


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
    """Mark ``message`` for translation without translating it now."""
    return message


# Words translated where they are composed at run time (``_(severity.value)`` in
# ``ocop.problem``); marked here so the extractor puts them in the catalogue.
RUNTIME_WORDS = (N_("error"), N_("warning"), N_("notice"))
