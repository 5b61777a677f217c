using System.Runtime.InteropServices;

namespace CrmWarehouse.Warehouse.DuckDb.Native;

/// <summary>Data chunks, vectors and logical types. Vector pointers are borrowed from their chunk.</summary>
internal static unsafe partial class NativeMethods
{
    [LibraryImport(Library, EntryPoint = "duckdb_vector_size")]
    internal static partial ulong VectorSize();

    [LibraryImport(Library, EntryPoint = "duckdb_create_data_chunk")]
    internal static partial nint CreateDataChunk(nint* types, ulong columnCount);

    [LibraryImport(Library, EntryPoint = "duckdb_destroy_data_chunk")]
    internal static partial void DestroyDataChunk(ref nint chunk);

    [LibraryImport(Library, EntryPoint = "duckdb_data_chunk_reset")]
    internal static partial void DataChunkReset(nint chunk);

    [LibraryImport(Library, EntryPoint = "duckdb_data_chunk_get_size")]
    internal static partial ulong DataChunkGetSize(nint chunk);

    [LibraryImport(Library, EntryPoint = "duckdb_data_chunk_set_size")]
    internal static partial void DataChunkSetSize(nint chunk, ulong size);

    [LibraryImport(Library, EntryPoint = "duckdb_data_chunk_get_vector")]
    internal static partial nint DataChunkGetVector(nint chunk, ulong column);

    [LibraryImport(Library, EntryPoint = "duckdb_vector_get_data")]
    internal static partial void* VectorGetData(nint vector);

    /// <summary>The validity bitmask (bit set = valid), or null when every row is valid.</summary>
    [LibraryImport(Library, EntryPoint = "duckdb_vector_get_validity")]
    internal static partial ulong* VectorGetValidity(nint vector);

    [LibraryImport(Library, EntryPoint = "duckdb_vector_ensure_validity_writable")]
    internal static partial void VectorEnsureValidityWritable(nint vector);

    /// <summary>Copies the bytes into the vector's string heap; the caller guarantees valid UTF-8.</summary>
    [LibraryImport(Library, EntryPoint = "duckdb_unsafe_vector_assign_string_element_len")]
    internal static partial void VectorAssignStringUnchecked(nint vector, ulong index, byte* text, ulong length);

    /// <summary>Copies raw bytes (BLOB) into the vector's string heap.</summary>
    [LibraryImport(Library, EntryPoint = "duckdb_vector_assign_string_element_len")]
    internal static partial void VectorAssignString(nint vector, ulong index, byte* text, ulong length);

    [LibraryImport(Library, EntryPoint = "duckdb_list_vector_get_child")]
    internal static partial nint ListVectorGetChild(nint vector);

    [LibraryImport(Library, EntryPoint = "duckdb_array_vector_get_child")]
    internal static partial nint ArrayVectorGetChild(nint vector);

    [LibraryImport(Library, EntryPoint = "duckdb_struct_vector_get_child")]
    internal static partial nint StructVectorGetChild(nint vector, ulong index);

    [LibraryImport(Library, EntryPoint = "duckdb_destroy_logical_type")]
    internal static partial void DestroyLogicalType(ref nint type);

    [LibraryImport(Library, EntryPoint = "duckdb_get_type_id")]
    internal static partial DuckDbType GetTypeId(nint type);

    [LibraryImport(Library, EntryPoint = "duckdb_decimal_width")]
    internal static partial byte DecimalWidth(nint type);

    [LibraryImport(Library, EntryPoint = "duckdb_decimal_scale")]
    internal static partial byte DecimalScale(nint type);

    [LibraryImport(Library, EntryPoint = "duckdb_decimal_internal_type")]
    internal static partial DuckDbType DecimalInternalType(nint type);

    [LibraryImport(Library, EntryPoint = "duckdb_enum_internal_type")]
    internal static partial DuckDbType EnumInternalType(nint type);

    [LibraryImport(Library, EntryPoint = "duckdb_enum_dictionary_size")]
    internal static partial uint EnumDictionarySize(nint type);

    /// <summary>Returns a string the caller must free.</summary>
    [LibraryImport(Library, EntryPoint = "duckdb_enum_dictionary_value")]
    internal static partial nint EnumDictionaryValue(nint type, ulong index);

    [LibraryImport(Library, EntryPoint = "duckdb_list_type_child_type")]
    internal static partial nint ListTypeChildType(nint type);

    [LibraryImport(Library, EntryPoint = "duckdb_array_type_child_type")]
    internal static partial nint ArrayTypeChildType(nint type);

    [LibraryImport(Library, EntryPoint = "duckdb_array_type_array_size")]
    internal static partial ulong ArrayTypeArraySize(nint type);

    [LibraryImport(Library, EntryPoint = "duckdb_map_type_key_type")]
    internal static partial nint MapTypeKeyType(nint type);

    [LibraryImport(Library, EntryPoint = "duckdb_map_type_value_type")]
    internal static partial nint MapTypeValueType(nint type);

    [LibraryImport(Library, EntryPoint = "duckdb_struct_type_child_count")]
    internal static partial ulong StructTypeChildCount(nint type);

    /// <summary>Returns a string the caller must free.</summary>
    [LibraryImport(Library, EntryPoint = "duckdb_struct_type_child_name")]
    internal static partial nint StructTypeChildName(nint type, ulong index);

    [LibraryImport(Library, EntryPoint = "duckdb_struct_type_child_type")]
    internal static partial nint StructTypeChildType(nint type, ulong index);

    [LibraryImport(Library, EntryPoint = "duckdb_union_type_member_count")]
    internal static partial ulong UnionTypeMemberCount(nint type);

    /// <summary>Returns a string the caller must free.</summary>
    [LibraryImport(Library, EntryPoint = "duckdb_union_type_member_name")]
    internal static partial nint UnionTypeMemberName(nint type, ulong index);

    [LibraryImport(Library, EntryPoint = "duckdb_union_type_member_type")]
    internal static partial nint UnionTypeMemberType(nint type, ulong index);

    /// <summary>Returns a string the caller must free, or 0 when the type has no alias.</summary>
    [LibraryImport(Library, EntryPoint = "duckdb_logical_type_get_alias")]
    internal static partial nint LogicalTypeGetAlias(nint type);
}
