-- The PRC public-holiday calendar and dw.dim_date.
-- Lunar festivals fall on different Gregorian dates each year; their dates for 2015–2030 are listed here.
-- Holidays follow the statutory pattern (Spring Festival eve to the 6th day, Labour Day 1–5 May,
-- National Day 1–7 October, one day for New Year, Qingming, Dragon Boat and Mid-Autumn); the State
-- Council's yearly bridge days and make-up working days are not modelled.

CREATE TABLE ref.lunar_festival (year SMALLINT, spring_festival DATE, qingming DATE, dragon_boat DATE, mid_autumn DATE);
INSERT INTO ref.lunar_festival VALUES
    (2015, '2015-02-19', '2015-04-05', '2015-06-20', '2015-09-27'),
    (2016, '2016-02-08', '2016-04-04', '2016-06-09', '2016-09-15'),
    (2017, '2017-01-28', '2017-04-04', '2017-05-30', '2017-10-04'),
    (2018, '2018-02-16', '2018-04-05', '2018-06-18', '2018-09-24'),
    (2019, '2019-02-05', '2019-04-05', '2019-06-07', '2019-09-13'),
    (2020, '2020-01-25', '2020-04-04', '2020-06-25', '2020-10-01'),
    (2021, '2021-02-12', '2021-04-04', '2021-06-14', '2021-09-21'),
    (2022, '2022-02-01', '2022-04-05', '2022-06-03', '2022-09-10'),
    (2023, '2023-01-22', '2023-04-05', '2023-06-22', '2023-09-29'),
    (2024, '2024-02-10', '2024-04-04', '2024-06-10', '2024-09-17'),
    (2025, '2025-01-29', '2025-04-04', '2025-05-31', '2025-10-06'),
    (2026, '2026-02-17', '2026-04-05', '2026-06-19', '2026-09-25'),
    (2027, '2027-02-06', '2027-04-05', '2027-06-09', '2027-09-15'),
    (2028, '2028-01-26', '2028-04-04', '2028-05-28', '2028-10-03'),
    (2029, '2029-02-13', '2029-04-04', '2029-06-16', '2029-09-22'),
    (2030, '2030-02-03', '2030-04-05', '2030-06-05', '2030-09-12');

CREATE TABLE ref.prc_holiday AS
WITH years AS (SELECT range::SMALLINT AS year FROM range(2015, 2031))
SELECT make_date(year, 1, 1) AS date, '元旦 New Year' AS name FROM years
UNION ALL SELECT make_date(year, 5, d), '劳动节 Labour Day' FROM years, range(1, 6) r(d)
UNION ALL SELECT make_date(year, 10, d), '国庆节 National Day' FROM years, range(1, 8) r(d)
UNION ALL SELECT (spring_festival + INTERVAL (d) DAY)::DATE, '春节 Spring Festival' FROM ref.lunar_festival, range(-1, 6) r(d)
UNION ALL SELECT qingming, '清明节 Qingming' FROM ref.lunar_festival
UNION ALL SELECT dragon_boat, '端午节 Dragon Boat' FROM ref.lunar_festival
UNION ALL SELECT mid_autumn, '中秋节 Mid-Autumn' FROM ref.lunar_festival;

INSERT INTO dw.dim_date
SELECT
    (year(d) * 10000 + month(d) * 100 + day(d))::INTEGER,
    d,
    year(d),
    quarter(d),
    month(d),
    monthname(d),
    weekofyear(d),
    isodow(d),
    isodow(d) >= 6,
    h.date IS NOT NULL,
    h.name,
    d = last_day(d)
FROM (SELECT range::DATE AS d FROM range(DATE '2015-01-01', DATE '2036-01-01', INTERVAL 1 DAY)) days
LEFT JOIN (SELECT date, string_agg(name, ' / ' ORDER BY name) AS name FROM ref.prc_holiday GROUP BY date) h ON h.date = d;
