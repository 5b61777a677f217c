-- The CRM's contacts, campaign offers and responses, complaints and satisfaction surveys into dw.fact_interaction,
-- each against the golden customer of its client (unknown client: customer 0, noted). A re-sent row replaces its
-- earlier copy when it differs. A row without a usable date is rejected.
CREATE OR REPLACE TEMP TABLE interaction_raw AS
SELECT 'contacts' AS source_table, source_key, 'contact:' || source_key AS interaction_id, clean.text(client_id) AS client_id,
       TRY_CAST(contact_time AS TIMESTAMP)::DATE AS day, contact_time::VARCHAR AS raw_day, 'contact' AS kind,
       clean.text(channel) AS channel_name, NULL AS campaign, NULL AS product_code,
       clean.text(purpose) || ' / ' || clean.text(outcome) AS outcome, NULL::TINYINT AS satisfaction
FROM staging.wealth_contacts
UNION ALL
SELECT 'campaign_responses', r.source_key, 'campaign:' || r.source_key, clean.text(r.client_id),
       clean.date_any(r.offered_at::VARCHAR), r.offered_at::VARCHAR, 'campaign', NULL, clean.text(c.campaign_name), clean.text(c.product_code),
       CASE WHEN TRY_CAST(r.responded AS INTEGER) = 1 THEN 'responded' ELSE 'no response' END, NULL
FROM staging.wealth_campaign_responses r
LEFT JOIN staging.wealth_campaigns c ON c.campaign_id::VARCHAR = r.campaign_id::VARCHAR
UNION ALL
SELECT 'complaints', source_key, 'complaint:' || source_key, clean.text(client_id),
       clean.date_any(complaint_date::VARCHAR), complaint_date::VARCHAR, 'complaint', NULL, NULL, NULL,
       clean.text(category) || CASE WHEN TRY_CAST(resolved AS INTEGER) = 1 THEN ' / resolved' ELSE ' / open' END, NULL
FROM staging.wealth_complaints
UNION ALL
SELECT 'surveys', source_key, 'survey:' || source_key, clean.text(client_id),
       clean.date_any(survey_date::VARCHAR), survey_date::VARCHAR, 'survey', NULL, NULL, NULL, NULL,
       CASE WHEN TRY_CAST(score AS INTEGER) BETWEEN 1 AND 5 THEN TRY_CAST(score AS TINYINT) END
FROM staging.wealth_surveys;

CREATE OR REPLACE TEMP TABLE interaction_checked AS
SELECT i.*, coalesce(g.golden_id, 0) AS customer_id, coalesce(p.product_key, 0) AS product_key,
       coalesce(ch.channel_key, 0) AS channel_key,
       CASE WHEN i.day IS NULL THEN 'date_unparseable' WHEN i.day > $as_of THEN 'date_in_future' END AS reject_rule
FROM interaction_raw i
LEFT JOIN match.golden_ids g ON g.record_id = 'wealth:' || i.client_id
LEFT JOIN dw.dim_product p ON p.code = i.product_code
LEFT JOIN dw.dim_channel ch ON ch.name = i.channel_name;

INSERT INTO audit.rejects (batch_id, source, table_name, source_key, rule, column_name, raw_value, action)
SELECT $batch, 'wealth', source_table, source_key, reject_rule, 'date', raw_day, 'rejected' FROM interaction_checked WHERE reject_rule IS NOT NULL
UNION ALL
SELECT $batch, 'wealth', source_table, source_key, 'client_unknown', 'client_id', client_id, 'repaired'
FROM interaction_checked WHERE reject_rule IS NULL AND customer_id = 0;

-- Tonight's rows as they should be; only those that are new or differ from what the warehouse holds are written, so
-- a full re-send of an unchanged table (campaign responses have no change column) writes nothing and touches no month.
CREATE OR REPLACE TEMP TABLE interaction_new AS
SELECT i.interaction_id, strftime(i.day, '%Y%m%d')::INTEGER AS date_key, coalesce(c.customer_key, 0) AS customer_key, i.customer_id,
       i.channel_key, 0 AS branch_key, i.kind, i.campaign, i.product_key, i.outcome, i.satisfaction
FROM interaction_checked i
LEFT JOIN customer_version c ON c.customer_id = i.customer_id
     AND i.day::TIMESTAMP >= c.valid_from AND i.day::TIMESTAMP < c.valid_to
WHERE i.reject_rule IS NULL;

DELETE FROM dw.fact_interaction f
WHERE f.interaction_id IN (SELECT interaction_id FROM interaction_checked)
  AND NOT EXISTS (SELECT 1 FROM interaction_new n WHERE n.interaction_id = f.interaction_id
                  AND (n.date_key, n.customer_key, n.customer_id, n.channel_key, n.branch_key, n.kind, n.campaign, n.product_key, n.outcome, n.satisfaction)
                      IS NOT DISTINCT FROM (f.date_key, f.customer_key, f.customer_id, f.channel_key, f.branch_key, f.kind, f.campaign, f.product_key, f.outcome, f.satisfaction));

INSERT INTO dw.fact_interaction (interaction_id, date_key, customer_key, customer_id, channel_key, branch_key, kind, campaign,
                                 product_key, outcome, satisfaction, batch_id)
SELECT n.*, $batch FROM interaction_new n ANTI JOIN dw.fact_interaction f ON f.interaction_id = n.interaction_id;

INSERT INTO stage_accounting
SELECT 'wealth', source_table, count(*) FILTER (reject_rule IS NULL), count(*) FILTER (reject_rule IS NOT NULL), 0
FROM interaction_checked GROUP BY ALL;
-- Campaigns are the lookup the responses are named from.
INSERT INTO stage_accounting SELECT 'wealth', 'campaigns', count(*), 0, 0 FROM staging.wealth_campaigns;
