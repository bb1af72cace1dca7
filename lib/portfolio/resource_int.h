/* Private to the resource engine (resource.c, resource_write.c). */
#ifndef KARTLA_LIB_RESOURCE_INT_H
#define KARTLA_LIB_RESOURCE_INT_H

#define KA_RES_MAX_COLS 24 /* columns of one description, at most */

#endif
