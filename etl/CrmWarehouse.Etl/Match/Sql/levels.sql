-- The fitted model, one row per comparison level: what each level means and how much it weighs.
CREATE OR REPLACE TABLE match.levels (
    comparison VARCHAR NOT NULL,
    gamma INTEGER NOT NULL,
    label VARCHAR NOT NULL,
    m DOUBLE,
    u DOUBLE,
    log2_bayes_factor DOUBLE NOT NULL
);
