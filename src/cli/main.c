/* asyncreview: command-line entry. Dispatches to the subcommands of commands.h. */
#include "cli/commands.h"
#include "llm/llm_cli.h"

#include <malloc.h>
#include <stdio.h>
#include <string.h>

#ifndef ASYNCREVIEW_VERSION
#define ASYNCREVIEW_VERSION "0.1.0"
#endif

typedef struct Command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} Command;

static const Command commands[] = {
    { "check", cmd_check, "lint .py files under PATH... for async problems (text or JSON output)" },
    { "review", cmd_review,
      "write a Markdown review of PATH (file, directory or '-') with verified fixes" },
    { "rules", cmd_rules, "list the rules, or print one rule's documentation" },
    { "parse", cmd_parse, "check the syntax of every .py file under PATH..." },
    { "dump-ast", cmd_dump_ast,
      "print a file's AST as CPython 3.11's ast.dump(..., include_attributes=True)" },
};

static void
usage(FILE *out)
{
    fputs("usage: asyncreview COMMAND [OPTIONS] [PATH...]\n\ncommands:\n", out);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fputs("\n`asyncreview COMMAND --help` describes a command's options.\n", out);
}

int
main(int argc, char **argv)
{
    /* Keep freed memory in the process: every file's arenas are freed and the next file's filled
     * right after, and memory handed back to the system (or mapped per large block) would be
     * faulted in and zeroed again for each. */
    mallopt(M_MMAP_THRESHOLD, 64 * 1024 * 1024);
    mallopt(M_TRIM_THRESHOLD, 256 * 1024 * 1024);
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return 0;
    }
    if (!strcmp(argv[1], "--version")) {
        printf("asyncreview %s\n", ASYNCREVIEW_VERSION);
        return 0;
    }
    if (!strcmp(argv[1], "llm-ping")) /* hidden developer command, used by the LLM client tests */
        return llm_debug_main(argc - 1, argv + 1);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (!strcmp(argv[1], commands[i].name))
            return commands[i].run(argc - 1, argv + 1);
    fprintf(stderr, "asyncreview: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return 2;
}
