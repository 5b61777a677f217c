-- The security model (issue 12): how personal data is masked, and the audit of every query through every door.

-- One definition of each mask, used by the role views that the serving doors generate (config/roles.json says which
-- column gets which). Each keeps what an analyst needs to tell records apart and nothing that identifies a person.
CREATE SCHEMA IF NOT EXISTS mask;

-- 张三丰 → 张*: the surname only; one star whatever the length, so the length does not narrow it down.
CREATE MACRO mask.name(s) AS CASE WHEN s IS NULL OR length(s) = 0 THEN s ELSE left(s, 1) || '*' END;

-- 110101199003074578 → 110101********4578: the region of issue and the last four, as banks print them.
CREATE MACRO mask.id_number(s) AS
    CASE WHEN s IS NULL THEN NULL WHEN length(s) <= 10 THEN repeat('*', length(s))
         ELSE left(s, 6) || repeat('*', length(s) - 10) || right(s, 4) END;

-- 13812341234 → 138****1234: the carrier prefix and the last four.
CREATE MACRO mask.phone(s) AS
    CASE WHEN s IS NULL THEN NULL WHEN length(s) <= 7 THEN repeat('*', length(s))
         ELSE left(s, 3) || repeat('*', length(s) - 7) || right(s, 4) END;

-- 6222020212345678 → ************5678: the last four, as on a receipt.
CREATE MACRO mask.account_number(s) AS
    CASE WHEN s IS NULL THEN NULL WHEN length(s) <= 4 THEN repeat('*', length(s))
         ELSE repeat('*', length(s) - 4) || right(s, 4) END;

-- Every query through any door (HTTP, PostgreSQL wire), answered or not. Written in batches off the request path
-- (the serving doors' QueryAudit); never holds a result value. Parameters are hashed: a value bound to a query can be
-- personal (a customer's name) while the audit only needs to tell whether two queries were asked with the same ones.
CREATE TABLE audit.query_log (
    logged_at        TIMESTAMPTZ NOT NULL,      -- when the query arrived
    user_name        VARCHAR NOT NULL,
    role             VARCHAR NOT NULL,
    door             VARCHAR NOT NULL,          -- http | pgwire
    client_address   VARCHAR,
    sql_text         VARCHAR,                   -- the SQL as sent (cube and mining calls: what was asked, e.g. the route)
    parameters_hash  VARCHAR,                   -- SHA-256 of the bound values, hex; NULL without parameters
    relations        VARCHAR[],                 -- the tables and views the query named
    rows_returned    BIGINT,
    duration_ms      DOUBLE,
    outcome          VARCHAR NOT NULL,          -- ok | refused | error | timeout
    reason           VARCHAR                    -- why it was refused or failed (no result values)
);
