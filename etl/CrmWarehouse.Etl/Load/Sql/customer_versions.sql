-- Customer versions with plain TIMESTAMP bounds, for the facts' "version valid at the event" joins: comparing
-- against the TIMESTAMPTZ columns would convert every fact row's time through the time-zone calendar. Taken after
-- tonight's customers are loaded.
CREATE OR REPLACE TEMP TABLE customer_version AS
SELECT customer_id, customer_key, valid_from::TIMESTAMP AS valid_from, valid_to::TIMESTAMP AS valid_to
FROM dw.dim_customer WHERE customer_key <> 0;
