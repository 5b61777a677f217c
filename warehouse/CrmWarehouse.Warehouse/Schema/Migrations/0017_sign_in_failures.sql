-- Every sign-in that failed, through any door (issue 12): HTTP (Basic, Bearer token), the web UI's sign-in form, the
-- PostgreSQL wire (SCRAM). Written by the serving doors' audit writer beside audit.query_log; the auditor (and admin)
-- read it through their views. Never a password or a token's secret: a token is named by its public id.
CREATE TABLE audit.sign_in_failure (
    failed_at        TIMESTAMPTZ NOT NULL,
    door             VARCHAR NOT NULL,          -- http | web | pgwire
    user_name        VARCHAR,                   -- as given (cut to 64 characters; it may name no user); a token's owner; NULL for an unknown token
    client_address   VARCHAR,
    method           VARCHAR NOT NULL,          -- password | token | scram
    reason           VARCHAR NOT NULL           -- unknown user | wrong password | token … expired | revoked | unknown | throttled: …
);
