/* llm-ping: `asyncreview llm-ping [OPTIONS]` sends one request to the Anthropic Messages API and
 * prints the answer; with --review FILE it sends the review prompt for FILE and prints the checked
 * points. Not listed in the usage: it is for developers and tests. */
#include "llm/llm_cli.h"

#include "base/arena.h"
#include "llm/anthropic.h"
#include "llm/prompt.h"
#include "parse/source.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NAME "llm-ping"

static const char usage_text[] =
    "usage: asyncreview " NAME " [OPTIONS]\n"
    "Sends one request to the Anthropic Messages API and prints the answer (a developer command).\n"
    "The key comes from ANTHROPIC_API_KEY (or the variable named by --key-env).\n"
    "\n"
    "  --base-url URL          API base URL (default: $ANTHROPIC_BASE_URL, "
    "else " LLM_DEFAULT_BASE_URL ")\n"
    "  --model NAME            model (default " LLM_DEFAULT_MODEL ")\n"
    "  --key-env NAME          read the API key from this environment variable\n"
    "  --prompt TEXT           the user message (default: a one-word ping)\n"
    "  --system TEXT           a system prompt\n"
    "  --max-tokens N          answer budget (default 8192)\n"
    "  --timeout SEC           whole-attempt timeout (default 120)\n"
    "  --connect-timeout SEC   connection timeout (default 10)\n"
    "  --retries N             retries after the first attempt (default 2)\n"
    "  --retry-base SEC        first backoff delay, doubled per retry (default 1)\n"
    "  --retry-after-max SEC   cap on a retry-after header (default 60)\n"
    "  --review FILE           send the review prompt for FILE and print the checked points\n"
    "  --framework NAME        with --review: asyncio, trio or anyio (default: from imports)\n"
    "  --python-version X.Y    with --review: target version (default 3.11)\n"
    "  --finding SPEC          with --review: an engine finding LINE[-END]:CODE:SEVERITY:MESSAGE\n"
    "                          (repeatable)\n"
    "  --max-points N          with --review: points asked for and kept (default 10)\n"
    "  --print-prompt          with --review: print the system prompt and user message, send "
    "nothing\n"
    "  --answer-file FILE      with --review: read the answer from FILE instead of the API\n"
    "  -v, --verbose           log attempts, delays and usage to stderr\n";

typedef struct PingArgs {
    LlmOptions opt;
    const char *prompt, *system, *key_env;
    const char *review, *framework, *pyver, *answer_file;
    uint32_t max_points;
    bool print_prompt, verbose;
    VEC(LlmFinding) findings;
} PingArgs;

static void
log_stderr(void *ctx, const char *line)
{
    (void)ctx;
    fprintf(stderr, NAME ": %s\n", line);
}

static int usage_error(const char *fmt, ...) PRINTF_LIKE(1, 2);

static int
usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("asyncreview " NAME ": ", stderr);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputs("\nrun `asyncreview " NAME " --help` for the options\n", stderr);
    return 2;
}

static bool
parse_seconds(const char *s, long *ms)
{
    char *end;
    double v = strtod(s, &end);
    if (end == s || *end || !(v >= 0) || v > 86400)
        return false;
    *ms = (long)(v * 1000.0 + 0.5);
    return true;
}

static bool
parse_count(const char *s, long max, long *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (end == s || *end || v < 0 || v > max)
        return false;
    *out = v;
    return true;
}

/* parse_finding: LINE[-END]:CODE:SEVERITY:MESSAGE into f (strings in a). */
static bool
parse_finding(Arena *a, const char *spec, LlmFinding *f)
{
    char *s = arena_strdup(a, spec);
    char *code = strchr(s, ':');
    char *sev = code ? strchr(code + 1, ':') : NULL;
    char *msg = sev ? strchr(sev + 1, ':') : NULL;
    if (!msg)
        return false;
    *code++ = *sev++ = *msg++ = '\0';
    char *end;
    long line = strtol(s, &end, 10), end_line = line;
    if (*end == '-')
        end_line = strtol(end + 1, &end, 10);
    if (*end || line < 1 || end_line < line || !*code)
        return false;
    *f = (LlmFinding){ .code = code,
                       .line = (uint32_t)line,
                       .end_line = (uint32_t)end_line,
                       .area = AREA_CORRECTNESS,
                       .message = msg };
    return config_parse_severity(sev, &f->severity) == 0;
}

