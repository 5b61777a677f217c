using System.Globalization;
using ClosedXML.Excel;
using CrmWarehouse.Cubes.Query;
using Microsoft.AspNetCore.Http;

namespace CrmWarehouse.Serving.Http;

/// <summary>
/// An answer as an Excel workbook (<c>?format=xlsx</c>, ClosedXML): one sheet, a header row (units named as in CSV),
/// numbers as numbers with the measure's format, text as text. A workbook is built whole before it is sent, so it
/// holds at most the answer's row and byte caps. Text that Excel would read as a formula is stored as text starting
/// with an apostrophe, as the CSV writer does; ClosedXML writes values as values, never formulas, besides.
/// </summary>
internal static class XlsxWriter
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static async Task<long> WriteAsync(HttpResponse response, ResultAnswer answer, bool[] numeric, Func<string?, string> neutralised, CancellationToken cancellationToken)
    {
        using var workbook = new XLWorkbook();
        var sheet = workbook.AddWorksheet(answer.FileName.Length is > 0 and <= 31 ? answer.FileName : "answer");
        var described = answer.Columns.Select(c => answer.Described?.FirstOrDefault(d => d.Name == c.Name)).ToList();
        for (var i = 0; i < answer.Columns.Count; i++)
        {
            var cell = sheet.Cell(1, i + 1);
            cell.SetValue(described[i] is { } about ? AnswerFormat.Header(about) : answer.Columns[i].Name);
            cell.Style.Font.Bold = true;
        }

        long rows = 0, bytes = 0;
        foreach (var row in answer.Rows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            bytes += row.Sum(v => (long)(v?.Length ?? 0) + 8);
            if (rows == answer.MaxRows || bytes > answer.MaxBytes)
            {
                break;
            }

            for (var i = 0; i < row.Length; i++)
            {
                var cell = sheet.Cell((int)rows + 2, i + 1);
                if (row[i] is null)
                {
                    continue;
                }

                if (numeric[i] && double.TryParse(row[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
                {
                    cell.SetValue(number);
                    if (described[i] is { Format: { } format })
                    {
                        cell.Style.NumberFormat.Format = format;
                    }
                }
                else
                {
                    cell.SetValue(neutralised(row[i]));
                }
            }

            rows++;
        }

        sheet.SheetView.FreezeRows(1);
        using var buffer = new MemoryStream();
        workbook.SaveAs(buffer);
        response.ContentType = ContentType;
        response.Headers.ContentDisposition = $"attachment; filename={answer.FileName}.xlsx";
        response.ContentLength = buffer.Length;
        await response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), cancellationToken).ConfigureAwait(false);
        return rows;
    }
}
