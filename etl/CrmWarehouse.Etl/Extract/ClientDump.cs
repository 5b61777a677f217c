using System.Diagnostics;

namespace CrmWarehouse.Etl.Extract;

/// <summary>
/// A table dumped to a file by the database's own command-line client (psql, mariadb): the process to start,
/// whether its standard output is the dump, and the DuckDB <c>read_csv</c> call that reads the file back.
/// </summary>
public sealed record ClientDump(ProcessStartInfo Start, bool WritesToStandardOutput, string ReadCsv);