/* parse_args: 0, 1 for --help (printed), or 2 after a usage error. */
static int
parse_args(PingArgs *pa, Arena *a, int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (!strcmp(arg, "-h") || !strcmp(arg, "--help")) {
            fputs(usage_text, stdout);
            return 1;
        }
        if (!strcmp(arg, "-v") || !strcmp(arg, "--verbose")) {
            pa->verbose = true;
            continue;
        }
        if (!strcmp(arg, "--print-prompt")) {
            pa->print_prompt = true;
            continue;
        }
        if (strncmp(arg, "--", 2))
            return usage_error("unexpected argument '%s'", arg);
        /* Options with a value: --name VALUE or --name=VALUE. */
        const char *eq = strchr(arg, '=');
        size_t name_len = eq ? (size_t)(eq - arg) : strlen(arg);
        const char *val = eq ? eq + 1 : NULL;
        static const char *const with_value[] = {
            "--base-url",    "--model",          "--key-env",         "--prompt",
            "--system",      "--max-tokens",     "--timeout",         "--connect-timeout",
            "--retries",     "--retry-base",     "--retry-after-max", "--review",
            "--framework",   "--python-version", "--finding",         "--max-points",
            "--answer-file",
        };
        const char *name = NULL;
        for (size_t k = 0; k < ARRAY_LEN(with_value); k++)
            if (strlen(with_value[k]) == name_len && !strncmp(arg, with_value[k], name_len))
                name = with_value[k];
        if (!name)
            return usage_error("unknown option '%s'", arg);
        if (!val) {
            if (i + 1 >= argc)
                return usage_error("%s needs a value", name);
            val = argv[++i];
        }
        long n;
        if (!strcmp(name, "--base-url"))
            pa->opt.base_url = val;
        else if (!strcmp(name, "--model"))
            pa->opt.model = val;
        else if (!strcmp(name, "--key-env"))
            pa->key_env = val;
        else if (!strcmp(name, "--prompt"))
            pa->prompt = val;
        else if (!strcmp(name, "--system"))
            pa->system = val;
        else if (!strcmp(name, "--review"))
            pa->review = val;
        else if (!strcmp(name, "--framework"))
            pa->framework = val;
        else if (!strcmp(name, "--python-version"))
            pa->pyver = val;
        else if (!strcmp(name, "--answer-file"))
            pa->answer_file = val;
        else if (!strcmp(name, "--max-tokens")) {
            if (!parse_count(val, 1000000, &n) || n == 0)
                return usage_error("--max-tokens: '%s' is not a positive integer", val);
            pa->opt.max_tokens = (int)n;
        } else if (!strcmp(name, "--retries")) {
            if (!parse_count(val, 10, &n))
                return usage_error("--retries: '%s' is not an integer from 0 to 10", val);
            pa->opt.max_retries = (int)n;
        } else if (!strcmp(name, "--max-points")) {
            if (!parse_count(val, 100, &n) || n == 0)
                return usage_error("--max-points: '%s' is not an integer from 1 to 100", val);
            pa->max_points = (uint32_t)n;
        } else if (!strcmp(name, "--finding")) {
            LlmFinding f;
            if (!parse_finding(a, val, &f))
                return usage_error("--finding: '%s' is not LINE[-END]:CODE:SEVERITY:MESSAGE", val);
            VEC_PUSH(a, pa->findings, f);
        } else {
            long *ms = !strcmp(name, "--timeout")           ? &pa->opt.timeout_ms
                       : !strcmp(name, "--connect-timeout") ? &pa->opt.connect_timeout_ms
                       : !strcmp(name, "--retry-base")      ? &pa->opt.retry_base_ms
                                                            : &pa->opt.retry_after_cap_ms;
            if (!parse_seconds(val, ms))
                return usage_error("'%s' is not a number of seconds", val);
            if ((ms == &pa->opt.timeout_ms || ms == &pa->opt.connect_timeout_ms) && *ms == 0)
                return usage_error("a timeout must be positive, not '%s'", val);
        }
    }
    if ((pa->framework || pa->pyver || pa->findings.len || pa->print_prompt || pa->answer_file ||
         pa->max_points) &&
        !pa->review)
        return usage_error("%s", "--framework, --python-version, --finding, --max-points, "
                                 "--print-prompt and --answer-file need --review FILE");
    if (pa->review && (pa->prompt || pa->system))
        return usage_error("%s", "--prompt and --system cannot be used with --review");
    return 0;
}

/* detect_framework: trio or anyio when the file imports it, else asyncio. A rough stand-in for the
 * semantic model's detection, good enough for a developer command. */
static Framework
detect_framework(const char *text)
{
    if (strstr(text, "import trio") || strstr(text, "from trio"))
        return FW_TRIO;
    if (strstr(text, "import anyio") || strstr(text, "from anyio"))
        return FW_ANYIO;
    return FW_ASYNCIO;
}

static void
print_indented(const char *prefix, const char *text)
{
    for (const char *line = text; *line;) {
        const char *nl = strchr(line, '\n');
        int n = nl ? (int)(nl - line) : (int)strlen(line);
        printf("%s%.*s\n", prefix, n, line);
        line = nl ? nl + 1 : line + n;
    }
}

static void
print_answer(const LlmAnswer *ans)
{
    printf("points: %u\n", ans->npoints);
    for (uint32_t i = 0; i < ans->npoints; i++) {
        const LlmPoint *p = &ans->points[i];
        printf("point %u: lines %u-%u %s %s: %s\n", i + 1, p->line, p->end_line,
               severity_name(p->severity), area_name(p->area), p->title);
        print_indented("  | ", p->explanation);
        if (*p->code) {
            printf("  code:\n");
            print_indented("  > ", p->code);
        }
    }
    for (uint32_t i = 0; i < ans->nnotes; i++)
        printf("note: %s\n", ans->notes[i]);
    printf("summary: %s\n", ans->summary);
}

