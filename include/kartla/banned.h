/*
 * Functions that are easy to misuse; included last by every libkartla .c
 * file (and by the server and the CLI). The list is git's banned.h plus the
 * ato* family: string copies and concatenations that overflow or truncate
 * silently (use struct ka_buf, snprintf or memcpy with a checked length),
 * strtok's hidden state, the time functions that return a pointer to shared
 * static storage (use gmtime_r / localtime_r, or kartla/date.h, which is the
 * one place that reads the clock) and number parsers that cannot report an
 * error (use strtol / strtoll / strtod with an end pointer and errno).
 */
#ifndef KARTLA_BANNED_H
#define KARTLA_BANNED_H

#define KA_BANNED(func) sorry_##func##_is_a_banned_function

#undef strcpy
#define strcpy(x, y) KA_BANNED(strcpy)
#undef strcat
#define strcat(x, y) KA_BANNED(strcat)
#undef strncpy
#define strncpy(x, y, n) KA_BANNED(strncpy)
#undef strncat
#define strncat(x, y, n) KA_BANNED(strncat)
#undef strtok
#define strtok(x, y) KA_BANNED(strtok)
#undef strtok_r
#define strtok_r(x, y, z) KA_BANNED(strtok_r)

#undef sprintf
#define sprintf(...) KA_BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) KA_BANNED(vsprintf)

#undef gmtime
#define gmtime(t) KA_BANNED(gmtime)
#undef localtime
#define localtime(t) KA_BANNED(localtime)
#undef ctime
#define ctime(t) KA_BANNED(ctime)
#undef ctime_r
#define ctime_r(t, buf) KA_BANNED(ctime_r)
#undef asctime
#define asctime(t) KA_BANNED(asctime)
#undef asctime_r
#define asctime_r(t, buf) KA_BANNED(asctime_r)

#undef atoi
#define atoi(x) KA_BANNED(atoi)
#undef atol
#define atol(x) KA_BANNED(atol)
#undef atoll
#define atoll(x) KA_BANNED(atoll)
#undef atof
#define atof(x) KA_BANNED(atof)
#undef gets
#define gets(x) KA_BANNED(gets)

#endif
