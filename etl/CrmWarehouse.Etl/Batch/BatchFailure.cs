using System.Text.RegularExpressions;

namespace CrmWarehouse.Etl.Batch;

/// <summary>
/// The reason a batch failed, fit for logs and audit.batch. Database engines quote the offending value in their
/// errors (a customer's name, phone or ID number in a conversion or constraint error), so quoted literals in a
/// database error are blanked; the error class and position stay. Our own messages never carry row values.
/// </summary>
internal static partial class BatchFailure
{
    public static string Describe(Exception e)
    {
        if (e is AggregateException { InnerExceptions.Count: 1 } aggregate)
        {
            e = aggregate.InnerExceptions[0];
        }

        var message = ResourceAdvice.Explain(e) ?? (e is System.Data.Common.DbException ? QuotedLiteral().Replace(e.Message, "'…'") : e.Message);
        return $"{e.GetType().Name}: {message}";
    }

    [GeneratedRegex("'[^']*'|\"[^\"]*\"")]
    private static partial Regex QuotedLiteral();
}
