package fr.pairobs.security;

import java.math.BigInteger;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import tools.jackson.databind.JsonNode;

import static java.util.Objects.requireNonNull;

/**
 * Checks one statement as DuckDB's parser sees it (the tree {@code json_serialize_sql} gives) against
 * {@link SqlAllowList}: every node of the tree is visited, so a function hidden in a subquery, a CTE, a
 * lateral join, a named argument, a window, a type modifier or a lambda is met like one in the select
 * list. Allowed from lists, refused otherwise:
 * <ul>
 * <li>node kinds: those of read queries; a data-modifying CTE ({@code INSERT_QUERY_NODE}) or any kind
 * this class does not know is refused;</li>
 * <li>functions, by their lower-case name, with no qualifier but DuckDB's own
 * ({@code main}, {@code system.main}, {@code pg_catalog});</li>
 * <li>tables: the database's tables and views, the listed catalog views, and CTE names that cannot
 * stand for anything else (not a system view's name, nothing that looks like a file).</li>
 * </ul>
 */
final class SqlTreeCheck {
    /** DuckDB's "no location" (an unsigned -1). */
    private static final BigInteger NO_LOCATION = new BigInteger("18446744073709551615");

    private static final Set<String> CLASSES = Set.of("BETWEEN", "CASE", "CAST", "COLLATE", "COLUMN_REF", "COMPARISON",
            "CONJUNCTION", "CONSTANT", "FUNCTION", "LAMBDA", "LAMBDA_REF", "OPERATOR", "PARAMETER", "POSITIONAL_REFERENCE",
            "STAR", "SUBQUERY", "WINDOW", "TYPE");

    private static final Set<String> TYPES = Set.of(
            // query nodes
            "SELECT_NODE", "SET_OPERATION_NODE", "RECURSIVE_CTE_NODE", "CTE_NODE",
            // table references
            "BASE_TABLE", "JOIN", "SUBQUERY", "TABLE_FUNCTION", "EXPRESSION_LIST", "PIVOT", "SHOW_REF", "EMPTY",
            // result modifiers and orders
            "ORDER_MODIFIER", "LIMIT_MODIFIER", "LIMIT_PERCENT_MODIFIER", "DISTINCT_MODIFIER", "ORDER_DEFAULT", "ASCENDING",
            "DESCENDING",
            // expressions
            "VALUE_CONSTANT", "VALUE_PARAMETER", "STAR", "FUNCTION", "CASE_EXPR", "COLUMN_REF", "LAMBDA", "LAMBDA_REF",
            "COLLATE", "POSITIONAL_REFERENCE", "ARRAY_EXTRACT", "ARRAY_SLICE", "STRUCT_EXTRACT", "ARRAY_CONSTRUCTOR",
            "GROUPING_FUNCTION", "TYPE");

    /** Expression kinds by family: comparisons, AND/OR, operators (NOT, IN, IS NULL, casts, COALESCE), windows. */
    private static final Set<String> TYPE_PREFIXES = Set.of("COMPARE_", "CONJUNCTION_", "OPERATOR_", "WINDOW_");

    /** What {@code SHOW TABLES}, {@code SHOW ALL TABLES} and {@code SHOW DATABASES} parse to: names of the catalog. */
    private static final Set<String> SHOW_SPECIAL = Set.of("\"tables\"", "__show_tables_expanded", "\"databases\"");

    /**
     * The database's catalog as the checks need it (all names in lower case).
     *
     * @param database the database's catalog name (the file's stem)
     * @param objects its tables and views, as {@code schema.name}
     * @param systemNames names of DuckDB's own tables and views (system and temp catalogs): a CTE of
     *        such a name could stand for the system view outside its scope, so it is refused
     * @param knownFunctions names of DuckDB's built-in functions: a refusal may name these, never
     *        another token of the text
     */
    record Catalog(String database, Set<String> objects, Set<String> systemNames, Set<String> knownFunctions) {
        Catalog {
            requireNonNull(database, "database is null");
            objects = Set.copyOf(objects);
            systemNames = Set.copyOf(systemNames);
            knownFunctions = Set.copyOf(knownFunctions);
        }
    }