/* send_once: one call; prints the error and returns 1, or 0 with *text set (heap). */
static int
send_once(const PingArgs *pa, const char *system, const char *user, char **text)
{
    char err[512];
    LlmOptions opt = pa->opt;
    if (pa->key_env) {
        opt.api_key = getenv(pa->key_env);
        if (!opt.api_key) {
            fprintf(stderr, "asyncreview " NAME ": %s is not set\n", pa->key_env);
            return 1;
        }
    }
    LlmClient *c = llm_client_new(&opt, err, sizeof err);
    if (!c) {
        fprintf(stderr, "asyncreview " NAME ": %s\n", err);
        return 1;
    }
    if (pa->verbose)
        fprintf(stderr, NAME ": POST %s (model %s)\n", llm_client_base_url(c), llm_client_model(c));
    LlmReply reply;
    int rc = llm_client_send(c, system, user, &reply);
    if (pa->verbose)
        fprintf(stderr,
                NAME ": attempts: %d, HTTP %d, model %s, stop_reason %s, tokens %ld in, %ld "
                     "out, request id %s\n",
                reply.attempts, reply.http_status, reply.model[0] ? reply.model : "-",
                reply.stop_reason[0] ? reply.stop_reason : "-", reply.input_tokens,
                reply.output_tokens, reply.request_id[0] ? reply.request_id : "-");
    if (rc < 0) {
        fprintf(stderr, "asyncreview " NAME ": %s [%s]\n", reply.error, llm_error_name(reply.kind));
        llm_reply_free(&reply);
        llm_client_free(c);
        return 1;
    }
    if (reply.truncated)
        fprintf(stderr, "asyncreview " NAME ": warning: the answer was cut off at max_tokens\n");
    *text = reply.text;
    reply.text = NULL;
    llm_reply_free(&reply);
    llm_client_free(c);
    return 0;
}

static int
run_review(const PingArgs *pa, Arena *a)
{
    char reason[256];
    size_t n;
    char *raw = source_read_file(pa->review, &n, reason, sizeof reason);
    if (!raw) {
        fprintf(stderr, "asyncreview " NAME ": %s: %s\n", pa->review, reason);
        return 2;
    }
    Source src;
    SyntaxErr serr = { 0 };
    int drc = source_decode(a, pa->review, raw, n, &src, &serr);
    free(raw);
    if (drc < 0) {
        fprintf(stderr, "asyncreview " NAME ": %s: %s\n", pa->review, serr.msg);
        return 2;
    }
    LlmReviewInput in = {
        .path = pa->review,
        .text = src.text,
        .text_len = src.len,
        .framework = detect_framework(src.text),
        .pyver = 311,
        .findings = pa->findings.items,
        .nfindings = pa->findings.len,
        .max_points = pa->max_points,
        .check_code = true,
    };
    if (pa->framework && config_parse_framework(pa->framework, &in.framework) < 0)
        return usage_error("--framework: '%s' is not asyncio, trio or anyio", pa->framework);
    if (pa->pyver && (in.pyver = config_parse_version(pa->pyver)) < 0)
        return usage_error("--python-version: '%s' is not a version from 3.7 to 3.14", pa->pyver);
    const char *system = llm_prompt_system(a, &in);
    const char *user = llm_prompt_user(a, &in);
    if (pa->print_prompt) {
        printf("=== system ===\n%s=== user ===\n%s", system, user);
        return 0;
    }
    char *text = NULL;
    if (pa->answer_file) {
        text = source_read_file(pa->answer_file, &n, reason, sizeof reason);
        if (!text) {
            fprintf(stderr, "asyncreview " NAME ": %s: %s\n", pa->answer_file, reason);
            return 2;
        }
    } else if (send_once(pa, system, user, &text) != 0) {
        return 1;
    } else {
        n = strlen(text);
    }
    LlmAnswer ans;
    char err[256];
    int rc = llm_parse_answer(a, text, n, &in, &ans, err, sizeof err);
    free(text);
    if (rc < 0) {
        fprintf(stderr, "asyncreview " NAME ": %s\n", err);
        return 1;
    }
    print_answer(&ans);
    return 0;
}

int
llm_debug_main(int argc, char **argv)
{
    PingArgs pa = { 0 };
    Arena a;
    arena_init(&a, 0);
    llm_options_default(&pa.opt);
    int rc = parse_args(&pa, &a, argc, argv);
    if (rc) {
        arena_free(&a);
        return rc == 1 ? 0 : rc;
    }
    if (pa.verbose) {
        pa.opt.log = log_stderr;
        pa.opt.log_ctx = NULL;
    }
    if (pa.review) {
        rc = run_review(&pa, &a);
    } else {
        char *text = NULL;
        rc = send_once(&pa, pa.system, pa.prompt ? pa.prompt : "Reply with the single word: pong",
                       &text);
        if (rc == 0) {
            size_t n = strlen(text);
            fputs(text, stdout);
            if (n && text[n - 1] != '\n')
                fputc('\n', stdout);
            free(text);
        }
    }
    arena_free(&a);
    return rc;
}
