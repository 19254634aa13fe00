"""A briefing as Markdown, HTML e-mail, plain text, JSON or PDF.

Markdown, HTML and text come from Jinja2 templates; a user overrides one by putting a file of
the same name (``briefing.md.j2``, ``briefing.html.j2``, ``briefing.txt.j2``) in the
``templates`` folder of their config directory. An error in an override is reported with its
file and line. The HTML is an e-mail: one 600-pixel column, its CSS moved inline (premailer),
since Gmail and Outlook ignore style sheets. The PDF is that same HTML laid out on A4 pages by
weasyprint (the ``pdf`` extra), so what a reader prints matches what they were mailed.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from chinabrief.addresses import one_line
from chinabrief.enrich.outlets import taxonomy
from chinabrief.errors import ConfigError

FORMATS = ("md", "html", "txt", "json", "pdf")
#: Formats that come out as bytes, not text.
BINARY_FORMATS = ("pdf",)
TEMPLATES = {"md": "briefing.md.j2", "html": "briefing.html.j2", "txt": "briefing.txt.j2"}


def user_templates() -> Path:
    from platformdirs import user_config_dir

    from chinabrief.config import APP, config_file

    return config_file().parent / "templates" if config_file().parent.exists() else \
        Path(user_config_dir(APP)) / "templates"


def _environment(override: Path | None, markdown: bool = False):  # type: ignore[no-untyped-def]
    """Jinja2 for the briefing templates. HTML escapes every value (autoescape); Markdown has
    its own escaping applied to every value (``finalize``), so a user's override is safe too."""
    from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, StrictUndefined, select_autoescape

    loaders = [FileSystemLoader(str(override))] if override and override.is_dir() else []
    env = Environment(loader=ChoiceLoader([*loaders, PackageLoader("chinabrief.brief", "templates")]),
                      autoescape=select_autoescape(enabled_extensions=("html.j2",), default=False),
                      finalize=markdown_text if markdown else None,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["affiliation"] = taxonomy().label_of
    env.filters["day"] = _day
    env.filters["safe_url"] = safe_url
    env.filters["markdown_url"] = markdown_url
    return env


def render(briefing: dict[str, Any], fmt: str, templates: Path | None = None) -> str:
    """The briefing (``Briefing.to_dict()``) in ``fmt``; ``templates`` is where overrides live
    (default: the user's config directory)."""
    if fmt not in FORMATS:
        raise ConfigError(f"unknown briefing format {fmt!r}: use one of {', '.join(FORMATS)}")
    if fmt in BINARY_FORMATS:
        raise ConfigError(f"{fmt} is not text: use render_bytes")
    if fmt == "json":
        return json.dumps(briefing, ensure_ascii=False, indent=2) + "\n"
    from jinja2 import TemplateError, TemplateSyntaxError

    env = _environment(templates if templates is not None else user_templates(), markdown=fmt == "md")
    name = TEMPLATES[fmt]
    try:
        text = env.get_template(name).render(briefing=briefing)
    except TemplateSyntaxError as exc:
        raise ConfigError(f"template {exc.filename or name}, line {exc.lineno}: {exc.message}") from exc
    except TemplateError as exc:
        where = _template_file(env, name)
        raise ConfigError(f"template {where}: {exc}") from exc
    return _inline_css(text) if fmt == "html" else text


def render_bytes(briefing: dict[str, Any], fmt: str, templates: Path | None = None) -> bytes:
    """The briefing in ``fmt`` as bytes to write to a file: UTF-8 text, or a PDF document."""
    if fmt != "pdf":
        return render(briefing, fmt, templates).encode("utf-8")
    html = render(briefing, "html", templates)
    try:
        from weasyprint import CSS, HTML
    except (ImportError, OSError) as exc:  # OSError: the Pango library is missing
        raise ConfigError("PDF briefings need weasyprint and Pango: pip install 'chinabrief[pdf]' "
                          f"(and on Debian, apt-get install libpango-1.0-0): {exc}") from exc
    return HTML(string=html).write_pdf(stylesheets=[CSS(string=PRINT_CSS)])


#: Page set-up for the PDF; the e-mail's own inline CSS does the rest.
PRINT_CSS = """
@page { size: A4; margin: 16mm 14mm 18mm 14mm;
        @bottom-center { content: counter(page) " / " counter(pages); font: 8pt sans-serif; color: #777; } }
body, .wrap { background: #fff !important; padding: 0 !important; }
.sheet { max-width: none !important; border: none !important; }
.masthead, .story, .footer { padding-left: 0 !important; padding-right: 0 !important; }
a { color: #1a4d8f; }
h2, h3 { break-after: avoid; }
p, li { orphans: 2; widows: 2; }
"""


def safe_url(value: str | None) -> str:
    """A link only when it is http(s): a source's ``javascript:`` or ``data:`` URL must not
    become a clickable link in a briefing or a page."""
    from urllib.parse import urlsplit

    text = str(value or "").strip()
    return text if urlsplit(text).scheme.lower() in ("http", "https") else "#"


class MarkdownLink(str):
    """A link destination already made safe for Markdown, which ``markdown_text`` leaves as is."""


#: Characters that would make Markdown of a source's text (emphasis, links, code, raw HTML).
_MARKDOWN_SPECIAL = re.compile(r"[\\`*_\[\]<>]|&(?=#?\w+;)")


def markdown_text(value: Any) -> Any:
    """A value as Markdown text: one line (a line break could start a heading or a list), with
    the characters that make emphasis, links, code or raw HTML backslash-escaped."""
    if isinstance(value, MarkdownLink) or not isinstance(value, str):
        return value
    return _MARKDOWN_SPECIAL.sub(lambda m: "\\" + m.group(), one_line(value))


def markdown_url(value: str | None) -> MarkdownLink:
    """A link destination for Markdown: http(s) only (else ``#``), with the characters that
    would end it (spaces, brackets, parentheses) percent-encoded."""
    from urllib.parse import quote

    return MarkdownLink(quote(safe_url(value), safe="/:?#&=%+;,@!$'*~.-_"))


def _day(value: str | None) -> str:
    """``2024-03-07`` as "7 Mar 2024"; anything else as it is."""
    from datetime import date

    try:
        when = date.fromisoformat(str(value)[:10])
    except ValueError:
        return value or "undated"
    return f"{when.day} {when:%b %Y}"


def _template_file(env: Any, name: str) -> str:
    try:
        _source, filename, _uptodate = env.loader.get_source(env, name)
        return filename or name
    except Exception:
        return name


def _inline_css(html: str) -> str:
    from premailer import Premailer

    return Premailer(html, remove_classes=False, keep_style_tags=True, strip_important=False,
                     disable_validation=True, allow_network=False, cssutils_logging_level=50).transform()
