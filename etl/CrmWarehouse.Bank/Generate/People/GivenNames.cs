using Bogus;

namespace CrmWarehouse.Bank.Generate;

/// <summary>
/// Given names that fit the person's gender. Bogus' zh_CN locale has one unisex list of given names, so names are
/// composed from characters common in men's or women's names instead (one or two characters, as in real registers).
/// </summary>
internal static class GivenNames
{
    private const string Male = "伟强磊军勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆帅旭宁龙林洋峰建国志文博轩宏毅晨睿哲翔";
    private const string Female = "芳娜敏静丽艳娟霞秀玲桂英红梅琳雪婷颖倩慧琴燕萍洁岚欣怡蕾嘉璐晶莉月莹佳悦涵萱雅";

    public static string Draw(Faker faker, char gender)
    {
        var pool = gender == 'M' ? Male : Female;
        var first = pool[faker.Random.Int(0, pool.Length - 1)];
        return faker.Random.Bool(0.3f) ? first.ToString() : string.Concat(first, pool[faker.Random.Int(0, pool.Length - 1)]);
    }
}
