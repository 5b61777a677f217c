using System.Runtime.InteropServices;

namespace CrmWarehouse.Warehouse.DuckDb.Native;

/// <summary>
/// One SafeHandle per DuckDB handle type: the runtime guarantees each is released exactly once,
/// and never while a native call that received it is still running.
/// </summary>
internal abstract class DuckDbHandle : SafeHandle
{
    protected DuckDbHandle(nint handle) : base(0, ownsHandle: true) => SetHandle(handle);

    public override bool IsInvalid => handle == 0;

    /// <summary>The raw pointer, for calls made while the owner keeps this handle alive.</summary>
    public nint Pointer => IsClosed ? throw new ObjectDisposedException(GetType().Name) : handle;
}

internal sealed class DatabaseHandle(nint handle) : DuckDbHandle(handle)
{
    protected override bool ReleaseHandle()
    {
        var pointer = handle;
        NativeMethods.Close(ref pointer);
        return true;
    }
}

internal sealed class ConnectionHandle(nint handle) : DuckDbHandle(handle)
{
    protected override bool ReleaseHandle()
    {
        var pointer = handle;
        NativeMethods.Disconnect(ref pointer);
        return true;
    }
}

internal sealed class ExtractedStatementsHandle(nint handle) : DuckDbHandle(handle)
{
    protected override bool ReleaseHandle()
    {
        var pointer = handle;
        NativeMethods.DestroyExtracted(ref pointer);
        return true;
    }
}

internal sealed class PreparedStatementHandle(nint handle) : DuckDbHandle(handle)
{
    protected override bool ReleaseHandle()
    {
        var pointer = handle;
        NativeMethods.DestroyPrepare(ref pointer);
        return true;
    }
}

internal sealed class PendingResultHandle(nint handle) : DuckDbHandle(handle)
{
    protected override bool ReleaseHandle()
    {
        var pointer = handle;
        NativeMethods.DestroyPending(ref pointer);
        return true;
    }
}

internal sealed class ValueHandle(nint handle) : DuckDbHandle(handle)
{
    protected override bool ReleaseHandle()
    {
        var pointer = handle;
        NativeMethods.DestroyValue(ref pointer);
        return true;
    }
}

internal sealed class AppenderHandle(nint handle) : DuckDbHandle(handle)
{
    protected override bool ReleaseHandle()
    {
        // Destroy also flushes; a failure there was already reported by the explicit flush or close,
        // and the native memory is released either way.
        var pointer = handle;
        _ = NativeMethods.AppenderDestroy(ref pointer);
        return true;
    }
}

internal sealed class LogicalTypeHandle(nint handle) : DuckDbHandle(handle)
{
    protected override bool ReleaseHandle()
    {
        var pointer = handle;
        NativeMethods.DestroyLogicalType(ref pointer);
        return true;
    }
}

internal sealed class DataChunkHandle(nint handle) : DuckDbHandle(handle)
{
    protected override bool ReleaseHandle()
    {
        var pointer = handle;
        NativeMethods.DestroyDataChunk(ref pointer);
        return true;
    }
}

/// <summary>
/// A duckdb_result lives in memory we allocate (DuckDB fills it in place); releasing destroys the result, then frees the block.
/// </summary>
internal sealed unsafe class ResultHandle : DuckDbHandle
{
    private ResultHandle(nint block) : base(block)
    {
    }

    public static ResultHandle Allocate()
    {
        var block = (DuckDbResultStruct*)NativeMemory.AllocZeroed((nuint)sizeof(DuckDbResultStruct));
        return new ResultHandle((nint)block);
    }

    public DuckDbResultStruct* Result => (DuckDbResultStruct*)Pointer;

    protected override bool ReleaseHandle()
    {
        var result = (DuckDbResultStruct*)handle;
        NativeMethods.DestroyResult(result);
        NativeMemory.Free(result);
        return true;
    }
}
