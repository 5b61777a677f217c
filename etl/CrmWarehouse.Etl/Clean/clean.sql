-- The cleaning rules as DuckDB macros: one definition of each, used by every source's cleaning SQL and by the
-- tests. A macro returns NULL when a value cannot be repaired; the caller then writes the row's raw value to
-- audit.rejects with the rule's name.
--
-- A repeatable script: the batch applies it when it migrates the warehouse, again whenever this text changes
-- (audit.schema_repeatable holds the checksum applied), so a rule is changed by editing it here, not by a new
-- numbered migration. Migrations 0005, 0007 and 0010 defined these before they moved here.
--
-- Performance notes (a scale-1 load spent ~11 s on 137k customer records before): translate() builds its
-- character map on every call, so the translations run only on strings that contain a character they change (a
-- precompiled regular expression decides); no macro is a scalar subquery (those run as correlated joins); a value
-- used several times is bound once through a one-element list_transform (DuckDB's way of writing "let").

CREATE SCHEMA IF NOT EXISTS clean;

-- Full-width ASCII (U+FF01–U+FF5E) to half-width, and the ideographic space (U+3000) to a space. A pure-ASCII
-- string (byte length = character length) cannot contain either.
CREATE OR REPLACE MACRO clean.halfwidth(s) AS
    CASE WHEN strlen(s) = length(s) OR NOT regexp_matches(s, '[\x{3000}\x{FF01}-\x{FF5E}]') THEN s
         ELSE translate(s, '！＂＃＄％＆＇（）＊＋，－．／０１２３４５６７８９：；＜＝＞？＠ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ［＼］＾＿｀ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ｛｜｝～　', '!"#$%&''()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\]^_`abcdefghijklmnopqrstuvwxyz{|}~ ') END;

-- Trimmed, inner whitespace collapsed, empty → NULL.
CREATE OR REPLACE MACRO clean.text(s) AS nullif(trim(regexp_replace(clean.halfwidth(s), '\s+', ' ', 'g')), '');

-- A person's name: Chinese names lose every space (stray spaces are dirt), other names keep single spaces.
CREATE OR REPLACE MACRO clean.person_name(s) AS
    CASE WHEN regexp_matches(clean.text(s), '[\x{4e00}-\x{9fff}]')
         THEN nullif(regexp_replace(clean.text(s), '\s', '', 'g'), '')
         ELSE clean.text(s) END;

-- Traditional characters in names (clients who typed on a Hong Kong or Taiwan keyboard, old records) to their
-- simplified forms, so that 陳偉 and 陈伟 compare equal when matching customers. The list covers the surnames and
-- given-name characters common in the bank's customer base (469 characters); others pass through unchanged. Names
-- without any of them, nearly all, skip the translation.
CREATE OR REPLACE MACRO clean.simplified(s) AS
    CASE WHEN NOT regexp_matches(s, '[劉陳張楊黃趙吳孫馬羅鄭謝許韓馮鄧蕭蔣葉蘇呂盧鍾譚陸賈韋鄒閆龍賀顧龔萬錢嚴湯於範偉華軍麗紅艷蘭鳳東國慶榮貴寶飛鵬濤輝剛傑寧順潔靜雲愛夢凱穎曉強進樂義禮興長發書學衛嵐歡銘鋒鋼銀橋瑩帥鴻倫騰鶴澤鈺瑋瓊駿鳴達遠運豐堅湧韻嬋嬌紹維繼紀純綺統經緒綠緣懷憲實寬賓將爾堯歲師廣莊應開彌歸錄憶驚態戰揚護報擁擇揮數齋無曠時顯暉樸機權極標樹樺歐畢氣匯漢瀝淺濟瀏潤淵溫灣滿濱瀟燦煒爍燁熱煥獻瑪環現璽瓏瑤電暢蓋碩禎離種稱穩竇競筆篤築簡綱納紋練繡纓職聯聰肅勝藝節蘆蒼薦藥萊蓮螢營藍觀規視覺譽計訂認訓記講論設證評識詩誠詢詳語請諸諾讀誼謀謙謹譜貞貢財責賢貨質貫費貽資賦賽贊贈贏躍車軒轉輪輕輔邊遷過還連適選遜遺郵鄰釋釗鉅欽鈞鐵鈴銳錦鍵鎮門閃聞閣陽陰陣際隨險隱難霧頁頂項須頌預領題顏風饒館馳駒驗驥魚魯鮑鳥麥齊區園圓團壇場壯聲處備復夾奮婦婭審宮對尋導層島峽鞏幣帳幹並廬庫廢異棄彈徹徵憂憐總戀懇懸慣願懶戲執擴掃擾撫搶擔擬揀掛摯擠損據擲攝擺搖撐斂鬥斷舊晝暫術雜條來棗櫃棟欄檔樑檢樓欖橫櫻毀溝沒瀘瀉灑漿澆渾塗渦澀漁滲濕潰滾滯灘潛滅燈靈災爐點煉爛煩燒燙爺牘犢狀猶狹獅獨獄獵豬貓璣瑣璦瓚]') THEN s
         ELSE translate(s,
    '劉陳張楊黃趙吳孫馬羅鄭謝許韓馮鄧蕭蔣葉蘇呂盧鍾譚陸賈韋鄒閆龍賀顧龔萬錢嚴湯於範偉華軍麗紅艷蘭鳳東國慶榮貴寶飛鵬濤輝剛傑寧順潔靜雲愛夢凱穎曉強進樂義禮興長發書學衛嵐歡銘鋒鋼銀橋瑩帥鴻倫騰鶴澤鈺瑋瓊駿鳴達遠運豐堅湧韻嬋嬌紹維繼紀純綺統經緒綠緣懷憲實寬賓將爾堯歲師廣莊應開彌歸錄憶驚態戰揚護報擁擇揮數齋無曠時顯暉樸機權極標樹樺歐畢氣匯漢瀝淺濟瀏潤淵溫灣滿濱瀟燦煒爍燁熱煥獻瑪環現璽瓏瑤電暢蓋碩禎離種稱穩竇競筆篤築簡綱納紋練繡纓職聯聰肅勝藝節蘆蒼薦藥萊蓮螢營藍觀規視覺譽計訂認訓記講論設證評識詩誠詢詳語請諸諾讀誼謀謙謹譜貞貢財責賢貨質貫費貽資賦賽贊贈贏躍車軒轉輪輕輔邊遷過還連適選遜遺郵鄰釋釗鉅欽鈞鐵鈴銳錦鍵鎮門閃聞閣陽陰陣際隨險隱難霧頁頂項須頌預領題顏風饒館馳駒驗驥魚魯鮑鳥麥齊區園圓團壇場壯聲處備復夾奮婦婭審宮對尋導層島峽鞏幣帳幹並廬庫廢異棄彈徹徵憂憐總戀懇懸慣願懶戲執擴掃擾撫搶擔擬揀掛摯擠損據擲攝擺搖撐斂鬥斷舊晝暫術雜條來棗櫃棟欄檔樑檢樓欖橫櫻毀溝沒瀘瀉灑漿澆渾塗渦澀漁滲濕潰滾滯灘潛滅燈靈災爐點煉爛煩燒燙爺牘犢狀猶狹獅獨獄獵豬貓璣瑣璦瓚',
    '刘陈张杨黄赵吴孙马罗郑谢许韩冯邓萧蒋叶苏吕卢钟谭陆贾韦邹闫龙贺顾龚万钱严汤于范伟华军丽红艳兰凤东国庆荣贵宝飞鹏涛辉刚杰宁顺洁静云爱梦凯颖晓强进乐义礼兴长发书学卫岚欢铭锋钢银桥莹帅鸿伦腾鹤泽钰玮琼骏鸣达远运丰坚涌韵婵娇绍维继纪纯绮统经绪绿缘怀宪实宽宾将尔尧岁师广庄应开弥归录忆惊态战扬护报拥择挥数斋无旷时显晖朴机权极标树桦欧毕气汇汉沥浅济浏润渊温湾满滨潇灿炜烁烨热焕献玛环现玺珑瑶电畅盖硕祯离种称稳窦竞笔笃筑简纲纳纹练绣缨职联聪肃胜艺节芦苍荐药莱莲萤营蓝观规视觉誉计订认训记讲论设证评识诗诚询详语请诸诺读谊谋谦谨谱贞贡财责贤货质贯费贻资赋赛赞赠赢跃车轩转轮轻辅边迁过还连适选逊遗邮邻释钊钜钦钧铁铃锐锦键镇门闪闻阁阳阴阵际随险隐难雾页顶项须颂预领题颜风饶馆驰驹验骥鱼鲁鲍鸟麦齐区园圆团坛场壮声处备复夹奋妇娅审宫对寻导层岛峡巩币帐干并庐库废异弃弹彻征忧怜总恋恳悬惯愿懒戏执扩扫扰抚抢担拟拣挂挚挤损据掷摄摆摇撑敛斗断旧昼暂术杂条来枣柜栋栏档梁检楼榄横樱毁沟没泸泻洒浆浇浑涂涡涩渔渗湿溃滚滞滩潜灭灯灵灾炉点炼烂烦烧烫爷牍犊状犹狭狮独狱猎猪猫玑琐瑷瓒') END;

-- Gender codes of the four systems (M/F, 1/2, 男/女) to M or F; anything else NULL.
CREATE OR REPLACE MACRO clean.gender(g) AS
    CASE upper(clean.text(g::VARCHAR))
        WHEN 'M' THEN 'M' WHEN 'MALE' THEN 'M' WHEN '男' THEN 'M' WHEN '1' THEN 'M'
        WHEN 'F' THEN 'F' WHEN 'FEMALE' THEN 'F' WHEN '女' THEN 'F' WHEN '2' THEN 'F'
    END;

-- A mainland mobile number as 11 digits: drops +86 / 0086 / 86, spaces and dashes; NULL unless 1[3-9]xxxxxxxxx.
CREATE OR REPLACE MACRO clean.phone(p) AS
    nullif(regexp_extract(regexp_replace(clean.halfwidth(p::VARCHAR), '[^0-9]', '', 'g'), '^(?:0086|86)?(1[3-9][0-9]{9})$', 1), '');

-- GB 11643 check character of the first 17 digits of a resident ID: Σ digit × weight mod 11 → '10X98765432'.
CREATE OR REPLACE MACRO clean.id_check_char(first17) AS
    substr('10X98765432', (list_dot_product(
        list_transform(string_split(first17, ''), d -> d::DOUBLE),
        [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]::DOUBLE[])::INTEGER % 11) + 1, 1);

-- An ID as written, without spaces, full-width digits made half-width, x made X.
CREATE OR REPLACE MACRO clean.id_raw(s) AS upper(regexp_replace(clean.halfwidth(s::VARCHAR), '\s', '', 'g'));

-- A resident ID as 18 characters: 15-digit legacy numbers are upgraded (century 19 inserted, check character
-- appended); NULL when the format, the birth date in it, or the check character is wrong.
CREATE OR REPLACE MACRO clean.id_number(s) AS list_transform(
    [list_transform([clean.id_raw(s)], raw ->
        CASE WHEN regexp_matches(raw, '^[0-9]{17}[0-9X]$') THEN raw
             WHEN regexp_matches(raw, '^[0-9]{15}$') THEN list_transform([substr(raw, 1, 6) || '19' || substr(raw, 7, 9)], f -> f || clean.id_check_char(f))[1]
        END)[1]],
    id -> CASE WHEN try_strptime(substr(id, 7, 8), '%Y%m%d') IS NOT NULL AND substr(id, 18, 1) = clean.id_check_char(substr(id, 1, 17)) THEN id END)[1];

-- Why an ID number was refused (for audit.rejects), or NULL when it is fine.
CREATE OR REPLACE MACRO clean.id_number_problem(s) AS list_transform([clean.id_raw(s)], raw ->
    CASE WHEN raw IS NULL OR raw = '' THEN 'missing'
         WHEN NOT regexp_matches(raw, '^([0-9]{15}|[0-9]{17}[0-9X])$') THEN 'format'
         WHEN clean.id_number(raw) IS NOT NULL THEN NULL
         WHEN length(raw) = 18 AND try_strptime(substr(raw, 7, 8), '%Y%m%d') IS NOT NULL THEN 'check_digit'
         ELSE 'birth_date' END)[1];

-- Birth date and gender carried inside an 18-character ID (17th digit odd = male).
CREATE OR REPLACE MACRO clean.id_birth_date(id18) AS try_strptime(substr(id18, 7, 8), '%Y%m%d')::DATE;
CREATE OR REPLACE MACRO clean.id_gender(id18) AS CASE WHEN substr(id18, 17, 1)::INTEGER % 2 = 1 THEN 'M' ELSE 'F' END;

-- Dates written the ways the sources write them; NULL when none fits. ISO dates (and DATE values) take the fast cast.
CREATE OR REPLACE MACRO clean.date_any(s) AS coalesce(TRY_CAST(s::VARCHAR AS DATE),
    try_strptime(clean.text(s::VARCHAR), ['%Y-%m-%d', '%Y%m%d', '%Y/%m/%d', '%Y.%m.%d', '%d/%m/%Y', '%Y年%m月%d日'])::DATE);

-- Amounts kept in fen (integer hundredths) to yuan.
CREATE OR REPLACE MACRO clean.fen_to_yuan(fen) AS (fen::DECIMAL(20, 0) / 100)::DECIMAL(18, 2);
