/* anthropic: a client for the Anthropic Messages API over libcurl, for `asyncreview review --llm`.
 *
 * One call is one POST {base}/v1/messages with the headers x-api-key, anthropic-version: 2023-06-01
 * and content-type: application/json, and the body
 *     {"model": M, "max_tokens": N, "system": S, "messages": [{"role": "user", "content": U}]}.
 * The answer's text is the concatenation of the text blocks of its `content` array.
 *
 * Retries: up to max_retries more attempts (2 by default, so 3 in all) on HTTP 408, 409, 429 and
 * 5xx (529 included) and on network errors and timeouts, never on other 4xx. The delay before retry
 * k (1-based) is retry_base_ms * 2^(k-1), jittered down by up to 25%, unless the answer carried a
 * `retry-after-ms` or `retry-after` header (seconds or an HTTP date), which is honoured as given
 * but cut to retry_after_cap_ms. The API's `x-should-retry: true|false` header overrides the
 * status.
 *
 * Security: nothing is sent unless llm_client_send is called. The key is sent only in the x-api-key
 * header, only to the configured base URL (redirects are not followed; plain http is accepted only
 * for loopback hosts) and never appears in an error message or log line: every text that could hold
 * it (the API's error message, curl's error text, URLs) is redacted first. */
#ifndef ASYNCREVIEW_LLM_ANTHROPIC_H
#define ASYNCREVIEW_LLM_ANTHROPIC_H

#include "base/util.h"

#define LLM_DEFAULT_BASE_URL "https://api.anthropic.com"
#define LLM_DEFAULT_MODEL "claude-sonnet-4-6"
#define LLM_API_VERSION "2023-06-01"
#define LLM_KEY_ENV "ANTHROPIC_API_KEY"
#define LLM_BASE_URL_ENV "ANTHROPIC_BASE_URL"

typedef struct LlmOptions {
    const char *api_key;       /* NULL: $ANTHROPIC_API_KEY (surrounding white space is trimmed) */
    const char *base_url;      /* NULL: $ANTHROPIC_BASE_URL, else LLM_DEFAULT_BASE_URL */
    const char *model;         /* NULL: LLM_DEFAULT_MODEL */
    int max_tokens;            /* answer budget (default 8192) */
    long connect_timeout_ms;   /* default 10 000 */
    long timeout_ms;           /* one whole attempt, default 120 000 */
    int max_retries;           /* default 2 (3 attempts); 0 disables retries */
    long retry_base_ms;        /* first backoff delay, default 1 000; doubled per retry */
    long retry_after_cap_ms;   /* a longer retry-after is cut to this, default 60 000 */
    size_t max_response_bytes; /* a longer answer is an error, default 16 MiB */
    /* Progress lines ("attempt 1: HTTP 429 (rate_limit_error); retrying in 1.0 s"), key-free,
     * without a trailing newline. NULL: silent. */
    void (*log)(void *log_ctx, const char *line);
    void *log_ctx;
} LlmOptions;

/* llm_options_default: fills opt with the defaults above (NULL strings, no log). */
void llm_options_default(LlmOptions *opt);

typedef enum LlmError {
    LLM_OK,
    LLM_ERR_CONFIG,      /* no key, a malformed base URL or model: nothing was sent */
    LLM_ERR_AUTH,        /* 401 */
    LLM_ERR_PERMISSION,  /* 403 */
    LLM_ERR_NOT_FOUND,   /* 404: unknown model, or no Messages API at the base URL */
    LLM_ERR_BAD_REQUEST, /* 400 (invalid request, credit balance, spend limit) and other 4xx */
    LLM_ERR_TOO_LARGE,   /* 413, or an answer over max_response_bytes */
    LLM_ERR_RATE_LIMIT,  /* 429 after the retries */
    LLM_ERR_OVERLOADED,  /* 529 after the retries */
    LLM_ERR_SERVER,      /* other 5xx, 408, 409 after the retries; redirects */
    LLM_ERR_NETWORK,     /* connection failed, TLS error, connection dropped */
    LLM_ERR_TIMEOUT,     /* connect or total timeout */
    LLM_ERR_MALFORMED,   /* a 2xx answer that is not a Messages API JSON response */
    LLM_ERR_EMPTY,       /* the answer has no text (or the model refused) */
} LlmError;

/* llm_error_name: "auth", "rate-limit", ... for logs and tests. */
const char *llm_error_name(LlmError e);

typedef struct LlmClient LlmClient;

/* llm_client_new: a client for opt (copied; opt may be freed afterwards), after checking the key,
 * base URL and model. Sends nothing. Returns NULL with a one-line message in err when the key is
 * missing ("ANTHROPIC_API_KEY is not set; ..."), or the base URL or model is unusable. Free with
 * llm_client_free. */
WARN_UNUSED LlmClient *llm_client_new(const LlmOptions *opt, char *err, size_t err_size);
void llm_client_free(LlmClient *c);

/* The resolved model, and the base URL without credentials (for messages). Owned by the client. */
const char *llm_client_model(const LlmClient *c);
const char *llm_client_base_url(const LlmClient *c);

typedef struct LlmReply {
    char *text;  /* heap: the answer's text (NULL on error) */
    char *error; /* heap: one line, key-free (NULL on success) */
    LlmError kind;
    int http_status; /* of the last attempt; 0 when no HTTP answer came */
    int attempts;    /* requests made (1 + retries) */
    bool truncated;  /* stop_reason "max_tokens": the text is cut off */
    long input_tokens, output_tokens;
    char stop_reason[32];
    char model[128];      /* the model that answered */
    char request_id[128]; /* the API's request-id header, for support requests */
} LlmReply;

/* llm_client_send: one Messages API call with system prompt `system` (NULL: none) and one user
 * message `user`, retried as described above; blocks for up to (max_retries + 1) * timeout_ms plus
 * the delays. Returns 0 with reply->text set, or -1 with reply->kind and reply->error set. Free the
 * reply with llm_reply_free. Several threads may share one client. SIGPIPE is blocked in the
 * calling thread during a transfer (and one it raised is consumed); no process-wide handler
 * changes. */
WARN_UNUSED int llm_client_send(LlmClient *c, const char *system, const char *user,
                                LlmReply *reply);
void llm_reply_free(LlmReply *reply);

/* llm_redact: a heap copy of text with every occurrence of secret (when non-empty) and of
 * Anthropic-style key tokens ("sk-ant-...") replaced by "[REDACTED]". Exposed for tests. */
char *llm_redact(const char *text, const char *secret);

#endif
