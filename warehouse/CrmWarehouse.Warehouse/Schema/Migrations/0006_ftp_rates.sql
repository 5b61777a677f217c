-- Funds-transfer-pricing rates by product and month: profitability prices each month's balances at that
-- month's rate (dim_product.ftp_rate holds only the latest).
CREATE TABLE dw.ftp_rate_month (
    product_key  INTEGER NOT NULL,
    month        DATE NOT NULL,      -- first day of the month
    ftp_rate     DECIMAL(9,6) NOT NULL,
    batch_id     BIGINT NOT NULL,
    PRIMARY KEY (product_key, month)
);
