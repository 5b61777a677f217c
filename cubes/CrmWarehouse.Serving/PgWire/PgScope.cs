using CrmWarehouse.Serving.Sql;

namespace CrmWarehouse.Serving.PgWire;

/// <summary>
/// A role's SQL scope as the wire protocol's clients need it: the role's own relations, plus what their introspection
/// reads (the session's catalogue views, which list only the role's own schemas, and the catalogue functions psql,
/// Npgsql and the BI tools call). These name tables and types; they read no row of the warehouse's data, and the
/// sandbox refuses files whatever the gate says.
/// </summary>
internal static class PgScope
{
    /// <summary>
    /// The session's temporary catalogue views (PgCompat.sql, PgRoleCatalog.sql: only the role's schemas in them), read
    /// unqualified: the session drops the pg_catalog qualifier and reads information_schema.x as information_schema_x.
    /// DuckDB's own pg_catalog and information_schema, which list every schema of the file, are not in the scope.
    /// </summary>
    private static readonly string[] CatalogViews =
    [
        "pg_database", "pg_roles", "pg_authid", "pg_user", "pg_inherits", "pg_trigger", "pg_policy", "pg_statistic_ext",
        "pg_publication", "pg_publication_rel", "pg_publication_namespace", "pg_enum", "pg_range", "pg_extension", "pg_collation",
        "pg_namespace", "pg_class", "pg_type", "pg_attribute", "pg_attrdef", "pg_description", "pg_constraint", "pg_index",
        "pg_indexes", "pg_tables", "pg_views", "pg_matviews", "pg_proc", "pg_depend", "pg_sequence", "pg_sequences", "pg_am",
        "pg_tablespace", "pg_stat_user_tables", "pg_stat_activity", "pg_settings", "pg_crmw_types", "pg_crmw_primary_keys",
        "information_schema_schemata", "information_schema_tables", "information_schema_views", "information_schema_columns",
        "information_schema_table_constraints", "information_schema_key_column_usage", "information_schema_referential_constraints",
        "information_schema_constraint_column_usage", "information_schema_check_constraints", "information_schema_routines",
        "information_schema_parameters", "information_schema_character_sets",
    ];

    /// <summary>Catalogue functions: the compatibility macros of PgCompat.sql and PgRoleCatalog.sql and DuckDB's pg_catalog macros clients call.</summary>
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
        "inet_client_addr", "inet_client_port", "inet_server_addr", "inet_server_port", "pg_size_pretty", "pg_crmw_regclass",
        "pg_crmw_regtype", "json_build_object",
    ];

    public static SqlScope For(SqlScope role) =>
        new SqlScope(role.Schemas, role.Relations, role.DefaultSchema)
        {
            OpenSchemas = role.OpenSchemas,
            Unqualified = new HashSet<string>([.. role.Unqualified, .. CatalogViews], StringComparer.OrdinalIgnoreCase),
            Functions = new HashSet<string>([.. role.Functions, .. CatalogFunctions], StringComparer.OrdinalIgnoreCase),
        };
}
