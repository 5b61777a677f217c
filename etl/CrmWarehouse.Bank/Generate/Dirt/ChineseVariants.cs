namespace CrmWarehouse.Bank.Generate;

/// <summary>Character substitutions that real customer files are full of.</summary>
internal static class ChineseVariants
{
    /// <summary>Homophones and look-alikes a clerk types instead of the right character.</summary>
    public static IReadOnlyDictionary<char, char> Confusions { get; } = Pairs(
        "伟玮明铭丽莉静婧敏民杰洁华桦军君芳方娟鹃勇永磊垒强蔷艳燕涛滔超潮霞侠平萍刚钢秀绣英瑛辉晖建健文雯红宏玲琳斌彬鹏朋浩皓宇羽鑫欣婷亭"
        + "王玉未末己已日曰天夭大太人入土士田由陈阵张涨杨扬李季徐徕晨辰梅海兰岚峰锋波坡林琳飞菲云芸凤风");

    /// <summary>Simplified → traditional forms, as names typed on a Hong Kong/Taiwan keyboard appear.</summary>
    public static IReadOnlyDictionary<char, char> Traditional { get; } = Pairs(
        "刘劉陈陳张張杨楊黄黃赵趙吴吳孙孫马馬罗羅郑鄭谢謝许許韩韓冯馮邓鄧萧蕭于於蒋蔣叶葉苏蘇吕呂卢盧钟鍾谭譚陆陸范範贾賈韦韋邹鄒闫閆"
        + "龙龍贺賀顾顧龚龔万萬钱錢严嚴汤湯伟偉华華军軍丽麗红紅艳艷兰蘭凤鳳东東国國庆慶荣榮贵貴宝寶飞飛鹏鵬涛濤辉輝刚剛杰傑宁寧顺順洁潔"
        + "静靜云雲爱愛梦夢凯凱颖穎晓曉强強进進乐樂义義礼禮兴興长長发發书書学學卫衛岚嵐欢歡铭銘锋鋒钢鋼银銀桥橋");

    private static Dictionary<char, char> Pairs(string pairs)
    {
        var map = new Dictionary<char, char>();
        for (var i = 0; i + 1 < pairs.Length; i += 2)
        {
            map.TryAdd(pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