    /** Why a statement is refused, and where (a byte offset into the text, or -1). */
    record Problem(String reason, long location) {
    }

    private final Catalog catalog;
    private final Set<String> cteNames = new HashSet<>();
    private Problem problem;

    private SqlTreeCheck(Catalog catalog) {
        this.catalog = catalog;
    }

    /** The first problem of the statement (one element of json_serialize_sql's {@code statements}), if any. */
    static Optional<Problem> check(JsonNode statement, Catalog catalog) {
        requireNonNull(statement, "statement is null");
        SqlTreeCheck check = new SqlTreeCheck(requireNonNull(catalog, "catalog is null"));
        check.collectCteNames(statement);
        check.walk(statement, false, -1);
        return Optional.ofNullable(check.problem);
    }

    private void collectCteNames(JsonNode node) {
        if (node.isObject()) {
            JsonNode map = node.path("cte_map").path("map");
            for (JsonNode entry : map) {
                cteNames.add(lower(entry.path("key").asString("")));
            }
            if ("RECURSIVE_CTE_NODE".equals(node.path("type").asString(""))) {
                cteNames.add(lower(node.path("ctename").asString("")));
            }
            for (JsonNode child : node.values()) {
                collectCteNames(child);
            }
        } else if (node.isArray()) {
            for (JsonNode child : node) {
                collectCteNames(child);
            }
        }
    }

    private void walk(JsonNode node, boolean tableFunction, long location) {
        if (problem != null) {
            return;
        }
        if (node.isArray()) {
            for (JsonNode child : node) {
                walk(child, false, location);
            }
            return;
        }
        if (!node.isObject()) {
            return;
        }
        long here = location(node, location);
        JsonNode classNode = node.get("class");
        if (classNode != null && (!classNode.isString() || !CLASSES.contains(classNode.asString()))) {
            refuse("the query uses a construct the sandbox does not allow", here);
            return;
        }
        String type = null;
        JsonNode typeNode = node.get("type");
        if (typeNode != null && typeNode.isString()) {
            type = typeNode.asString();
            if (!knownType(type)) {
                // e.g. INSERT_QUERY_NODE: WITH x AS (INSERT ... RETURNING *) SELECT ...
                refuse("the query holds a part that is not a read query (only SELECT, WITH, DESCRIBE, SHOW, SUMMARIZE "
                        + "and EXPLAIN may run)", here);
                return;
            }
        }
        if (node.has("function_name")) {
            checkFunction(node, tableFunction, here);
        }
        if ("BASE_TABLE".equals(type)) {
            checkTable(node.path("catalog_name").asString(""), node.path("schema_name").asString(""),
                    node.path("table_name").asString(""), here);
        } else if ("SHOW_REF".equals(type)) {
            checkShow(node, here);
        }
        for (Map.Entry<String, JsonNode> property : node.properties()) {
            boolean function = "TABLE_FUNCTION".equals(type) && property.getKey().equals("function");
            walk(property.getValue(), function, here);
        }
    }

    private void checkFunction(JsonNode node, boolean tableFunction, long location) {
        JsonNode nameNode = node.get("function_name");
        String name = nameNode != null && nameNode.isString() ? lower(nameNode.asString()) : "";
        String schema = lower(node.path("schema").asString(""));
        String catalogName = lower(node.path("catalog").asString(""));
        // DuckDB's own qualifiers only: main.x and system.main.x are the built-in x (a database with
        // macros of its own is refused when it opens); another database's or schema's function is not
        boolean builtinQualifier = (catalogName.isEmpty() || catalogName.equals("system"))
                && (schema.isEmpty() || schema.equals("main") || schema.equals("pg_catalog"));
        boolean allowed = builtinQualifier && (tableFunction ? SqlAllowList.table(name) : SqlAllowList.scalar(name));
        if (!allowed) {
            boolean known = catalog.knownFunctions().contains(name) || catalog.systemNames().contains(name)
                    || SqlAllowList.knownRefused(name);
            String named = known && SqlText.printable(name) ? "function " + name : "a function the sandbox does not know";
            refuse(named + " is not allowed" + (tableFunction ? " in FROM" : "") + " (the sandbox runs the database's "
                    + "tables and views, built-in computations and a list of table functions)", location);
        }
    }

