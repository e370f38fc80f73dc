-- Documents the bot searches (data/documents/*.md|txt): their passages of a few sentences in a
-- full-text index. Filled with the knowledge records, in the same transaction, whenever the
-- files are loaded (see bot/storage/knowledge.py); searched by bot/storage/passages.py.
--
-- `forms` holds the passage's words in index form (folded, lightly stemmed: "coopération"
-- and "cooperation" -> "cooper"), `head` those of the document title and headings; the
-- original text is kept for display. unicode61 with remove_diacritics 2 also folds the
-- accents of the text columns, for direct queries.

CREATE TABLE knowledge_documents (
    name     TEXT PRIMARY KEY,   -- file name under data/documents/
    title    TEXT NOT NULL,
    passages INTEGER NOT NULL
);

CREATE VIRTUAL TABLE knowledge_passages USING fts5(
    document UNINDEXED,          -- file name
    position UNINDEXED,          -- order in the document
    title UNINDEXED,             -- the document's title
    heading UNINDEXED,           -- heading path below the title
    body,                        -- the passage's text, as written
    head,                        -- index forms of the title and headings
    forms,                       -- index forms of the passage's text
    tokenize = "unicode61 remove_diacritics 2"
);

CREATE VIRTUAL TABLE knowledge_passages_vocab USING fts5vocab(knowledge_passages, 'row');
