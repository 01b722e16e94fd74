/* llm_cli: `asyncreview llm-ping`, a hidden developer command that drives the LLM client by hand
 * and from tests (tests/suites/llm_client.py against tests/tools/fake_anthropic.py). */
#ifndef ASYNCREVIEW_LLM_LLM_CLI_H
#define ASYNCREVIEW_LLM_LLM_CLI_H

/* llm_debug_main: runs `llm-ping` with argv[0] = "llm-ping" (the command name) and its options;
 * returns the exit status: 0 success, 1 API or answer error, 2 usage error or unreadable file. */
int llm_debug_main(int argc, char **argv);

#endif
