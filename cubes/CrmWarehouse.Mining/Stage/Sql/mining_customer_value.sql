-- One row per customer: the scores of every step, the value tier, and the RFM migration from the previous scored date.
-- Value tier by profit rank over the value window: high = the top 20%, medium = the next 30%, low = the rest with
-- profit ≥ 0, loss-making = profit < 0.
INSERT INTO mart.customer_value
SELECT $as_of, c.customer_id, c.customer_key,
       r.recency_days, coalesce(r.frequency, 0), coalesce(r.monetary, 0), s.r, s.f, s.m,
       coalesce(s.segment, 'Inactive'),
       c.tenure_months, l.products_held, l.repeat_rate, l.persistence, l.adoption_rate, l.complaints, l.satisfaction, l.loyalty_index,
       l.mobile_share, coalesce(bd.balance, 0), coalesce(bl.balance, 0),
       p.revenue, p.cost, p.profit, coalesce(p.revenue_share, 0), coalesce(p.profit_share, 0), p.pareto_rank, coalesce(p.pareto_cum_share, 0),
       v.expected_volume * coalesce(p.profit / nullif(r.monetary, 0), 0), v.p_alive, v.expected_transactions,
       h.risk, coalesce(h.band, 'unscored'),
       CASE WHEN p.profit < 0 THEN 'loss-making'
            WHEN p.pareto_rank <= ceil(0.2 * count(*) OVER ()) THEN 'high'
            WHEN p.pareto_rank <= ceil(0.5 * count(*) OVER ()) THEN 'medium'
            ELSE 'low' END,
       g.segment_id
FROM m_customer c
JOIN m_loyalty l USING (customer_id)
JOIN m_profit p USING (customer_id)
LEFT JOIN m_rfm_input r USING (customer_id)
LEFT JOIN mart.work_rfm s USING (customer_id)
LEFT JOIN mart.work_clv v USING (customer_id)
LEFT JOIN mart.work_churn h USING (customer_id)
LEFT JOIN mart.work_segments g USING (customer_id)
LEFT JOIN m_balance_customer bd ON bd.customer_id = c.customer_id AND bd.month = date_trunc('month', $as_of)
LEFT JOIN (SELECT customer_id, month, sum(balance) AS balance FROM mart.work_balance WHERE category = 'loan' GROUP BY ALL) bl
       ON bl.customer_id = c.customer_id AND bl.month = date_trunc('month', $as_of);

INSERT INTO mart.rfm_migration
WITH previous AS (SELECT max(as_of) AS as_of FROM mart.customer_value WHERE as_of < $as_of)
SELECT $as_of, (SELECT as_of FROM previous), coalesce(b.rfm_segment, '(new)'), a.rfm_segment, count(*)
FROM mart.customer_value a
LEFT JOIN mart.customer_value b ON b.customer_id = a.customer_id AND b.as_of = (SELECT as_of FROM previous)
WHERE a.as_of = $as_of AND (SELECT as_of FROM previous) IS NOT NULL
GROUP BY ALL;
