-- The partnership exchange (offers, interests, saved searches) and the Atlas of
-- decentralised cooperation as data (issue 18).

-- Atlas partnerships, one row per record, keyed by the Atlas's own id. ``row_hash`` is the
-- hash of the imported row's content: a second import of the same file changes nothing.
CREATE TABLE atlas_partnerships (
    id INTEGER PRIMARY KEY,
    atlas_id TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    first_signature_year INTEGER,
    start_year INTEGER,
    end_year INTEGER,
    status TEXT NOT NULL,
    kind TEXT NOT NULL,
    row_hash TEXT NOT NULL,
    imported_at TEXT NOT NULL
);
CREATE INDEX atlas_partnerships_years ON atlas_partnerships (start_year, end_year);

-- French local governments of a partnership (kind: region, department, municipality,
-- intercommunal); ``name_key`` is the folded name searched.
CREATE TABLE atlas_french_partners (
    partnership_id INTEGER NOT NULL REFERENCES atlas_partnerships (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    kind TEXT NOT NULL
);
CREATE INDEX atlas_french_partners_by_partnership ON atlas_french_partners (partnership_id);
CREATE INDEX atlas_french_partners_by_kind ON atlas_french_partners (kind, partnership_id);
CREATE INDEX atlas_french_partners_by_name ON atlas_french_partners (name_key, partnership_id);

-- Foreign partners and their country (ISO 3166-1 alpha-2, lower case).
CREATE TABLE atlas_foreign_partners (
    partnership_id INTEGER NOT NULL REFERENCES atlas_partnerships (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    country TEXT NOT NULL
);
CREATE INDEX atlas_foreign_partners_by_partnership ON atlas_foreign_partners (partnership_id);
CREATE INDEX atlas_foreign_partners_by_country ON atlas_foreign_partners (country, partnership_id);

-- Themes and sub-themes (ids of bot/exchange/themes.toml); priority 0 is the main theme.
CREATE TABLE atlas_themes (
    partnership_id INTEGER NOT NULL REFERENCES atlas_partnerships (id) ON DELETE CASCADE,
    theme TEXT NOT NULL,
    sub_theme TEXT NOT NULL DEFAULT '',
    priority INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX atlas_themes_by_partnership ON atlas_themes (partnership_id);
CREATE INDEX atlas_themes_by_theme ON atlas_themes (theme, partnership_id);
CREATE INDEX atlas_themes_by_sub_theme ON atlas_themes (sub_theme, partnership_id);

-- Funding lines: by funder and year, in euros.
CREATE TABLE atlas_funding (
    partnership_id INTEGER NOT NULL REFERENCES atlas_partnerships (id) ON DELETE CASCADE,
    funder TEXT NOT NULL,
    funder_key TEXT NOT NULL,
    year INTEGER NOT NULL,
    amount_eur INTEGER NOT NULL
);
CREATE INDEX atlas_funding_by_partnership ON atlas_funding (partnership_id);
CREATE INDEX atlas_funding_by_funder ON atlas_funding (funder_key, year);

-- Partnership offers of the exchange (Bourse-partenariat). No contact data: the contact route
-- is the bot. Status: pending (waiting for a coordinator), visible, refused, withdrawn,
-- expired.
CREATE TABLE exchange_offers (
    id INTEGER PRIMARY KEY,
    organisation_id TEXT,
    organisation_name TEXT NOT NULL,
    country_id TEXT,
    partner_kind TEXT NOT NULL,
    description TEXT NOT NULL,
    language TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'visible', 'refused', 'withdrawn', 'expired')),
    refusal_reason TEXT,
    created_by INTEGER,
    created_at TEXT NOT NULL,
    reviewed_by INTEGER,
    reviewed_at TEXT,
    expires_at TEXT,
    reminded_at TEXT,
    updated_at TEXT NOT NULL
);
CREATE INDEX exchange_offers_by_status ON exchange_offers (status, id);
CREATE INDEX exchange_offers_by_kind ON exchange_offers (partner_kind, status);
CREATE INDEX exchange_offers_by_organisation ON exchange_offers (organisation_id);

-- Who owns an offer (its focal points): /oubli removes a person from here.
CREATE TABLE exchange_offer_authors (
    offer_id INTEGER NOT NULL REFERENCES exchange_offers (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL,
    PRIMARY KEY (offer_id, user_id)
);
CREATE INDEX exchange_offer_authors_by_user ON exchange_offer_authors (user_id);

CREATE TABLE exchange_offer_themes (
    offer_id INTEGER NOT NULL REFERENCES exchange_offers (id) ON DELETE CASCADE,
    theme TEXT NOT NULL,
    sub_theme TEXT NOT NULL DEFAULT ''
);
CREATE INDEX exchange_offer_themes_by_theme ON exchange_offer_themes (theme, offer_id);
CREATE INDEX exchange_offer_themes_by_offer ON exchange_offer_themes (offer_id);

-- Countries or regions sought ('*': any).
CREATE TABLE exchange_offer_countries (
    offer_id INTEGER NOT NULL REFERENCES exchange_offers (id) ON DELETE CASCADE,
    country TEXT NOT NULL
);
CREATE INDEX exchange_offer_countries_by_country ON exchange_offer_countries (country, offer_id);
CREATE INDEX exchange_offer_countries_by_offer ON exchange_offer_countries (offer_id);

-- "✋ Intéressé": one per person and offer; status asked (waiting for the offer's focal
-- points), accepted, declined. Never listed to anyone but the two sides.
CREATE TABLE exchange_interests (
    id INTEGER PRIMARY KEY,
    offer_id INTEGER NOT NULL REFERENCES exchange_offers (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL,
    organisation_name TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('asked', 'accepted', 'declined')),
    created_at TEXT NOT NULL,
    answered_by INTEGER,
    answered_at TEXT,
    UNIQUE (offer_id, user_id)
);
CREATE INDEX exchange_interests_by_user ON exchange_interests (user_id);

-- Saved searches ('' = any) and the offers already announced for them.
CREATE TABLE exchange_saved_searches (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL,
    language TEXT NOT NULL,
    theme TEXT NOT NULL DEFAULT '',
    country TEXT NOT NULL DEFAULT '',
    partner_kind TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    last_announced_at TEXT,
    UNIQUE (user_id, theme, country, partner_kind)
);
CREATE INDEX exchange_saved_searches_by_user ON exchange_saved_searches (user_id);

CREATE TABLE exchange_announced (
    search_id INTEGER NOT NULL REFERENCES exchange_saved_searches (id) ON DELETE CASCADE,
    offer_id INTEGER NOT NULL REFERENCES exchange_offers (id) ON DELETE CASCADE,
    PRIMARY KEY (search_id, offer_id)
);
