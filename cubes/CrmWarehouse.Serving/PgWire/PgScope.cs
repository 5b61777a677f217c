using CrmWarehouse.Serving.Sql;

namespace CrmWarehouse.Serving.PgWire;

/// <summary>
/// A role's SQL scope as the wire protocol's clients need it: the role's own relations, plus what their introspection
/// reads (DuckDB's <c>pg_catalog</c> and <c>information_schema</c> views, the session's compatibility views and macros
/// from <c>PgCompat.sql</c>, and the catalogue functions psql, Npgsql and the BI tools call). These name tables and
/// types; they read no row of the warehouse's data, and the sandbox refuses files whatever the gate says.
/// </summary>
internal static class PgScope
{
    private static readonly string[] CatalogSchemas = ["pg_catalog", "information_schema"];

    /// <summary>The session's temporary views (PgCompat.sql) and DuckDB's catalogue views, read unqualified by clients.</summary>
    private static readonly string[] CatalogViews =
    [
        "pg_database", "pg_class", "pg_roles", "pg_authid", "pg_user", "pg_inherits", "pg_trigger", "pg_policy", "pg_statistic_ext",
        "pg_publication", "pg_publication_rel", "pg_publication_namespace", "pg_enum", "pg_range", "pg_extension", "pg_collation",
        "pg_namespace", "pg_type", "pg_attribute", "pg_attrdef", "pg_proc", "pg_description", "pg_index", "pg_indexes",
        "pg_constraint", "pg_am", "pg_settings", "pg_tables", "pg_views", "pg_sequence", "pg_sequences", "pg_tablespace",
        "pg_depend", "pg_prepared_statements",
    ];

    /// <summary>Catalogue functions: the compatibility macros of PgCompat.sql and DuckDB's pg_catalog macros clients call.</summary>
    private static readonly string[] CatalogFunctions =
    [
        "pg_get_userbyid", "pg_encoding_to_char", "pg_get_indexdef", "pg_get_function_identity_arguments", "pg_get_function_arguments",
        "pg_get_function_result", "pg_get_partkeydef", "pg_get_statisticsobjdef_columns", "pg_get_serial_sequence",
        "pg_tablespace_location", "pg_is_in_recovery", "pg_relation_size", "pg_total_relation_size", "pg_table_size",
        "pg_database_size", "quote_ident", "array_upper", "array_lower", "pg_get_keywords", "pg_get_expr", "pg_get_constraintdef",
        "pg_get_viewdef", "pg_get_ruledef", "pg_get_triggerdef", "pg_relation_is_publishable", "unnest", "generate_subscripts",
        "format_type", "obj_description", "col_description", "shobj_description", "pg_table_is_visible", "pg_type_is_visible",
        "pg_function_is_visible", "pg_has_role", "has_table_privilege", "has_schema_privilege", "has_database_privilege",
        "has_column_privilege", "has_any_column_privilege", "has_function_privilege", "has_sequence_privilege", "pg_backend_pid",
        "pg_postmaster_start_time", "pg_conf_load_time", "pg_my_temp_schema", "pg_is_other_temp_schema", "pg_typeof", "current_schemas",
        "inet_client_addr", "inet_client_port", "inet_server_addr", "inet_server_port", "pg_size_pretty", "pg_get_constraintdef",
        "pg_catalog.format_type", "pg_catalog.obj_description", "pg_catalog.col_description", "pg_catalog.pg_table_is_visible",
        "pg_catalog.pg_get_userbyid", "pg_catalog.pg_get_expr", "pg_catalog.pg_get_indexdef", "pg_catalog.pg_get_constraintdef",
        "pg_catalog.pg_encoding_to_char", "pg_catalog.array_to_string", "pg_catalog.current_schemas", "pg_catalog.has_schema_privilege",
        "pg_catalog.has_table_privilege", "pg_catalog.shobj_description", "pg_catalog.pg_get_viewdef", "pg_catalog.pg_relation_size",
        "pg_catalog.pg_total_relation_size", "pg_catalog.pg_get_keywords", "pg_catalog.quote_ident", "pg_catalog.pg_typeof",
    ];

    public static SqlScope For(SqlScope role) =>
        new SqlScope([.. role.Schemas, .. CatalogSchemas], role.Relations, role.DefaultSchema)
        {
            OpenSchemas = new HashSet<string>([.. role.OpenSchemas, .. CatalogSchemas], StringComparer.OrdinalIgnoreCase),
            Unqualified = new HashSet<string>([.. role.Unqualified, .. CatalogViews], StringComparer.OrdinalIgnoreCase),
            Functions = new HashSet<string>([.. role.Functions, .. CatalogFunctions], StringComparer.OrdinalIgnoreCase),
        };
}
