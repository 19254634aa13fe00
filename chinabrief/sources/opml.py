"""OPML subscription lists, as Feedly, Inoreader, Miniflux and FreshRSS export them.

Folders (nested outlines) become tags on each feed; exporting writes them back as folders.
OPML is small XML, read with lxml without network or entity expansion.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from xml.sax.saxutils import quoteattr

from lxml import etree

from chinabrief.errors import ParseError, unreadable_as_parse_error


@dataclass
class Subscription:
    url: str
    name: str | None = None
    tags: list[str] = field(default_factory=list)
    site: str | None = None


def read_opml(raw: bytes) -> list[Subscription]:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True)
    try:
        root = etree.fromstring(raw, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise ParseError(f"not an OPML file: {exc}") from exc
    if root is None or root.find("body") is None:
        raise ParseError("not an OPML file: no <body>")
    found: list[Subscription] = []

    def walk(node: etree._Element, folders: list[str]) -> None:
        for outline in node.findall("outline"):
            url = outline.get("xmlUrl") or outline.get("xmlurl")
            name = outline.get("title") or outline.get("text")
            if url:
                found.append(Subscription(url=url.strip(), name=name, tags=list(folders),
                                          site=outline.get("htmlUrl")))
            else:
                walk(outline, [*folders, name] if name else folders)

    with unreadable_as_parse_error("not an OPML file"):  # lxml decodes attributes as they are read
        walk(root.find("body"), [])
    return found


def write_opml(feeds: list[dict], title: str = "chinabrief subscriptions") -> str:
    """Feeds (as the store lists them) as OPML 2.0, one folder per first tag."""
    by_folder: dict[str, list[dict]] = {}
    for feed in feeds:
        by_folder.setdefault(feed["tags"][0] if feed["tags"] else "", []).append(feed)

    def line(feed: dict, indent: str) -> str:
        name = quoteattr(feed["name"] or feed["url"])
        return f'{indent}<outline type="rss" text={name} title={name} xmlUrl={quoteattr(feed["url"])}/>'

    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<opml version="2.0">',
             f"  <head><title>{title}</title></head>", "  <body>"]
    for folder, members in by_folder.items():
        if folder:
            lines.append(f"    <outline text={quoteattr(folder)} title={quoteattr(folder)}>")
            lines += [line(f, "      ") for f in members]
            lines.append("    </outline>")
        else:
            lines += [line(f, "    ") for f in members]
    lines += ["  </body>", "</opml>"]
    return "\n".join(lines) + "\n"
