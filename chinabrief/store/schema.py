"""Tables (SQLAlchemy Core) and the numbered migrations that create and change them.

Every migration is recorded in ``schema_migrations``; opening a database applies the ones
it lacks, in order, each in its own transaction, so an old archive upgrades in place.

Migration 1 creates every table as this module defines it, so a new database is complete
after it; later migrations bring older databases up to the same shape, which is why their
steps are "add this column / create this table if missing" rather than plain SQL.
"""

from __future__ import annotations

from sqlalchemy import Column, Float, ForeignKey, Integer, LargeBinary, MetaData, Table, Text

metadata = MetaData()

documents = Table(
    "documents", metadata,
    Column("id", Text, primary_key=True),  # sha256 of the bytes as they arrived
    Column("source", Text, nullable=False),
    Column("kind", Text, nullable=False),
    Column("size", Integer, nullable=False),
    Column("encoding", Text),
    Column("title", Text),
    Column("published", Text),
    Column("mode", Text),  # how the splitter read it: digest | article | quotes
    Column("preamble", Text),
    Column("item_count", Integer, nullable=False),  # items the splitter found (stored or duplicate)
    Column("dropped", Integer, nullable=False),
    Column("splitter_version", Text, nullable=False),
    Column("raw", LargeBinary),  # zlib-compressed original bytes, for re-processing
    Column("ingested_at", Text, nullable=False),
)

