-- Knowledge base: the validated records of data/*.toml, one JSON document per record, and
-- the content hash of the files they came from. Replaced as a whole, in one transaction,
-- only after the new files validated (a broken file never wipes what was loaded).

CREATE TABLE knowledge_records (
    kind     TEXT NOT NULL,      -- project, organisation, country, action, term, ...
    id       TEXT NOT NULL,      -- record id (unique across kinds)
    position INTEGER NOT NULL,   -- order in the files (lists keep the documents' order)
    data     TEXT NOT NULL,      -- JSON of the validated record
    PRIMARY KEY (kind, id)
);
CREATE UNIQUE INDEX knowledge_records_id ON knowledge_records (id);

CREATE TABLE knowledge_meta (
    key   TEXT PRIMARY KEY,      -- content_hash, loaded_at, source, record_count
    value TEXT NOT NULL
);
