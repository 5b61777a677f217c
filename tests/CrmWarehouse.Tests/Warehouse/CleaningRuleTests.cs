using CrmWarehouse.Tests.DuckDb;
using DuckDB.NET.Data;

namespace CrmWarehouse.Tests.Warehouse;

/// <summary>The cleaning rules (etl/…/Clean/clean.sql), each on the dirt the sources really hold.</summary>
public sealed class CleaningRuleTests
{
    private DuckDBConnection _connection = null!;

    [OneTimeSetUp]
    public void Migrate() => _connection = SchemaTests.Migrated();

    [OneTimeTearDown]
    public void Close() => _connection.Dispose();

    private object? Eval(string expression, object? value) => _connection.Scalar($"SELECT {expression}", value) switch
    {
        DBNull => null,
        var v => v,
    };

    [TestCase("11010519491231002X", "11010519491231002X")]
    [TestCase("11010519491231002x", "11010519491231002X")]
    [TestCase("440524188001010014", "440524188001010014")]
    [TestCase("１１０１０５１９４９１２３１００２Ｘ", "11010519491231002X")]
    [TestCase(" 110105 19491231002X ", "11010519491231002X")]
    [TestCase("110105491231002", "11010519491231002X")]
    [TestCase("110105194912310021", null)]
    [TestCase("110105194913310026", null)]
    [TestCase("11010519491231", null)]
    [TestCase("", null)]
    public void Resident_id_is_validated_and_legacy_ids_upgraded(string raw, string? expected) =>
        Assert.That(Eval("clean.id_number($1)", raw), Is.EqualTo(expected));

    [TestCase("110105194912310021", "check_digit")]
    [TestCase("110105194913310026", "birth_date")]
    [TestCase("1101051949", "format")]
    [TestCase("", "missing")]
    [TestCase("11010519491231002X", null)]
    public void Refused_id_says_why(string raw, string? problem) =>
        Assert.That(Eval("clean.id_number_problem($1)", raw), Is.EqualTo(problem));

    [Test]
    public void Birth_date_and_gender_come_out_of_the_id()
    {
        Assert.That(Eval("clean.id_birth_date($1)", "11010519491231002X"), Is.EqualTo(new DateOnly(1949, 12, 31)));
        Assert.That(Eval("clean.id_gender($1)", "11010519491231002X"), Is.EqualTo("F"));
        Assert.That(Eval("clean.id_gender($1)", "440524188001010014"), Is.EqualTo("M"));
    }

    [TestCase("+86 138-1234-5678", "13812345678")]
    [TestCase("138 1234 5678", "13812345678")]
    [TestCase("008613812345678", "13812345678")]
    [TestCase("8613812345678", "13812345678")]
    [TestCase("１３８１２３４５６７８", "13812345678")]
    [TestCase("12812345678", null)]
    [TestCase("1381234567", null)]
    [TestCase("0731-84123456", null)]
    public void Phones_become_eleven_digits(string raw, string? expected) =>
        Assert.That(Eval("clean.phone($1)", raw), Is.EqualTo(expected));

    [TestCase("M", "M")]
    [TestCase("f", "F")]
    [TestCase("男", "M")]
    [TestCase(" 女 ", "F")]
    [TestCase("1", "M")]
    [TestCase("2", "F")]
    [TestCase("X", null)]
    public void Gender_codes_unify(string raw, string? expected) =>
        Assert.That(Eval("clean.gender($1)", raw), Is.EqualTo(expected));

    [TestCase("张 三", "张三")]
    [TestCase("  欧阳　娜娜 ", "欧阳娜娜")]
    [TestCase("ＬＩ  Ｍｉｎｇ", "LI Ming")]
    [TestCase("   ", null)]
    public void Names_lose_stray_and_full_width_spaces(string raw, string? expected) =>
        Assert.That(Eval("clean.person_name($1)", raw), Is.EqualTo(expected));

    [TestCase("陳偉", "陈伟")]
    [TestCase("劉麗華", "刘丽华")]
    [TestCase("歐陽鋒", "欧阳锋")]
    [TestCase("张三", "张三")]
    public void Traditional_characters_become_simplified(string raw, string expected) =>
        Assert.That(Eval("clean.simplified($1)", raw), Is.EqualTo(expected));

    [TestCase("2024/2/1", 2024, 2, 1)]
    [TestCase("2024年2月1日", 2024, 2, 1)]
    [TestCase("01/02/2024", 2024, 2, 1)]
    public void Unpadded_and_day_first_dates_parse(string raw, int year, int month, int day) =>
        Assert.That(Eval("clean.date_any($1)", raw), Is.EqualTo(new DateOnly(year, month, day)));

    [TestCase("2024-02-10")]
    [TestCase("20240210")]
    [TestCase("2024/02/10")]
    [TestCase("2024.02.10")]
    [TestCase("10/02/2024")]
    [TestCase("2024年02月10日")]
    public void Dates_in_every_source_format_parse(string raw) =>
        Assert.That(Eval("clean.date_any($1)", raw), Is.EqualTo(new DateOnly(2024, 2, 10)));

    [Test]
    public void Unparseable_date_is_null_and_fen_become_yuan()
    {
        Assert.That(Eval("clean.date_any($1)", "2024-13-45"), Is.Null);
        Assert.That(Eval("clean.fen_to_yuan($1)", 123456L), Is.EqualTo(1234.56m));
    }
}