items = Table(
    "items", metadata,
    Column("id", Text, primary_key=True),
    Column("content_hash", Text, nullable=False, unique=True),
    Column("document_id", Text, ForeignKey("documents.id"), nullable=False, index=True),
    Column("document", Text, nullable=False),
    Column("position", Integer, nullable=False),
    Column("headline", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("sections", Text, nullable=False),  # JSON object
    Column("language", Text),
    Column("script", Text),
    Column("published", Text, index=True),
    Column("outlet_id", Text, index=True),
    Column("outlet_name", Text),
    Column("outlet_affiliation", Text),
    Column("outlet_country", Text),
    Column("url", Text),
    Column("authors", Text, nullable=False),  # JSON list
    Column("guid", Text),
    Column("entities", Text, nullable=False, default="[]"),
    Column("figures", Text, nullable=False, default="[]"),
    Column("quotes", Text, nullable=False, default="[]"),
    Column("topics", Text, nullable=False, default="[]"),
    Column("story", Text),
    Column("created_at", Text, nullable=False),
    Column("topic_scores", Text, nullable=False, default="[]"),  # JSON: [{"topic", "score", "because"}]
    Column("enrich_version", Text),  # which enrichers (and data) produced the fields above
    Column("text_source", Text),  # feed entries: feed | summary | page
    Column("captions", Text, nullable=False, default="[]"),  # JSON list: photo captions, apart from the text
    Column("deleted_at", Text),  # when its page was found gone (404/410)
    Column("checked_at", Text),  # when its page was last fetched again to look for edits
    Column("duplicate_of", Text),  # the first copy of this report, when it is a repost or a second copy
    Column("story_status", Text),  # story | duplicate | roundup | empty; null until clustered
    Column("story_note", Text),  # why a bulletin or an empty item was kept out of stories
)

#: Stories: the reports of one event, across outlets and languages (``chinabrief cluster``).
stories = Table(
    "stories", metadata,
    Column("id", Text, primary_key=True),  # "s" + the id of its first item, stable across re-runs
    Column("title", Text, nullable=False),
    Column("title_item", Text, nullable=False),
    Column("first_seen", Text, nullable=False, index=True),
    Column("last_seen", Text, nullable=False, index=True),
    Column("item_count", Integer, nullable=False),
    Column("duplicates", Integer, nullable=False),
    Column("outlets", Text, nullable=False),  # JSON: [{"outlet", "affiliation", "group", "items"}]
    Column("affiliations", Text, nullable=False),  # JSON: {group: outlets}
    Column("languages", Text, nullable=False),  # JSON: {language: items}
    Column("entities", Text, nullable=False),  # JSON: [{"id", "name", "type", "items"}]
    Column("figures", Text, nullable=False),  # JSON: [{"key", "text", "items"}]
    Column("score", Float, nullable=False, index=True),
    Column("score_parts", Text, nullable=False),  # JSON: {part: value}
    Column("thread", Text, index=True),
    Column("signature", Text, nullable=False),  # JSON: what threads compare
    Column("version", Text, nullable=False),
    Column("updated_at", Text, nullable=False),
)

#: Feeds and other live sources a user follows.
feeds = Table(
    "feeds", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("url", Text, nullable=False, unique=True),
    Column("name", Text),
    Column("kind", Text, nullable=False, default="feed"),  # feed | listing | sitemap
    Column("outlet_id", Text),
    Column("every_minutes", Integer, nullable=False, default=60),
    Column("tags", Text, nullable=False, default="[]"),  # JSON list (OPML folders)
    Column("pattern", Text),  # listing pages: which article links to follow (a regular expression)
    Column("etag", Text),
    Column("last_modified", Text),
    Column("last_fetched_at", Text),
    Column("next_due_at", Text),
    Column("last_status", Integer),
    Column("error", Text),
    Column("failures", Integer, nullable=False, default=0),  # consecutive; sets the back-off
    Column("items", Integer, nullable=False, default=0),
    Column("added_at", Text, nullable=False),
)

#: Earlier versions of an item whose page was edited after we stored it.
revisions = Table(
    "revisions", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("item_id", Text, ForeignKey("items.id"), nullable=False, index=True),
    Column("seen_at", Text, nullable=False),  # when this (older) version was replaced
    Column("headline", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("diff", Text, nullable=False),  # unified diff from this version to the next
)

#: One row per entity an item names: what ``chinabrief entities`` counts and lists.
item_entities = Table(
    "item_entities", metadata,
    Column("item_id", Text, ForeignKey("items.id"), primary_key=True),
    Column("entity_id", Text, primary_key=True, index=True),
    Column("name", Text, nullable=False),
    Column("type", Text, nullable=False),
    Column("known", Integer, nullable=False),
    Column("mentions", Integer, nullable=False),
    Column("published", Text),  # the item's date, copied here so an entity's items are read newest first
)

#: The jieba segmentation of Chinese items' headlines and leads, which the clusterer compares
#: (segmenting is the slow part of reading Chinese; it is done once, at ingest).
item_segments = Table(
    "item_segments", metadata,
    Column("item_rowid", Integer, primary_key=True),  # items.rowid
    Column("headline", Text, nullable=False),
    Column("lead", Text, nullable=False),
)

#: Entities a user promoted into the gazetteer of this archive (``chinabrief entities add``).
gazetteer_additions = Table(
    "gazetteer_additions", metadata,
    Column("id", Text, primary_key=True),
    Column("entry", Text, nullable=False),  # JSON, the same shape as data/entities/*.json
    Column("added_at", Text, nullable=False),
)

#: Briefings: the composed JSON of each, drafts and published (``chinabrief brief``).
briefings = Table(
    "briefings", metadata,
    Column("id", Text, primary_key=True),  # the period: "2024-W10", "2024-03-05", "2024-03-01..2024-03-07"
    Column("title", Text, nullable=False),
    Column("period_start", Text, nullable=False),
    Column("period_end", Text, nullable=False),
    Column("status", Text, nullable=False),  # draft | published
    Column("data", Text, nullable=False),  # JSON: Briefing.to_dict()
    Column("created_at", Text, nullable=False),
    Column("updated_at", Text, nullable=False),
    Column("published_at", Text),
    Column("edits", Text, nullable=False, default="[]"),  # JSON: the editor's actions, in order (brief/edits.py)
)

#: Each attempt to deliver a briefing to one recipient.
deliveries = Table(
    "deliveries", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("briefing_id", Text, nullable=False, index=True),
    Column("recipient", Text, nullable=False),
    Column("status", Text, nullable=False),  # sent | failed | dry-run
    Column("error", Text),
    Column("at", Text, nullable=False),
)

failures = Table(
    "failures", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("source", Text, nullable=False),
    Column("stage", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("at", Text, nullable=False),
)

runs = Table(
    "runs", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("command", Text, nullable=False),
    Column("started_at", Text, nullable=False),
    Column("seconds", Float),
    Column("summary", Text),
)

users = Table(
    "users", metadata,
    Column("name", Text, primary_key=True),
    Column("password_hash", Text, nullable=False),  # argon2id, with its parameters and salt
    Column("role", Text, nullable=False, default="editor"),  # editor | admin
    Column("created_at", Text, nullable=False),
)

sessions = Table(
    "sessions", metadata,
    Column("token_hash", Text, primary_key=True),  # sha256 of the cookie's token: a stolen database holds no sessions
    Column("user", Text, ForeignKey("users.name", ondelete="CASCADE"), nullable=False, index=True),
    Column("csrf", Text, nullable=False),
    Column("created_at", Text, nullable=False),
    Column("expires_at", Text, nullable=False, index=True),
)

watches = Table(
    "watches", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("term", Text, nullable=False, unique=True),  # a word or phrase, English or Chinese, or an entity's name
    Column("entity_id", Text),  # set when the term names a gazetteer entity
    Column("email", Text),  # send new matching stories here, when set
    Column("added_by", Text),
    Column("added_at", Text, nullable=False),
    Column("seen_until", Text),  # stories first seen before this day have been alerted
    Column("alerted", Text, nullable=False, default="[]"),  # JSON: stories of that last day already sent
)

#: (version, name, SQL statements). Never edit a released migration: add a new one.
MIGRATIONS: list[tuple[int, str, list[str]]] = [
    (1, "documents, items, failures, runs", ["<create_all>"]),
    (2, "full-text index over headline and text (Chinese segmented)", [
        "CREATE VIRTUAL TABLE items_fts USING fts5(headline, body, tokenize='unicode61 remove_diacritics 2')",
    ]),
    (3, "enrichment: topic scores, enricher version, entity index, user gazetteer", [
        "<add_column items topic_scores TEXT NOT NULL DEFAULT '[]'>",
        "<add_column items enrich_version TEXT>",
        "<create_table item_entities>",
        "<create_table gazetteer_additions>",
    ]),
    (4, "live sources: feeds, revisions, deletions, where an item's text came from", [
        "<add_column items text_source TEXT>",
        "<add_column items deleted_at TEXT>",
        "<add_column items checked_at TEXT>",
        "<create_table feeds>",
        "<create_table revisions>",
        "CREATE INDEX IF NOT EXISTS ix_items_url ON items (url)",
        "CREATE INDEX IF NOT EXISTS ix_items_guid ON items (guid)",
    ]),
    (5, "stories: duplicates, bulletins, story records and threads", [
        "<add_column items story TEXT>",
        "<add_column items duplicate_of TEXT>",
        "<add_column items story_status TEXT>",
        "<add_column items story_note TEXT>",
        "<create_table stories>",
        "CREATE INDEX IF NOT EXISTS ix_items_story ON items (story)",
    ]),
    (6, "briefings", ["<create_table briefings>"]),
    (7, "briefing edits and deliveries", [
        "<add_column briefings edits TEXT NOT NULL DEFAULT '[]'>",
        "<create_table deliveries>",
    ]),
    (8, "web app: users, sessions, watchlist", [
        "<create_table users>",
        "<create_table sessions>",
        "<create_table watches>",
    ]),
    (9, "watchlist alerts remember the stories they sent", [
        "<add_column watches alerted TEXT NOT NULL DEFAULT '[]'>",
    ]),
    (10, "entity index carries the item's date (entity pages and charts without reading items)", [
        "<add_column item_entities published TEXT>",
        "UPDATE item_entities SET published = (SELECT published FROM items WHERE items.id = item_entities.item_id)",
        "CREATE INDEX IF NOT EXISTS ix_item_entities_entity_published ON item_entities (entity_id, published)",
    ]),
    (11, "search index: Chinese as character pairs, English stemmed and as written; segmentation kept apart", [
        "<create_table item_segments>",
        "<rebuild_search>",
    ]),
    (12, "photo captions kept apart from an item's text", [
        "<add_column items captions TEXT NOT NULL DEFAULT '[]'>",
    ]),
]
