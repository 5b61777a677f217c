namespace CrmWarehouse.Warehouse.DuckDb.Native;

/// <summary>duckdb_state: every C-API call that can fail returns one.</summary>
internal enum DuckDbState
{
    Success = 0,
    Error = 1,
}

/// <summary>duckdb_type, as numbered in duckdb.h of DuckDB 1.5.</summary>
internal enum DuckDbType
{
    Invalid = 0,
    Boolean = 1,
    TinyInt = 2,
    SmallInt = 3,
    Integer = 4,
    BigInt = 5,
    UTinyInt = 6,
    USmallInt = 7,
    UInteger = 8,
    UBigInt = 9,
    Float = 10,
    Double = 11,
    Timestamp = 12,
    Date = 13,
    Time = 14,
    Interval = 15,
    HugeInt = 16,
    Varchar = 17,
    Blob = 18,
    Decimal = 19,
    TimestampS = 20,
    TimestampMs = 21,
    TimestampNs = 22,
    Enum = 23,
    List = 24,
    Struct = 25,
    Map = 26,
    Uuid = 27,
    Union = 28,
    Bit = 29,
    TimeTz = 30,
    TimestampTz = 31,
    UHugeInt = 32,
    Array = 33,
    Any = 34,
    BigNum = 35,
    SqlNull = 36,
    StringLiteral = 37,
    IntegerLiteral = 38,
    TimeNs = 39,
    Geometry = 40,
    Variant = 41,
    TimestampTzNs = 42,
}

/// <summary>duckdb_result_type.</summary>
internal enum DuckDbResultType
{
    Invalid = 0,
    ChangedRows = 1,
    Nothing = 2,
    QueryResult = 3,
}

/// <summary>duckdb_pending_state.</summary>
internal enum DuckDbPendingState
{
    Ready = 0,
    NotReady = 1,
    Error = 2,
    NoTasksAvailable = 3,
}
