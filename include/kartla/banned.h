/* Functions that are easy to misuse; included last by every libkartla .c file. */
#ifndef KARTLA_BANNED_H
#define KARTLA_BANNED_H

#define KA_BANNED(func) sorry_##func##_is_a_banned_function

#undef strcpy
#define strcpy(x, y) KA_BANNED(strcpy)
#undef strcat
#define strcat(x, y) KA_BANNED(strcat)
#undef strncpy
#define strncpy(x, y, n) KA_BANNED(strncpy)
#undef sprintf
#define sprintf(...) KA_BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) KA_BANNED(vsprintf)
#undef strtok
#define strtok(x, y) KA_BANNED(strtok)
#undef atoi
#define atoi(x) KA_BANNED(atoi)
#undef atol
#define atol(x) KA_BANNED(atol)
#undef atof
#define atof(x) KA_BANNED(atof)
#undef gets
#define gets(x) KA_BANNED(gets)

#endif
