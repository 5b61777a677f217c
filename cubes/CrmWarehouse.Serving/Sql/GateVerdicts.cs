using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace CrmWarehouse.Serving.Sql;

/// <summary>
/// The statements <see cref="SqlGate"/> let through, so that one sent again (a dashboard's refresh) or sent again with
/// other literal values (the same question for another month) is not judged afresh: each check of a new statement
/// costs a DuckDB prepare for the statement-type check (about 1 ms), more than most answers take. Kept by text and by
/// the statement's literal-free parse tree (<see cref="ParseTreeShape"/>), each with everything else a verdict depends
/// on: the scope (by what it allows), the gate's limits, the cube relations and whether it is an EXPLAIN.
/// Refusals are never kept, so a refused statement is judged again every time it comes. Bounded crudely (emptied when
/// full), and emptied whenever the role views are made again (<see cref="Forget"/>): a verdict never outlives the
/// catalogue it was given under, even where the scope's own equality would already tell the difference.
/// </summary>
internal static class GateVerdicts
{
    /// <summary>Verdicts kept of each kind (by text, by shape) before that kind is emptied.</summary>
    public const int Capacity = 4096;

    private static readonly ConcurrentDictionary<Key, GatedStatement> ByText = new();
    private static readonly ConcurrentDictionary<Key, GatedStatement> ByShape = new();
    private static long _generation;

    /// <summary>
    /// Statements up to this many characters are kept under their text itself, longer ones under its SHA-256: a hash
    /// costs about 20 µs in a request's path (OpenSSL, cold), more than the rest of finding a verdict, and the texts kept
    /// this way take at most <see cref="Capacity"/> × 8 KB.
    /// </summary>
    public const int MostCharactersKeptAsText = 4096;

    /// <summary>
    /// What a verdict is kept under: the text (when short) or a SHA-256 of the text or of the shape, so that a long
    /// statement costs no more. A text is marked by a leading '=', which no Base64 digest has.
    /// </summary>
    internal readonly record struct Key(SqlScope Scope, SqlGateLimits Limits, CubeRelations? Cubes, bool Explain, string Digest);

    /// <summary>The generation verdicts are kept in now; one judged in an earlier one is not kept.</summary>
    public static long Generation => Interlocked.Read(ref _generation);

    /// <summary>Verdicts kept, by text and by shape (for tests).</summary>
    internal static (int ByText, int ByShape) Count => (ByText.Count, ByShape.Count);

    public static Key TextKey(SqlScope scope, SqlGateLimits limits, CubeRelations? cubes, string sql) =>
        new(scope, limits, cubes, false, sql.Length <= MostCharactersKeptAsText ? "=" + sql : Digest(Encoding.UTF8.GetBytes(sql)));

    public static Key ShapeKey(SqlScope scope, SqlGateLimits limits, CubeRelations? cubes, bool explain, ReadOnlySpan<byte> shape) =>
        new(scope, limits, cubes, explain, Digest(shape));

    public static bool TryGetByText(Key key, out GatedStatement verdict) => ByText.TryGetValue(key, out verdict!);

    public static bool TryGetByShape(Key key, out GatedStatement verdict) => ByShape.TryGetValue(key, out verdict!);

    /// <summary>Keeps a statement that passed, unless the views were made again since its check began.</summary>
    public static void KeepByText(Key key, GatedStatement verdict, long generation) => Keep(ByText, key, verdict, generation);

    /// <summary>As <see cref="KeepByText"/>, for the statement's shape; never for a cube statement, whose verdict reads its literals.</summary>
    public static void KeepByShape(Key key, GatedStatement verdict, long generation)
    {
        if (verdict.Cube is not null)
        {
            throw new ArgumentException("A cube statement's verdict depends on its literal values: it is kept by text only.", nameof(verdict));
        }

        Keep(ByShape, key, verdict, generation);
    }

    /// <summary>Drops every verdict: the role views (and so what each scope names) were just made again.</summary>
    public static void Forget()
    {
        Interlocked.Increment(ref _generation);
        ByText.Clear();
        ByShape.Clear();
    }

    private static void Keep(ConcurrentDictionary<Key, GatedStatement> verdicts, Key key, GatedStatement verdict, long generation)
    {
        if (verdicts.Count >= Capacity)
        {
            verdicts.Clear();
        }

        verdicts[key] = verdict;

        // A Forget between the check's start and here: the verdict may be of the catalogue before it, so it goes.
        if (Generation != generation)
        {
            verdicts.TryRemove(key, out _);
        }
    }

    private static string Digest(ReadOnlySpan<byte> bytes) => Convert.ToBase64String(SHA256.HashData(bytes));
}
