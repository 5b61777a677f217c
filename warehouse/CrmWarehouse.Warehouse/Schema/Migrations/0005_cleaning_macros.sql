-- Cleaning rules as DuckDB macros: one definition of each rule, used by every source's cleaning SQL
-- and by the tests. A macro returns NULL when a value cannot be repaired; the caller then writes the row's
-- raw value to audit.rejects with the rule's name.
CREATE SCHEMA IF NOT EXISTS clean;

-- Full-width ASCII (U+FF01–U+FF5E) to half-width, and the ideographic space (U+3000) to a space.
CREATE MACRO clean.halfwidth(s) AS translate(s, '！＂＃＄％＆＇（）＊＋，－．／０１２３４５６７８９：；＜＝＞？＠ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ［＼］＾＿｀ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ｛｜｝～　', '!"#$%&''()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\]^_`abcdefghijklmnopqrstuvwxyz{|}~ ');

-- Trimmed, inner whitespace collapsed, empty → NULL.
CREATE MACRO clean.text(s) AS nullif(trim(regexp_replace(clean.halfwidth(s), '\s+', ' ', 'g')), '');

-- A person's name: Chinese names lose every space (stray spaces are dirt), other names keep single spaces.
CREATE MACRO clean.person_name(s) AS
    CASE WHEN regexp_matches(clean.text(s), '[\x{4e00}-\x{9fff}]')
         THEN nullif(regexp_replace(clean.text(s), '\s', '', 'g'), '')
         ELSE clean.text(s) END;

-- Gender codes of the four systems (M/F, 1/2, 男/女) to M or F; anything else NULL.
CREATE MACRO clean.gender(g) AS
    CASE upper(clean.text(g::VARCHAR))
        WHEN 'M' THEN 'M' WHEN 'MALE' THEN 'M' WHEN '男' THEN 'M' WHEN '1' THEN 'M'
        WHEN 'F' THEN 'F' WHEN 'FEMALE' THEN 'F' WHEN '女' THEN 'F' WHEN '2' THEN 'F'
    END;

-- A mainland mobile number as 11 digits: drops +86 / 0086 / 86, spaces and dashes; NULL unless 1[3-9]xxxxxxxxx.
CREATE MACRO clean.phone(p) AS (
    WITH digits AS (SELECT regexp_replace(clean.halfwidth(p::VARCHAR), '[^0-9]', '', 'g') AS d)
    SELECT CASE
        WHEN regexp_matches(d, '^(0086|86)?1[3-9][0-9]{9}$') THEN right(d, 11)
    END FROM digits);

-- GB 11643 check character of the first 17 digits of a resident ID: Σ digit × weight mod 11 → '10X98765432'.
CREATE MACRO clean.id_check_char(first17) AS
    substr('10X98765432',
        (list_sum(list_transform(range(17),
            i -> (substr(first17, i + 1, 1)::INTEGER) * [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2][i + 1])) % 11)::INTEGER + 1,
        1);

-- A resident ID as 18 characters: 15-digit legacy numbers are upgraded (century 19 inserted, check character
-- appended); NULL when the format, the birth date in it, or the check character is wrong.
CREATE MACRO clean.id_number(s) AS (
    WITH v AS (SELECT upper(regexp_replace(clean.halfwidth(s::VARCHAR), '\s', '', 'g')) AS raw),
         u AS (SELECT CASE
                 WHEN regexp_matches(raw, '^[0-9]{15}$') THEN substr(raw, 1, 6) || '19' || substr(raw, 7, 9)
                    || clean.id_check_char(substr(raw, 1, 6) || '19' || substr(raw, 7, 9))
                 WHEN regexp_matches(raw, '^[0-9]{17}[0-9X]$') THEN raw
               END AS id FROM v)
    SELECT CASE
        WHEN id IS NOT NULL
         AND try_strptime(substr(id, 7, 8), '%Y%m%d') IS NOT NULL
         AND substr(id, 18, 1) = clean.id_check_char(substr(id, 1, 17))
        THEN id
    END FROM u);

-- Why an ID number was refused (for audit.rejects), or NULL when it is fine.
CREATE MACRO clean.id_number_problem(s) AS (
    WITH v AS (SELECT upper(regexp_replace(clean.halfwidth(s::VARCHAR), '\s', '', 'g')) AS raw)
    SELECT CASE
        WHEN raw IS NULL OR raw = '' THEN 'missing'
        WHEN NOT regexp_matches(raw, '^([0-9]{15}|[0-9]{17}[0-9X])$') THEN 'format'
        WHEN clean.id_number(raw) IS NULL AND length(raw) = 18
             AND try_strptime(substr(raw, 7, 8), '%Y%m%d') IS NOT NULL THEN 'check_digit'
        WHEN clean.id_number(raw) IS NULL THEN 'birth_date'
    END FROM v);

-- Birth date and gender carried inside an 18-character ID (17th digit odd = male).
CREATE MACRO clean.id_birth_date(id18) AS try_strptime(substr(id18, 7, 8), '%Y%m%d')::DATE;
CREATE MACRO clean.id_gender(id18) AS CASE WHEN substr(id18, 17, 1)::INTEGER % 2 = 1 THEN 'M' ELSE 'F' END;

-- Dates written the ways the sources write them; NULL when none fits.
CREATE MACRO clean.date_any(s) AS
    try_strptime(clean.text(s::VARCHAR), ['%Y-%m-%d', '%Y%m%d', '%Y/%m/%d', '%Y.%m.%d', '%d/%m/%Y', '%Y年%m月%d日'])::DATE;

-- Amounts kept in fen (integer hundredths) to yuan.
CREATE MACRO clean.fen_to_yuan(fen) AS (fen::DECIMAL(20, 0) / 100)::DECIMAL(18, 2);
