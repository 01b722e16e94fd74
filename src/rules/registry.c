/* registry: the table of every rule, expanded from rules.def. */
#include "rules/rule.h"

#include <string.h>

#define RULE(id) extern const RuleDesc rule_##id;
#include "rules/rules.def"
#undef RULE

#define RULE(id) &rule_##id,
const RuleDesc *const rule_table[] = {
#include "rules/rules.def"
    NULL,
};
#undef RULE

const uint32_t rule_count = (uint32_t)(sizeof rule_table / sizeof rule_table[0]) - 1;

const RuleDesc *
rule_find(const char *code)
{
    for (uint32_t i = 0; i < rule_count; i++)
        if (!strcmp(rule_table[i]->code, code))
            return rule_table[i];
    return NULL;
}
