/*
 * Named result columns. Code reads a result row by position
 * (ka_rows_at(&rows, r, col)); the position must match the SELECT written
 * elsewhere. So a column list is written once, as a macro of string
 * literals (one per column), next to the SQL text made of it, an enum of
 * its positions and a compile-time check that the list and the enum have
 * as many entries:
 *
 *     #define VERSION_COLUMNS "id", "process_id", "variant", "number", "state"
 *     #define VERSION_COLS    KA_COLS_SQL(VERSION_COLUMNS)
 *     enum version_col { VC_ID, VC_PROCESS_ID, VC_VARIANT, VC_NUMBER, VC_STATE, VC_COUNT };
 *     KA_COLS_CHECK(VERSION_COLUMNS, VC_COUNT);
 *
 *     ka_store_exec(st, "SELECT " VERSION_COLS " FROM map_versions WHERE id = ?", ...);
 *     ka_rows_at(&rows, r, VC_STATE)->s
 *
 * KA_COLS_SQL() joins the literals with ", " into one string literal
 * ("id, process_id, variant, number, state"); the SQL names that string
 * (X_COLS) rather than calling KA_COLS_SQL() in the text, which keeps the
 * statement one run of string literals to read. KA_COLS_CHECK() fails the
 * build when a column is added or removed on one side only (two literals
 * left without a comma between them join into one column, which it
 * catches too); the order is the reader's to keep. A list may include
 * another list macro; its enum then counts those columns too (a list that
 * starts with another one can begin its enum at that list's count). At
 * most 48 columns (a longer list fails the build).
 *
 * Why literals and not bare SQL tokens: the preprocessor would expand a
 * token that is also a C macro (NULL becomes ((void *)0)); it never looks
 * inside a string literal.
 */
#ifndef KARTLA_COLS_H
#define KARTLA_COLS_H

/* The columns joined with ", " as one string literal, for the SELECT text. */
#define KA_COLS_SQL(...)       KA_COLS_JOIN_(KA_COLS_N(__VA_ARGS__), __VA_ARGS__)
#define KA_COLS_JOIN_(n, ...)  KA_COLS_JOIN__(n, __VA_ARGS__)
#define KA_COLS_JOIN__(n, ...) KA_COLS_J##n(__VA_ARGS__)
#define KA_COLS_J1(a)          a
#define KA_COLS_J2(a, ...)     a ", " KA_COLS_J1(__VA_ARGS__)
#define KA_COLS_J3(a, ...)     a ", " KA_COLS_J2(__VA_ARGS__)
#define KA_COLS_J4(a, ...)     a ", " KA_COLS_J3(__VA_ARGS__)
#define KA_COLS_J5(a, ...)     a ", " KA_COLS_J4(__VA_ARGS__)
#define KA_COLS_J6(a, ...)     a ", " KA_COLS_J5(__VA_ARGS__)
#define KA_COLS_J7(a, ...)     a ", " KA_COLS_J6(__VA_ARGS__)
#define KA_COLS_J8(a, ...)     a ", " KA_COLS_J7(__VA_ARGS__)
#define KA_COLS_J9(a, ...)     a ", " KA_COLS_J8(__VA_ARGS__)
#define KA_COLS_J10(a, ...)    a ", " KA_COLS_J9(__VA_ARGS__)
#define KA_COLS_J11(a, ...)    a ", " KA_COLS_J10(__VA_ARGS__)
#define KA_COLS_J12(a, ...)    a ", " KA_COLS_J11(__VA_ARGS__)
#define KA_COLS_J13(a, ...)    a ", " KA_COLS_J12(__VA_ARGS__)
#define KA_COLS_J14(a, ...)    a ", " KA_COLS_J13(__VA_ARGS__)
#define KA_COLS_J15(a, ...)    a ", " KA_COLS_J14(__VA_ARGS__)
#define KA_COLS_J16(a, ...)    a ", " KA_COLS_J15(__VA_ARGS__)
#define KA_COLS_J17(a, ...)    a ", " KA_COLS_J16(__VA_ARGS__)
#define KA_COLS_J18(a, ...)    a ", " KA_COLS_J17(__VA_ARGS__)
#define KA_COLS_J19(a, ...)    a ", " KA_COLS_J18(__VA_ARGS__)
#define KA_COLS_J20(a, ...)    a ", " KA_COLS_J19(__VA_ARGS__)
#define KA_COLS_J21(a, ...)    a ", " KA_COLS_J20(__VA_ARGS__)
#define KA_COLS_J22(a, ...)    a ", " KA_COLS_J21(__VA_ARGS__)
#define KA_COLS_J23(a, ...)    a ", " KA_COLS_J22(__VA_ARGS__)
#define KA_COLS_J24(a, ...)    a ", " KA_COLS_J23(__VA_ARGS__)
#define KA_COLS_J25(a, ...)    a ", " KA_COLS_J24(__VA_ARGS__)
#define KA_COLS_J26(a, ...)    a ", " KA_COLS_J25(__VA_ARGS__)
#define KA_COLS_J27(a, ...)    a ", " KA_COLS_J26(__VA_ARGS__)
#define KA_COLS_J28(a, ...)    a ", " KA_COLS_J27(__VA_ARGS__)
#define KA_COLS_J29(a, ...)    a ", " KA_COLS_J28(__VA_ARGS__)
#define KA_COLS_J30(a, ...)    a ", " KA_COLS_J29(__VA_ARGS__)
#define KA_COLS_J31(a, ...)    a ", " KA_COLS_J30(__VA_ARGS__)
#define KA_COLS_J32(a, ...)    a ", " KA_COLS_J31(__VA_ARGS__)
#define KA_COLS_J33(a, ...)    a ", " KA_COLS_J32(__VA_ARGS__)
#define KA_COLS_J34(a, ...)    a ", " KA_COLS_J33(__VA_ARGS__)
#define KA_COLS_J35(a, ...)    a ", " KA_COLS_J34(__VA_ARGS__)
#define KA_COLS_J36(a, ...)    a ", " KA_COLS_J35(__VA_ARGS__)
#define KA_COLS_J37(a, ...)    a ", " KA_COLS_J36(__VA_ARGS__)
#define KA_COLS_J38(a, ...)    a ", " KA_COLS_J37(__VA_ARGS__)
#define KA_COLS_J39(a, ...)    a ", " KA_COLS_J38(__VA_ARGS__)
#define KA_COLS_J40(a, ...)    a ", " KA_COLS_J39(__VA_ARGS__)
#define KA_COLS_J41(a, ...)    a ", " KA_COLS_J40(__VA_ARGS__)
#define KA_COLS_J42(a, ...)    a ", " KA_COLS_J41(__VA_ARGS__)
#define KA_COLS_J43(a, ...)    a ", " KA_COLS_J42(__VA_ARGS__)
#define KA_COLS_J44(a, ...)    a ", " KA_COLS_J43(__VA_ARGS__)
#define KA_COLS_J45(a, ...)    a ", " KA_COLS_J44(__VA_ARGS__)
#define KA_COLS_J46(a, ...)    a ", " KA_COLS_J45(__VA_ARGS__)
#define KA_COLS_J47(a, ...)    a ", " KA_COLS_J46(__VA_ARGS__)
#define KA_COLS_J48(a, ...)    a ", " KA_COLS_J47(__VA_ARGS__)

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