    private void checkTable(String catalogName, String schemaName, String tableName, long location) {
        if (!allowedTable(lower(catalogName), lower(schemaName), lower(tableName))) {
            String t = lower(tableName);
            boolean known = catalog.systemNames().contains(t) || catalog.objects().stream().anyMatch(o -> o.endsWith("." + t));
            String named = known && SqlText.printable(tableName) ? "'" + tableName + "'" : "a table name of the query";
            refuse(named + " is not a table or view of the database (nor an allowed catalog view)", location);
        }
    }

    private boolean allowedTable(String c, String s, String t) {
        String db = lower(catalog.database());
        Set<String> objects = catalog.objects();
        if (c.isEmpty() && s.isEmpty()) {
            // search path: temp (empty, nothing can be created), the database's main, then DuckDB's system views
            if (objects.contains("main." + t) || SqlAllowList.systemMainView(t)) {
                return true;
            }
            // a CTE: only a name that could not mean a system view or a file where the CTE is out of scope
            return cteNames.contains(t) && !catalog.systemNames().contains(t) && t.matches("[\\p{L}\\p{N}_ -]+");
        }
        if (c.isEmpty()) {
            // s.t: schema s (of any catalog on the search path), or catalog s with its default schema
            return objects.contains(s + "." + t) || (s.equals(db) && objects.contains("main." + t))
                    || ((s.equals("main") || s.equals("system")) && SqlAllowList.systemMainView(t))
                    || (s.equals("information_schema") && SqlAllowList.informationSchemaView(t));
        }
        return (c.equals(db) && objects.contains(s + "." + t))
                || (c.equals("system") && ((s.equals("main") && SqlAllowList.systemMainView(t))
                        || (s.equals("information_schema") && SqlAllowList.informationSchemaView(t))));
    }

    private void checkShow(JsonNode node, long location) {
        String showType = node.path("show_type").asString("");
        String tableName = node.path("table_name").asString("");
        switch (showType) {
            case "SHOW_SPECIAL" -> {
                if (!SHOW_SPECIAL.contains(tableName)) {
                    refuse("this SHOW is not allowed; SHOW TABLES, SHOW ALL TABLES, SHOW DATABASES, DESCRIBE and "
                            + "SUMMARIZE may run", location);
                }
            }
            case "DESCRIBE", "SUMMARY" -> {
                // DESCRIBE / SUMMARIZE of a query: the query is a child, walked like any other
                if (!tableName.isEmpty() || node.path("query").isNull() || node.path("query").isMissingNode()) {
                    checkTable(node.path("catalog_name").asString(""), node.path("schema_name").asString(""), tableName,
                            location);
                }
            }
            case "SHOW" -> checkTable(node.path("catalog_name").asString(""), node.path("schema_name").asString(""), tableName,
                    location);
            case "SHOW_FROM" -> {
                // SHOW TABLES FROM schema: names of tables only
            }
            default -> refuse("this SHOW is not allowed; SHOW TABLES, SHOW ALL TABLES, SHOW DATABASES, DESCRIBE and "
                    + "SUMMARIZE may run", location);
        }
    }

    private void refuse(String reason, long location) {
        if (problem == null) {
            problem = new Problem(reason, location);
        }
    }

    private static boolean knownType(String type) {
        if (TYPES.contains(type)) {
            return true;
        }
        for (String prefix : TYPE_PREFIXES) {
            if (type.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static long location(JsonNode node, long inherited) {
        JsonNode at = node.get("query_location");
        if (at == null || !at.isIntegralNumber()) {
            return inherited;
        }
        BigInteger value = at.bigIntegerValue();
        if (value.equals(NO_LOCATION) || value.signum() < 0 || value.bitLength() > 62) {
            return inherited;
        }
        return value.longValue();
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
