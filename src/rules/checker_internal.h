/* checker_internal: state shared by checker.c and ctx.c, private to src/rules. */
#ifndef ASYNCREVIEW_RULES_CHECKER_INTERNAL_H
#define ASYNCREVIEW_RULES_CHECKER_INTERNAL_H

#include "rules/checker.h"

#include <string.h>

struct FindingList {
    VEC(Finding) items;
};

#endif
