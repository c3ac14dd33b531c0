package fr.pairobs.security;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

/**
 * What an evaluator's query may name in {@code pairobs sql}, as explicit lists: a function, table
 * function or system view that is not listed is refused, so a new DuckDB function that reads files,
 * runs text or shows the machine's paths is refused until someone has looked at it and added it here.
 *
 * <p>The scalar, aggregate and window functions are DuckDB 2.0's built-in ones (its
 * {@code duckdb_functions()}) less those that run text ({@code json_execute_serialized_sql},
 * {@code json_serialize_plan}, which plans a query given as text), show settings and so paths
 * ({@code current_setting}), touch sequences ({@code nextval}, {@code currval}, {@code setval}),
 * write logs or sleep. {@code getenv} is absent on purpose: DuckDB drops it without external access
 * and a query naming it is refused here in any case.
 */
final class SqlAllowList {
    private SqlAllowList() {
    }

    /** Scalar functions, operators and built-in scalar macros. */
    private static final Set<String> SCALAR = words("""
            != !__postfix !~~ !~~* % & && * ** + - ->> / // < <-> << <= <=> <@ = > >= >> @ @> ^ ^@ | || ~ ~~ ~~* ~~~
            abs acos acosh add age aggregate alias apply array_aggr array_aggregate array_apply array_cat array_concat
            array_contains array_cosine_distance array_cosine_similarity array_cross_product array_distance
            array_distinct array_dot_product array_extract array_filter array_grade_up array_has array_has_all
            array_has_any array_indexof array_inner_product array_intersect array_length array_negative_dot_product
            array_negative_inner_product array_position array_reduce array_resize array_reverse_sort array_select
            array_slice array_sort array_to_json array_transform array_unique array_value array_where array_zip ascii
            asin asinh atan atan2 atanh bar base64 bin binom bit_count bit_length bit_position bitstring
            bitstring_byte_comparable can_cast_implicitly cardinality cast_to_type cbrt ceil ceiling century
            char_length character_length chr combine concat concat_ws constant_or_null contains cos cosh cot
            create_sort_key current_connection_id current_database current_date current_localtime
            current_localtimestamp current_query current_query_id current_schema current_schemas
            current_transaction_id damerau_levenshtein date_diff date_part date_sub date_trunc datediff datepart
            datesub datetrunc day dayname dayofmonth dayofweek dayofyear decade decimal_division decode degrees
            divide editdist3 element_at encode ends_with enum_code enum_first enum_last enum_range
            enum_range_boundary epoch epoch_ms epoch_ns epoch_us equi_width_bins era error even exp factorial filter
            finalize flatten floor format formatreadabledecimalsize formatreadablesize format_bytes from_base64
            from_binary from_hex from_json from_json_strict gamma gcd gen_random_uuid generate_series get_bit
            get_current_time get_current_timestamp get_type grade_up greatest greatest_common_divisor hamming hash
            hex hive_partition_component hour icu_sort_key ilike_escape in_search_path index_key instr
            is_histogram_other_bin isfinite isinf isnan isodow isoyear jaccard jaro_similarity
            jaro_winkler_similarity json_array json_array_length json_contains json_deep_merge json_exists
            json_extract json_extract_path json_extract_path_text json_extract_string json_insert json_keys
            json_merge_patch json_merge_patch_diff json_normalize json_object json_pretty json_quote json_remove
            json_replace json_set json_strip_nulls json_structure json_transform json_transform_strict json_type
            json_valid json_value julian last_day lcase lcm least least_common_multiple left left_grapheme len
            length length_grapheme levenshtein lgamma like_escape list_aggr list_aggregate list_apply list_cat
            list_concat list_contains list_cosine_distance list_cosine_similarity list_distance list_distinct
            list_dot_product list_element list_extract list_filter list_grade_up list_has list_has_all list_has_any
            list_indexof list_inner_product list_intersect list_negative_dot_product list_negative_inner_product
            list_pack list_position list_reduce list_resize list_reverse_sort list_select list_slice list_sort
            list_transform list_unique list_value list_where list_zip ln log log10 log2 lower lpad ltrim make_date
            make_time make_timestamp make_timestamp_ms make_timestamp_ns make_timestamptz make_type map map_concat
            map_contains map_entries map_extract map_extract_value map_from_entries map_keys map_values md5
            md5_number microsecond millennium millisecond minute mismatches mod month monthname multiply nanosecond
            nextafter nfc_normalize normalized_interval not_ilike_escape not_like_escape now octet_length ord
            overlay parse_dirname parse_dirpath parse_filename parse_formatted_bytes parse_path path_join pi
            position pow power prefix printf quarter radians random range reduce regexp_escape regexp_extract
            regexp_extract_all regexp_full_match regexp_matches regexp_replace regexp_split_to_array remap_struct
            repeat replace replace_type reverse right right_grapheme round round_even roundbankers row row_to_json
            rpad rtrim second set_bit sha1 sha256 sign signbit sin sinh split sqrt st_asbinary st_asgeojson
            st_astext st_aswkb st_aswkt st_crs st_geomfromgeojson st_geomfromwkb st_intersects_extent st_setcrs
            starts_with str_split str_split_regex strftime string_split string_split_regex string_to_array
            strip_accents strlen strpos strptime struct_concat struct_contains struct_extract struct_extract_at
            struct_has struct_indexof struct_insert struct_keys struct_pack struct_position struct_update
            struct_values substr substring substring_grapheme subtract suffix switch tan tanh time_bucket
            timetz_byte_comparable timezone timezone_hour timezone_minute to_aggregate_state to_base to_base64
            to_binary to_centuries to_days to_decades to_hex to_hours to_json to_microseconds to_millennia
            to_milliseconds to_minutes to_months to_quarters to_seconds to_timestamp to_weeks to_years today
            transaction_timestamp translate trim trunc try_strptime txid_current typeof ucase unbin unhex unicode
            union_extract union_tag union_value unnest unpivot_list upper url_decode url_encode uuid
            uuid_extract_timestamp uuid_extract_version uuidv4 uuidv7 variant_array_length variant_bytes_to_variant
            variant_comparator variant_contains variant_exists variant_extract variant_extract_string variant_keys
            variant_normalize variant_to_parquet_variant variant_type variant_typeof vector_type version
            vertex_extract week weekday weekofyear xor year yearweek
            ago array_append array_pop_back array_pop_front array_prepend array_push_back array_push_front
            array_reverse array_to_string array_to_string_comma_default assert_true col_description current_catalog
            current_role current_user date_add days_in_month fdiv fmod format_pg_type format_type
            generate_subscripts geomean geometric_mean has_any_column_privilege has_column_privilege
            has_database_privilege has_foreign_data_wrapper_privilege has_function_privilege has_language_privilege
            has_schema_privilege has_sequence_privilege has_server_privilege has_table_privilege
            has_tablespace_privilege if inet_client_addr inet_client_port inet_server_addr inet_server_port json
            json_copy_strftime_if_date json_copy_strftime_if_timestamp json_group_array json_group_object
            json_group_structure list_any_value list_approx_count_distinct list_avg list_bit_and list_bit_or
            list_bit_xor list_bool_and list_bool_or list_count list_entropy list_first list_histogram list_kurtosis
            list_kurtosis_pop list_last list_mad list_max list_median list_min list_mode list_product list_reverse
            list_sem list_skewness list_stddev_pop list_stddev_samp list_string_agg list_sum list_var_pop
            list_var_samp map_contains_entry map_contains_value map_to_pg_oid md5_number_lower md5_number_upper
            nullif obj_description pg_collation_is_visible pg_conf_load_time pg_conversion_is_visible
            pg_function_is_visible pg_get_constraintdef pg_get_expr pg_get_viewdef pg_has_role
            pg_is_other_temp_schema pg_my_temp_schema pg_opclass_is_visible pg_operator_is_visible
            pg_opfamily_is_visible pg_postmaster_start_time pg_size_pretty pg_table_is_visible
            pg_ts_config_is_visible pg_ts_dict_is_visible pg_ts_parser_is_visible pg_ts_template_is_visible
            pg_type_is_visible pg_typeof regexp_split_to_table session_user shobj_description split_part user
            variant_group_array wavg weighted_avg
            """);

