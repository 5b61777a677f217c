-- Why each customer record belongs to its golden customer, for the customer 360: the record of the same customer it
-- agrees with best (the accepted pair of highest weight), how each compared field agreed there and what that level
-- weighs (log2 Bayes factor), the pair's total weight and probability, and the threshold it had to pass. Written by
-- the match step inside the publish transaction, one row per known record; a batch rewrites only the rows whose
-- evidence changed (batch_id says which batch last did). It holds levels and weights, never a compared value, so the
-- roles that see customers may read it as it is.
CREATE SCHEMA IF NOT EXISTS match;
CREATE TABLE match.link_evidence (
    record_id             VARCHAR NOT NULL,   -- source:key, as in dw.customer_source_record
    source                VARCHAR NOT NULL,
    customer_id           BIGINT NOT NULL,    -- the golden customer
    linked_through        VARCHAR,            -- the record it agrees with best; NULL for a customer of one record
    fields                STRUCT(comparison VARCHAR, level VARCHAR, weight DOUBLE)[],
    prior_weight          DOUBLE,
    total_weight          DOUBLE,             -- prior + the fields' weights
    probability           DOUBLE,
    threshold_weight      DOUBLE NOT NULL,
    threshold_probability DOUBLE NOT NULL,
    batch_id              BIGINT NOT NULL
);
