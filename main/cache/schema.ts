/**
 * Ordered migrations. Index i brings the cache from user_version i to i + 1; never edit a
 * migration that has shipped, append a new one.
 */
export const MIGRATIONS: readonly string[] = [
  /* 1: the first schema */ `
CREATE TABLE imports (
  id INTEGER PRIMARY KEY,
  file TEXT NOT NULL,
  path TEXT NOT NULL,
  sha256 TEXT NOT NULL UNIQUE,
  report TEXT NOT NULL,
  snapshot TEXT NOT NULL,
  snapshot_source TEXT NOT NULL,
  format TEXT NOT NULL,
  encoding TEXT,
  delimiter TEXT,
  sheet TEXT,
  imported_at TEXT NOT NULL,
  rows INTEGER NOT NULL,
  rejected INTEGER NOT NULL,
  issue_count INTEGER NOT NULL
);
CREATE INDEX imports_report_snapshot ON imports(report, snapshot, id);

CREATE TABLE import_issues (
  import_id INTEGER NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
  line INTEGER NOT NULL,
  "column" TEXT,
  value TEXT,
  message TEXT NOT NULL
);
CREATE INDEX import_issues_import ON import_issues(import_id, line);

-- Firmographics per snapshot. sub_segment is the file's value, else the derived one.
CREATE TABLE customers (
  import_id INTEGER NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
  customer_id TEXT NOT NULL,
  line INTEGER NOT NULL,
  account_name TEXT, domain TEXT, mpn_id TEXT, partner_name TEXT, duns TEXT,
  country TEXT, area TEXT, subsidiary TEXT, sales_territory TEXT, city TEXT, state TEXT, postal_code TEXT,
  industry TEXT, vertical TEXT, segment TEXT,
  sub_segment TEXT, sub_segment_file TEXT, sub_segment_derived TEXT, smc_type TEXT,
  org_size INTEGER, is_nonprofit INTEGER,
  has_google INTEGER, has_aws INTEGER, has_ea INTEGER, has_open INTEGER,
  has_azure INTEGER, has_d365 INTEGER, has_m365 INTEGER, transacted_36m INTEGER,
  azure_potential REAL, offers TEXT,
  extra TEXT -- JSON object of the columns the app does not know, kept verbatim
);
CREATE UNIQUE INDEX customers_key ON customers(import_id, customer_id);

-- Long: one row per (snapshot, customer, product). Firmographics the grid filters and
-- sorts on are copied here so that one composite index answers a filtered, sorted page.
CREATE TABLE propensity (
  import_id INTEGER NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
  customer_id TEXT NOT NULL,
  product TEXT NOT NULL,
  account_name TEXT, domain TEXT, country TEXT, area TEXT, industry TEXT, vertical TEXT,
  sub_segment TEXT, org_size INTEGER,
  fit INTEGER, intent INTEGER, fit_band TEXT, intent_band TEXT, cell TEXT,
  cluster TEXT, computed_cluster TEXT,
  whitespace INTEGER NOT NULL, upsell INTEGER NOT NULL,
  ws_revenue REAL, ws_estimated INTEGER NOT NULL
);
-- A rowid table appends rows in arrival order; the key lives in a narrow index (measured
-- faster to load than a WITHOUT ROWID table, whose wide rows split pages in key order).
CREATE UNIQUE INDEX propensity_key ON propensity(import_id, customer_id, product);
-- The grid's filters and sorts, each led by import_id (queries name the current imports).
-- Every index costs each imported row a B-tree insert: these are the ones the grid needs.
CREATE INDEX propensity_product_cluster_fit ON propensity(import_id, product, cluster, fit);
CREATE INDEX propensity_product_fit ON propensity(import_id, product, fit);
CREATE INDEX propensity_product_intent ON propensity(import_id, product, intent);
CREATE INDEX propensity_area_country ON propensity(import_id, area, country);
CREATE INDEX propensity_country ON propensity(import_id, country);
CREATE INDEX propensity_industry_vertical ON propensity(import_id, industry, vertical);
CREATE INDEX propensity_vertical ON propensity(import_id, vertical);
CREATE INDEX propensity_sub_segment ON propensity(import_id, sub_segment);

-- Pre-aggregated at import so that the summary never scans propensity.
CREATE TABLE cluster_counts (
  import_id INTEGER NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
  product TEXT NOT NULL,
  cluster TEXT NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (import_id, product, cluster)
) WITHOUT ROWID;

CREATE TABLE agreements (
  import_id INTEGER NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
  line INTEGER NOT NULL,
  customer_id TEXT NOT NULL,
  agreement_id TEXT,
  license_program TEXT,
  end_date TEXT,
  expiration_type TEXT,
  expiring_revenue REAL,
  product TEXT, -- RevSumDivisionName: the product up for renewal
  upsell INTEGER,
  clusters TEXT, -- JSON: the file's cluster columns, which describe the agreement
  PRIMARY KEY (import_id, line)
) WITHOUT ROWID;
CREATE INDEX agreements_end_date ON agreements(import_id, end_date);
CREATE INDEX agreements_customer ON agreements(import_id, customer_id);

CREATE TABLE flag_names (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL -- 'play' | 'eos' | 'renewal'
);
-- Play and end-of-service flags, long and sparse: a row per flag that is set.
CREATE TABLE flags (
  import_id INTEGER NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
  flag_id INTEGER NOT NULL REFERENCES flag_names(id),
  customer_id TEXT NOT NULL,
  value TEXT, -- null for a plain yes; the text when the file carries something else
  PRIMARY KEY (import_id, flag_id, customer_id)
) WITHOUT ROWID;
CREATE INDEX flags_customer ON flags(import_id, customer_id);

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE views (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE COLLATE NOCASE,
  state TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- Figures over the whole current data set, computed once per set of current imports.
CREATE TABLE derived_cache (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
`,
  /* 2: sort indexes, so that a sorted page at any depth is a walk along one index */ `
-- IF EXISTS: caches written by development builds of schema 1 lack some of these.
DROP INDEX IF EXISTS propensity_product_fit;
DROP INDEX IF EXISTS propensity_product_intent;
DROP INDEX IF EXISTS propensity_key;
-- Each led by its sort column, then the tie-break (customer, product, snapshot), then the
-- commonest filter columns, so that ORDER BY … LIMIT … OFFSET … with product, cluster,
-- whitespace, upsell and flag filters reads the index alone, in order, and stops. The key
-- doubles as the default order.
-- Not UNIQUE: the customers key and one row per product per customer keep it unique.
CREATE INDEX propensity_key ON propensity(customer_id, product, import_id, cluster, whitespace, upsell);
CREATE INDEX propensity_sort_fit ON propensity(fit, customer_id, product, import_id, cluster, whitespace, upsell);
CREATE INDEX propensity_sort_intent ON propensity(intent, customer_id, product, import_id, cluster, whitespace, upsell);
CREATE INDEX propensity_sort_account_name ON propensity(account_name, customer_id, product, import_id, cluster, whitespace, upsell);
CREATE INDEX propensity_sort_ws_revenue ON propensity(ws_revenue, customer_id, product, import_id, cluster, whitespace, upsell);
`,
  /* 3: facet counts per combination of values, so that facets need not scan propensity */ `
-- Per snapshot, the number of propensity rows (n) for each combination of the values the facets
-- count, and how many of them belong to a customer with an end-of-service flag (eos). Facets
-- under list, whitespace and upsell filters add these up: ~169k combinations for 1.5M rows.
-- The importer counts it; settings changes recount it (cache/facet-counts.ts). This migration
-- counts the snapshots already in the cache.
CREATE TABLE facet_counts (
  import_id INTEGER NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
  product TEXT NOT NULL, cluster TEXT, cell TEXT, country TEXT, area TEXT, industry TEXT,
  vertical TEXT, sub_segment TEXT, computed_cluster TEXT,
  whitespace INTEGER NOT NULL, upsell INTEGER NOT NULL,
  eos INTEGER NOT NULL,
  n INTEGER NOT NULL
);
CREATE INDEX facet_counts_import ON facet_counts(import_id);
INSERT INTO facet_counts (import_id, product, cluster, cell, country, area, industry, vertical, sub_segment,
  computed_cluster, whitespace, upsell, eos, n)
SELECT p.import_id, p.product, p.cluster, p.cell, p.country, p.area, p.industry, p.vertical, p.sub_segment,
  p.computed_cluster, p.whitespace, p.upsell,
  SUM(EXISTS (SELECT 1 FROM flags g JOIN flag_names fn ON fn.id = g.flag_id
              WHERE g.import_id = p.import_id AND g.customer_id = p.customer_id AND fn.kind = 'eos')),
  COUNT(*)
FROM propensity p
GROUP BY p.import_id, p.product, p.cluster, p.cell, p.country, p.area, p.industry, p.vertical, p.sub_segment,
  p.computed_cluster, p.whitespace, p.upsell;
`,
  /* 4: one segment vocabulary; the file's subsegment label kept beside it on every row */ `
-- The segment rule as of this migration (shared/domain/segments.ts canonicalSegment owns it; a
-- shipped migration is frozen, and a test holds this copy to that function): derived from
-- OrgSize when known, else the file's label mapped, else Azure potential alone.
ALTER TABLE propensity ADD COLUMN file_sub_segment TEXT;
UPDATE customers SET sub_segment = CASE
  WHEN org_size >= 300 THEN 'Top Unmanaged – user based'
  WHEN org_size >= 1 AND azure_potential > 10000 THEN 'Top Unmanaged – compute based'
  WHEN org_size >= 25 THEN 'Medium business'
  WHEN org_size >= 10 THEN 'Small business'
  WHEN org_size >= 1 THEN 'Very small business'
  WHEN NULLIF(trim(sub_segment_file), '') IS NOT NULL THEN
    CASE (SELECT CASE WHEN k LIKE 'smb%' THEN substr(k, 4) ELSE k END FROM (SELECT replace(replace(replace(replace(replace(replace(lower(trim(sub_segment_file)), ' ', ''), '-', ''), '–', ''), '—', ''), '_', ''), char(9), '') AS k))
      WHEN 'uppermedium' THEN 'Top Unmanaged – user based'
      WHEN 'topunmanageduserbased' THEN 'Top Unmanaged – user based'
      WHEN 'topunmanageduserbase' THEN 'Top Unmanaged – user based'
      WHEN 'topunmanagedcomputebased' THEN 'Top Unmanaged – compute based'
      WHEN 'topunmanagedcomputebase' THEN 'Top Unmanaged – compute based'
      WHEN 'medium' THEN 'Medium business'
      WHEN 'mediumbusiness' THEN 'Medium business'
      WHEN 'small' THEN 'Small business'
      WHEN 'smallbusiness' THEN 'Small business'
      WHEN 'verysmall' THEN 'Very small business'
      WHEN 'verysmallbusiness' THEN 'Very small business'
      ELSE trim(sub_segment_file)
    END
  WHEN azure_potential > 10000 THEN 'Top Unmanaged – compute based'
  ELSE NULL
END;
UPDATE propensity SET (sub_segment, file_sub_segment) = (
  SELECT c.sub_segment, c.sub_segment_file FROM customers c
  WHERE c.import_id = propensity.import_id AND c.customer_id = propensity.customer_id);
DELETE FROM facet_counts;
INSERT INTO facet_counts (import_id, product, cluster, cell, country, area, industry, vertical, sub_segment,
  computed_cluster, whitespace, upsell, eos, n)
SELECT p.import_id, p.product, p.cluster, p.cell, p.country, p.area, p.industry, p.vertical, p.sub_segment,
  p.computed_cluster, p.whitespace, p.upsell,
  SUM(EXISTS (SELECT 1 FROM flags g JOIN flag_names fn ON fn.id = g.flag_id
              WHERE g.import_id = p.import_id AND g.customer_id = p.customer_id AND fn.kind = 'eos')),
  COUNT(*)
FROM propensity p
GROUP BY p.import_id, p.product, p.cluster, p.cell, p.country, p.area, p.industry, p.vertical, p.sub_segment,
  p.computed_cluster, p.whitespace, p.upsell;
DELETE FROM derived_cache;
`,
  /* 5: one data-version key; the app version that counted each snapshot's facet_counts */ `
-- IF NOT EXISTS / OR IGNORE: a test sets user_version back on a current cache to replay 3 and 4.
-- The generation every writer bumps (cache/data-version.ts), part of every cache's key.
CREATE TABLE IF NOT EXISTS data_version (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  generation INTEGER NOT NULL
);
INSERT OR IGNORE INTO data_version (id, generation) VALUES (1, 0);
-- Which app version counted a snapshot's facet_counts: counts of another version (none before
-- this migration) are recounted when the workspace opens (cache/facet-counts.ts).
CREATE TABLE IF NOT EXISTS facet_counts_version (
  import_id INTEGER PRIMARY KEY REFERENCES imports(id) ON DELETE CASCADE,
  app_version TEXT NOT NULL
);
DELETE FROM derived_cache;
`,
  /* 6: SalesTerritory on every propensity row, a filter and a facet like Area */ `
-- A copy of the customer's SalesTerritory, as the other firmographics the grid filters on.
ALTER TABLE propensity ADD COLUMN sales_territory TEXT;
UPDATE propensity SET sales_territory = (
  SELECT c.sales_territory FROM customers c
  WHERE c.import_id = propensity.import_id AND c.customer_id = propensity.customer_id);
-- facet_counts counts it too: recounted here with it, as cache/facet-counts.ts counts.
ALTER TABLE facet_counts ADD COLUMN sales_territory TEXT;
DELETE FROM facet_counts;
INSERT INTO facet_counts (import_id, product, cluster, cell, country, area, sales_territory, industry, vertical,
  sub_segment, computed_cluster, whitespace, upsell, eos, n)
SELECT p.import_id, p.product, p.cluster, p.cell, p.country, p.area, p.sales_territory, p.industry, p.vertical,
  p.sub_segment, p.computed_cluster, p.whitespace, p.upsell,
  SUM(p.customer_id IN (SELECT g.customer_id FROM flags g JOIN flag_names fn ON fn.id = g.flag_id
                        WHERE g.import_id = p.import_id AND fn.kind = 'eos')),
  COUNT(*)
FROM propensity p
GROUP BY p.import_id, p.product, p.cluster, p.cell, p.country, p.area, p.sales_territory, p.industry, p.vertical,
  p.sub_segment, p.computed_cluster, p.whitespace, p.upsell;
DELETE FROM derived_cache;
`,
  /* 7: no SQL sort indexes: the in-memory row store sorts pages (#16, "indexes by need") */ `
-- Schema 2's sort indexes let SQL walk a sorted page at any depth. The row store answers those
-- pages now, read from its sidecar when a workspace opens; their builds were a fifth of a 500k
-- import (≈ 10 s, 325 MB written twice through the WAL). SQL, the fallback while a store is
-- built and the engine of exports, sorts instead (docs/design.md "Indexes").
DROP INDEX IF EXISTS propensity_sort_fit;
DROP INDEX IF EXISTS propensity_sort_intent;
DROP INDEX IF EXISTS propensity_sort_account_name;
DROP INDEX IF EXISTS propensity_sort_ws_revenue;
`,
];

export const SCHEMA_VERSION = MIGRATIONS.length;
