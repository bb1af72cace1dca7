/*
 * Named result columns. Code reads a result row by position
 * (ka_rows_at(&rows, r, col)); the position must match the SELECT written
 * elsewhere. So a column list is written once, as a macro of bare SQL
 * tokens, next to an enum of its positions and a compile-time check that
 * the two have as many entries:
 *
 *     #define VERSION_COLUMNS id, process_id, variant, number, state
 *     enum version_col { VC_ID, VC_PROCESS_ID, VC_VARIANT, VC_NUMBER, VC_STATE, VC_COUNT };
 *     KA_COLS_CHECK(VERSION_COLUMNS, VC_COUNT);
 *
 *     ka_store_exec(st, "SELECT " KA_COLS_SQL(VERSION_COLUMNS) " FROM map_versions", ...);
 *     ka_rows_at(&rows, r, VC_STATE)->s
 *
 * KA_COLS_SQL() makes the string literal "id, process_id, variant, number,
 * state" (the preprocessor's stringification: each run of white space
 * becomes one space). KA_COLS_CHECK() fails the build when a column is
 * added or removed on one side only; the order is the reader's to keep.
 *
 * Rules for a list: one entry per result column; a comma inside an entry
 * must be inside parentheses (function calls are: COALESCE(a, b)); no
 * empty string literal '' and no unbalanced quote (clang rejects them in
 * macro arguments) — put such expressions in the SQL text around the list;
 * at most 48 columns.
 */
#ifndef KARTLA_COLS_H
#define KARTLA_COLS_H

/* The column list as a string literal, for the SELECT text. */
#define KA_COLS_SQL(...)  KA_COLS_STR_(__VA_ARGS__)
#define KA_COLS_STR_(...) #__VA_ARGS__

/* The number of columns in the list, an integer constant expression (1..48). */
#define KA_COLS_N(...)                                                                             \
	KA_COLS_N_(__VA_ARGS__, 48, 47, 46, 45, 44, 43, 42, 41, 40, 39, 38, 37, 36, 35, 34, 33,    \
	           32, 31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19, 18, 17, 16, 15, 14, 13, \
	           12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0)
#define KA_COLS_N_(a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16, a17,     \
                   a18, a19, a20, a21, a22, a23, a24, a25, a26, a27, a28, a29, a30, a31, a32, a33, \
                   a34, a35, a36, a37, a38, a39, a40, a41, a42, a43, a44, a45, a46, a47, a48, n,   \
                   ...)                                                                            \
	n

/* Fails the build unless the list has `count` columns (count: the enum's last constant). */
#define KA_COLS_CHECK(list, count)                                                                 \
	_Static_assert(KA_COLS_N(list) == (count),                                                 \
	               "the column list " #list " does not have " #count " columns")

#endif
