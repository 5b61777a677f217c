
namespace CrmWarehouse.Bank.Generate;

/// <summary>Damages a customer record the way operational systems do, each kind at its configured rate.</summary>
internal static class RecordDirtier
{
    public static void Apply(CustomerRecord record, DirtRates rates, Random random, bool duplicate)
    {
        var company = record.GivenName.Length == 0;
        // A duplicate record was usually keyed in again by hand, so typos are far more likely on it.
        if (random.Chance(duplicate ? 0.4 : rates.NameTypo))
        {
            record.GivenName = company ? record.GivenName : TextDirt.Typo(record.GivenName, random);
            record.Name = record.Surname + record.GivenName;
            record.Dirt.Add("name_typo");
        }
        if (!company && random.Chance(rates.SwappedNameOrder))
        {
            (record.Surname, record.GivenName) = (record.GivenName, record.Surname);
            record.Name = record.Surname + record.GivenName;
            record.Dirt.Add("swapped_name_order");
        }
        if (record.System == SourceSystem.Wealth && random.Chance(rates.TraditionalName))
        {
            record.Name = TextDirt.ToTraditional(record.Name);
            record.Dirt.Add("traditional_characters");
        }
        if (random.Chance(rates.MissingPhone))
        {
            record.Phone = null;
            record.Dirt.Add("missing_phone");
        }
        if (random.Chance(rates.MissingBirthDate))
        {
            record.BirthDate = null;
            record.Dirt.Add("missing_birth_date");
        }
        if (record.IdNumber is { } id && random.Chance(rates.InvalidIdCheckDigit))
        {
            record.IdNumber = ResidentId.WithWrongCheckDigit(id);
            record.Dirt.Add("invalid_id_check_digit");
        }
        else if (record.IdNumber is { } id18 && record.System is SourceSystem.Wealth or SourceSystem.Legacy && random.Chance(rates.LegacyIdNumber))
        {
            record.IdNumber = ResidentId.ToLegacy(id18);
            record.Dirt.Add("legacy_15_digit_id");
        }
        if (random.Chance(rates.FullWidthOrWhitespace))
        {
            if (random.Chance(0.5))
            {
                record.Name = TextDirt.StrayWhitespace(record.Name, random);
                record.Surname = " " + record.Surname;
                record.Dirt.Add("stray_whitespace");
            }
            else
            {
                record.IdNumber = record.IdNumber is null ? null : TextDirt.ToFullWidth(record.IdNumber);
                record.Phone = record.Phone is null ? null : TextDirt.ToFullWidth(record.Phone);
                record.Dirt.Add("full_width_characters");
            }
        }
        if (random.Chance(rates.UnknownCode))
        {
            record.Gender = '?';
            record.Dirt.Add("unknown_code");
        }
    }
}
