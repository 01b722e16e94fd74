/* commands: one entry point per `asyncreview` subcommand, each in its own src/cli/cmd_*.c.
 * Each returns the process exit status: 0 success, 1 findings or syntax errors, 2 usage or I/O
 * error. */
#ifndef ASYNCREVIEW_CLI_COMMANDS_H
#define ASYNCREVIEW_CLI_COMMANDS_H

int cmd_parse(int argc, char **argv);
int cmd_dump_ast(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_rules(int argc, char **argv);
int cmd_review(int argc, char **argv);

#endif