    /** Aggregate and window functions (an aggregate may also be used over a window). */
    private static final Set<String> AGGREGATE_WINDOW = words("""
            any_value approx_count_distinct approx_quantile approx_top_k arbitrary arg_max arg_max_null
            arg_max_nulls_last arg_min arg_min_null arg_min_nulls_last argmax argmin array_agg avg bit_and bit_or
            bit_xor bitstring_agg bool_and bool_or combine_aggr corr count count_if count_star countif covar_pop
            covar_samp decimal_average entropy favg first fsum group_concat histogram histogram_exact kahan_sum
            kurtosis kurtosis_pop last list listagg lttb mad max max_by mean median min min_by mode product
            quantile quantile_cont quantile_disc regr_avgx regr_avgy regr_count regr_intercept regr_r2 regr_slope
            regr_sxx regr_sxy regr_syy reservoir_quantile sem skewness stddev stddev_pop stddev_samp string_agg sum
            sum_no_overflow sumkahan var_pop var_samp variance variant_group_object
            cume_dist dense_rank fill first_value lag last_value lead nth_value ntile percent_rank rank rank_dense
            row_number
            """);

    /**
     * Table functions (in FROM): generators, and the catalog functions whose rows name only the
     * database's own schemas, tables, views, columns, types and DuckDB's functions and keywords, never
     * a path. Not {@code duckdb_databases} (the file's path), {@code duckdb_settings} (temp, home,
     * secret and extension directories), {@code duckdb_extensions}, {@code duckdb_secrets},
     * {@code pragma_database_list}, {@code glob}, the {@code read_*}, {@code parquet_*} and
     * {@code iceberg_*} readers, {@code sniff_csv}, {@code query}, {@code query_table} or
     * {@code json_execute_serialized_sql}.
     */
    private static final Set<String> TABLE = words("""
            range generate_series unnest repeat repeat_row json_each json_tree
            duckdb_tables duckdb_views duckdb_columns duckdb_schemas duckdb_constraints duckdb_indexes duckdb_types
            duckdb_keywords duckdb_functions pragma_table_info pragma_show pg_timezone_names icu_calendar_names
            """);

