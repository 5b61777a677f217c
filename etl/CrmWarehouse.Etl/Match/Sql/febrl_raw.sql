-- FEBRL records as the files give them (text, empty = NULL), before the matcher's view of them.
CREATE OR REPLACE TEMP TABLE febrl_raw (
    record_id VARCHAR NOT NULL,
    source VARCHAR NOT NULL,
    given_name VARCHAR,
    surname VARCHAR,
    street_number VARCHAR,
    address_1 VARCHAR,
    address_2 VARCHAR,
    suburb VARCHAR,
    postcode VARCHAR,
    state VARCHAR,
    date_of_birth VARCHAR,
    soc_sec_id VARCHAR
);