    /** DuckDB's system views (catalog {@code system}, schema {@code main}) that only list the catalog. */
    private static final Set<String> SYSTEM_MAIN_VIEWS = words("""
            duckdb_tables duckdb_views duckdb_columns duckdb_schemas duckdb_constraints duckdb_indexes duckdb_types
            """);

    /** The {@code information_schema} views: catalog names only. */
    private static final Set<String> INFORMATION_SCHEMA_VIEWS = words("""
            tables columns schemata views table_constraints key_column_usage referential_constraints
            check_constraints constraint_column_usage constraint_table_usage character_sets
            """);

    /**
     * Refused names a refusal may print although DuckDB does not list them as functions here: getenv
     * (dropped without external access), pragma_database_list (a view) and the readers of extensions
     * that are not loaded.
     */
    private static final Set<String> KNOWN_REFUSED = words("""
            getenv pragma_database_list read_xlsx st_read iceberg_scan iceberg_metadata iceberg_snapshots delta_scan
            sqlite_scan sqlite_attach postgres_scan postgres_attach mysql_scan load_aws_credentials
            """);

    /** Scalar, aggregate or window function, by its lower-case name. */
    static boolean scalar(String name) {
        return SCALAR.contains(name) || AGGREGATE_WINDOW.contains(name)
                // ICU collations as functions: a string's sort key, nothing else
                || name.matches("(icu_)?collate_[a-z_]+");
    }

    static boolean knownRefused(String name) {
        return KNOWN_REFUSED.contains(name);
    }

    static boolean table(String name) {
        return TABLE.contains(name);
    }

    static boolean systemMainView(String name) {
        return SYSTEM_MAIN_VIEWS.contains(name);
    }

    static boolean informationSchemaView(String name) {
        return INFORMATION_SCHEMA_VIEWS.contains(name);
    }

    private static Set<String> words(String text) {
        // copyOf, not of: a name listed twice (a function and a macro of the same name) is no error
        return Set.copyOf(Arrays.asList(text.strip().toLowerCase(Locale.ROOT).split("\\s+")));
    }
}
