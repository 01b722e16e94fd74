/* anthropic: the Messages API client (see anthropic.h for the protocol, retries and security). */
#include "llm/anthropic.h"

#include "base/strbuf.h"
#include "llm/curl_lazy.h"

#include <cJSON.h>
#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define REDACTED "[REDACTED]"
#define MAX_MODEL_LEN 200
#define MAX_API_MESSAGE 300 /* characters of the API's error.message kept in our messages */

struct LlmClient {
    LlmOptions opt; /* string fields point to the copies below */
    char *key;
    char *base_url;  /* as configured, without a trailing slash */
    char *url;       /* base_url + "/v1/messages" */
    char *shown_url; /* url without user:password, for messages */
    char *host;      /* for "could not reach HOST" */
    char *userinfo;  /* user:password of the base URL, redacted like the key; NULL when none */
    char *model;
    unsigned seed; /* for the backoff jitter; each call draws from its own copy */
    bool https;
};

void
llm_options_default(LlmOptions *opt)
{
    *opt = (LlmOptions){
        .max_tokens = 8192,
        .connect_timeout_ms = 10000,
        .timeout_ms = 120000,
        .max_retries = 2,
        .retry_base_ms = 1000,
        .retry_after_cap_ms = 60000,
        .max_response_bytes = 16u << 20,
    };
}

const char *
llm_error_name(LlmError e)
{
    static const char *const names[] = {
        [LLM_OK] = "ok",
        [LLM_ERR_CONFIG] = "config",
        [LLM_ERR_AUTH] = "auth",
        [LLM_ERR_PERMISSION] = "permission",
        [LLM_ERR_NOT_FOUND] = "not-found",
        [LLM_ERR_BAD_REQUEST] = "bad-request",
        [LLM_ERR_TOO_LARGE] = "too-large",
        [LLM_ERR_RATE_LIMIT] = "rate-limit",
        [LLM_ERR_OVERLOADED] = "overloaded",
        [LLM_ERR_SERVER] = "server",
        [LLM_ERR_NETWORK] = "network",
        [LLM_ERR_TIMEOUT] = "timeout",
        [LLM_ERR_MALFORMED] = "malformed",
        [LLM_ERR_EMPTY] = "empty",
    };
    return (unsigned)e < ARRAY_LEN(names) && names[e] ? names[e] : "unknown";
}

static void set_err(char *err, size_t err_size, const char *fmt, ...) PRINTF_LIKE(3, 4);

static void
set_err(char *err, size_t err_size, const char *fmt, ...)
{
    if (!err || !err_size)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, err_size, fmt, ap);
    va_end(ap);
}

/* Redaction */

static void
replace_all(StrBuf *out, const char *text, const char *needle)
{
    size_t n = strlen(needle);
    const char *p = text;
    for (const char *hit; (hit = strstr(p, needle)); p = hit + n) {
        sb_add(out, p, (size_t)(hit - p));
        sb_adds(out, REDACTED);
    }
    sb_adds(out, p);
}

/* Anthropic keys look like sk-ant-api03-XXXX: a server could echo a key we never sent (say, one
 * from an earlier configuration), so any such token goes too. */
static bool
key_char(char ch)
{
    return isalnum((unsigned char)ch) || ch == '-' || ch == '_';
}

char *
llm_redact(const char *text, const char *secret)
{
    StrBuf a = STRBUF_INIT, b = STRBUF_INIT;
    if (secret && *secret)
        replace_all(&a, text, secret);
    else
        sb_adds(&a, text);
    const char *p = sb_cstr(&a);
    for (const char *hit; (hit = strstr(p, "sk-ant-"));) {
        sb_add(&b, p, (size_t)(hit - p));
        sb_adds(&b, REDACTED);
        p = hit + 7;
        while (key_char(*p))
            p++;
    }
    sb_adds(&b, p);
    sb_free(&a);
    return sb_steal(&b);
}

/* redact_all: text without the key and the URL's credentials; heap. */
static char *
redact_all(const LlmClient *c, const char *text)
{
    char *r = llm_redact(text, c->key);
    if (c->userinfo && *c->userinfo) {
        StrBuf sb = STRBUF_INIT;
        replace_all(&sb, r, c->userinfo);
        free(r);
        r = sb_steal(&sb);
    }
    return r;
}

/* one_line: s with control characters as spaces, runs of white space collapsed, trimmed, and cut
 * to at most max bytes (at a UTF-8 boundary, with "..."). Heap. */
static char *
one_line(const char *s, size_t max)
{
    StrBuf sb = STRBUF_INIT;
    bool space = false;
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch < 0x20 || ch == 0x7f || ch == ' ') {
            space = sb.len > 0;
            continue;
        }
        if (space)
            sb_addc(&sb, ' ');
        space = false;
        sb_addc(&sb, (char)ch);
    }
    if (sb.len > max) {
        size_t cut = max;
        while (cut > 0 && ((unsigned char)sb.data[cut] & 0xC0) == 0x80)
            cut--;
        sb.len = cut;
        sb.data[cut] = '\0';
        sb_adds(&sb, "...");
    }
    return sb_steal(&sb);
}

/* Client set-up */

static bool
has_control_or_space(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s <= ' ' || *s == 0x7f)
            return true;
    return false;
}

static char *
trimmed_copy(const char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1]))
        n--;
    char *r = xmalloc(n + 1);
    memcpy(r, s, n);
    r[n] = '\0';
    return r;
}

static bool
is_loopback(const char *host)
{
    return !strcmp(host, "localhost") || !strncmp(host, "127.", 4) || !strcmp(host, "[::1]") ||
           !strcmp(host, "::1");
}

/* parse_base_url: fills c->url, shown_url, host, userinfo from c->base_url; 0 or -1 with err. */
static int
parse_base_url(LlmClient *c, char *err, size_t err_size)
{
    CURLU *u = curl_url();
    char *scheme = NULL, *host = NULL, *user = NULL, *password = NULL, *query = NULL, *frag = NULL;
    int rc = -1;
    if (!u)
        fatal("out of memory (curl_url)");
    /* The URL is checked without its credentials in the message. */
    if (curl_url_set(u, CURLUPART_URL, c->base_url, 0) != CURLUE_OK ||
        curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
        curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK) {
        char *shown = llm_redact(c->base_url, c->key);
        char *line = one_line(shown, 200);
        set_err(err, err_size, "the base URL '%s' is not a valid http(s) URL", line);
        free(line);
        free(shown);
        goto out;
    }
    curl_url_get(u, CURLUPART_USER, &user, 0);
    curl_url_get(u, CURLUPART_PASSWORD, &password, 0);
    if (curl_url_get(u, CURLUPART_QUERY, &query, 0) == CURLUE_OK ||
        curl_url_get(u, CURLUPART_FRAGMENT, &frag, 0) == CURLUE_OK) {
        set_err(err, err_size, "the base URL must not have a query or fragment (host %s)", host);
        goto out;
    }
    if (strcmp(scheme, "https") && strcmp(scheme, "http")) {
        set_err(err, err_size, "the base URL must start with https:// (not %s://)", scheme);
        goto out;
    }
    if (!strcmp(scheme, "http") && !is_loopback(host)) {
        set_err(err, err_size,
                "refusing to send the API key over plain http to %s; use an https:// base URL",
                host);
        goto out;
    }
    c->https = !strcmp(scheme, "https");
    if (user || password) {
        StrBuf ui = STRBUF_INIT;
        sb_printf(&ui, "%s%s%s", user ? user : "", password ? ":" : "", password ? password : "");
        c->userinfo = sb_steal(&ui);
        curl_url_set(u, CURLUPART_USER, NULL, 0);
        curl_url_set(u, CURLUPART_PASSWORD, NULL, 0);
    }
    char *shown = NULL;
    if (curl_url_get(u, CURLUPART_URL, &shown, 0) != CURLUE_OK) {
        set_err(err, err_size, "the base URL is not a valid http(s) URL (host %s)", host);
        goto out;
    }
    StrBuf sb = STRBUF_INIT;
    size_t n = strlen(shown);
    while (n && shown[n - 1] == '/')
        n--;
    sb_add(&sb, shown, n);
    sb_adds(&sb, "/v1/messages");
    c->shown_url = sb_steal(&sb);
    curl_free(shown);
    c->host = xstrdup(host);
    sb_printf(&sb, "%s/v1/messages", c->base_url);
    c->url = sb_steal(&sb);
    rc = 0;
out:
    curl_free(scheme);
    curl_free(host);
    curl_free(user);
    curl_free(password);
    curl_free(query);
    curl_free(frag);
    curl_url_cleanup(u);
    return rc;
}

LlmClient *
llm_client_new(const LlmOptions *opt, char *err, size_t err_size)
{
    LlmOptions defaults;
    if (!opt) {
        llm_options_default(&defaults);
        opt = &defaults;
    }
    const char *key = opt->api_key ? opt->api_key : getenv(LLM_KEY_ENV);
    if (!key || !*key) {
        set_err(
            err, err_size,
            "%s is not set; export your Anthropic API key in it to use --llm, or review without "
            "--llm",
            LLM_KEY_ENV);
        return NULL;
    }
    char *trimmed = trimmed_copy(key);
    if (!*trimmed || has_control_or_space(trimmed)) {
        set_err(err, err_size, "%s %s; check its value", LLM_KEY_ENV,
                *trimmed ? "contains spaces or control characters" : "is empty");
        free(trimmed);
        return NULL;
    }
    if (!curl_lazy_load(err, err_size)) {
        free(trimmed);
        return NULL;
    }
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        set_err(err, err_size, "libcurl could not be initialised");
        free(trimmed);
        return NULL;
    }
    LlmClient *c = xcalloc(1, sizeof *c);
    c->opt = *opt;
    c->key = trimmed;

    const char *base = opt->base_url;
    if (!base || !*base)
        base = getenv(LLM_BASE_URL_ENV);
    if (!base || !*base)
        base = LLM_DEFAULT_BASE_URL;
    c->base_url = trimmed_copy(base);
    size_t n = strlen(c->base_url);
    while (n && c->base_url[n - 1] == '/')
        c->base_url[--n] = '\0';

    const char *model = opt->model && *opt->model ? opt->model : LLM_DEFAULT_MODEL;
    c->model = xstrdup(model);
    if (strlen(model) > MAX_MODEL_LEN || has_control_or_space(model)) {
        char *line = one_line(model, 60);
        set_err(err, err_size, "the model name '%s' is not valid", line);
        free(line);
        llm_client_free(c);
        return NULL;
    }
    if (parse_base_url(c, err, err_size) < 0) {
        llm_client_free(c);
        return NULL;
    }
    if (c->opt.max_tokens <= 0)
        c->opt.max_tokens = 8192;
    if (c->opt.max_retries < 0)
        c->opt.max_retries = 0;
    if (c->opt.max_retries > 10)
        c->opt.max_retries = 10;
    if (c->opt.connect_timeout_ms <= 0)
        c->opt.connect_timeout_ms = 10000;
    if (c->opt.timeout_ms <= 0)
        c->opt.timeout_ms = 120000;
    if (c->opt.retry_base_ms < 0)
        c->opt.retry_base_ms = 0;
    if (c->opt.retry_after_cap_ms < 0)
        c->opt.retry_after_cap_ms = 0;
    if (!c->opt.max_response_bytes)
        c->opt.max_response_bytes = 16u << 20;
    c->opt.api_key = c->key;
    c->opt.base_url = c->base_url;
    c->opt.model = c->model;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    c->seed = (unsigned)ts.tv_nsec ^ ((unsigned)getpid() << 16) ^ (unsigned)(uintptr_t)c;
    return c;
}

static void
wipe_free(char *s)
{
    if (!s)
        return;
    volatile char *v = s;
    while (*v)
        *v++ = '\0';
    free(s);
}

void
llm_client_free(LlmClient *c)
{
    if (!c)
        return;
    wipe_free(c->key);
    wipe_free(c->userinfo);
    wipe_free(c->base_url);
    wipe_free(c->url);
    free(c->shown_url);
    free(c->host);
    free(c->model);
    free(c);
    curl_global_cleanup();
}

const char *
llm_client_model(const LlmClient *c)
{
    return c->model;
}

const char *
llm_client_base_url(const LlmClient *c)
{
    return c->shown_url;
}

void
llm_reply_free(LlmReply *reply)
{
    free(reply->text);
    free(reply->error);
    reply->text = reply->error = NULL;
}

/* One attempt */

typedef struct Body {
    StrBuf sb;
    size_t max;
    bool too_big;
} Body;

static size_t
on_write(char *data, size_t size, size_t nmemb, void *userdata)
{
    Body *b = userdata;
    size_t n = size * nmemb;
    if (b->sb.len + n > b->max) {
        b->too_big = true;
        return 0; /* aborts the transfer with CURLE_WRITE_ERROR */
    }
    sb_add(&b->sb, data, n);
    return n;
}

typedef struct Attempt {
    CURLcode code;
    char curl_err[CURL_ERROR_SIZE];
    long status;
    bool connected; /* the TCP (and, for https, TLS) connection was up: a timeout came later */
    Body body;
    long retry_after_ms; /* -1: none */
    int should_retry;    /* x-should-retry: 1 true, 0 false, -1 absent */
    char request_id[128];
} Attempt;

static const char *
header_value(CURL *h, const char *name)
{
    struct curl_header *hd = NULL;
    if (curl_easy_header(h, name, 0, CURLH_HEADER, -1, &hd) != CURLHE_OK || !hd)
        return NULL;
    return hd->value;
}

/* parse_retry_after: milliseconds from retry-after-ms, or retry-after as seconds (fractions
 * allowed) or as an HTTP date; -1 when absent or unreadable. */
static long
parse_retry_after(CURL *h)
{
    const char *v = header_value(h, "retry-after-ms");
    char *end;
    if (v) {
        double ms = strtod(v, &end);
        if (end != v && ms >= 0 && ms < 1e9)
            return (long)ms;
    }
    v = header_value(h, "retry-after");
    if (!v)
        return -1;
    double secs = strtod(v, &end);
    if (end != v && secs >= 0 && secs < 1e7) {
        while (isspace((unsigned char)*end))
            end++;
        if (!*end)
            return (long)(secs * 1000.0);
    }
    time_t when = curl_getdate(v, NULL);
    if (when == (time_t)-1)
        return -1;
    time_t now = time(NULL);
    return when > now ? (long)(when - now) * 1000L : 0;
}

static void
run_attempt(LlmClient *c, CURL *h, struct curl_slist *headers, const char *body, size_t body_len,
            Attempt *at)
{
    curl_easy_reset(h);
    at->retry_after_ms = -1;
    at->should_retry = -1;
    at->curl_err[0] = '\0';
    sb_clear(&at->body.sb);
    at->body.too_big = false;
    at->body.max = c->opt.max_response_bytes;
    curl_easy_setopt(h, CURLOPT_URL, c->url);
#if LIBCURL_VERSION_NUM >= 0x075500
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
#else
    curl_easy_setopt(h, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(h, CURLOPT_POST, 1L);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)body_len);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, c->opt.connect_timeout_ms);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, c->opt.timeout_ms);
    curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(h, CURLOPT_USERAGENT, "asyncreview");
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, at->curl_err);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_write);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &at->body);
    curl_easy_setopt(h, CURLOPT_TCP_KEEPALIVE, 1L);
    at->code = curl_easy_perform(h);
    at->status = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &at->status);
    double connect_time = 0, tls_time = 0;
    curl_easy_getinfo(h, CURLINFO_CONNECT_TIME, &connect_time);
    curl_easy_getinfo(h, CURLINFO_APPCONNECT_TIME, &tls_time);
    at->connected = connect_time > 0 && (!c->https || tls_time > 0);
    at->request_id[0] = '\0';
    if (at->status) {
        at->retry_after_ms = parse_retry_after(h);
        const char *v = header_value(h, "x-should-retry");
        if (v)
            at->should_retry = !strcmp(v, "true") ? 1 : !strcmp(v, "false") ? 0 : -1;
        v = header_value(h, "request-id");
        if (v) {
            char *line = one_line(v, sizeof at->request_id - 4);
            snprintf(at->request_id, sizeof at->request_id, "%s", line);
            free(line);
        }
    }
}

static bool
retryable_status(long status)
{
    return status == 408 || status == 409 || status == 429 || status >= 500;
}

/* Network errors that a retry cannot cure: our own configuration, or the server's certificate. */
static bool
permanent_curl_error(CURLcode code)
{
    switch (code) {
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
    case CURLE_NOT_BUILT_IN:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_FUNCTION_NOT_FOUND:
    case CURLE_OUT_OF_MEMORY:
        return true;
    default:
        return false;
    }
}

/* The API's error body: {"type": "error", "error": {"type": T, "message": M}}. */
typedef struct ApiError {
    char *type;    /* heap or NULL */
    char *message; /* heap, one line, redacted, or NULL */
} ApiError;

static void
read_api_error(const LlmClient *c, const StrBuf *body, ApiError *ae)
{
    ae->type = ae->message = NULL;
    if (!body->len)
        return;
    cJSON *root = cJSON_ParseWithLength(body->data, body->len);
    cJSON *error = cJSON_GetObjectItemCaseSensitive(root, "error");
    cJSON *type = cJSON_GetObjectItemCaseSensitive(error, "type");
    cJSON *message = cJSON_GetObjectItemCaseSensitive(error, "message");
    if (!cJSON_IsObject(error)) /* some gateways answer {"message": ...} */
        message = cJSON_GetObjectItemCaseSensitive(root, "message");
    if (cJSON_IsString(type) && *type->valuestring)
        ae->type = one_line(type->valuestring, 60);
    if (cJSON_IsString(message) && *message->valuestring) {
        char *r = redact_all(c, message->valuestring);
        ae->message = one_line(r, MAX_API_MESSAGE);
        free(r);
    }
    cJSON_Delete(root);
}

static void
api_error_free(ApiError *ae)
{
    free(ae->type);
    free(ae->message);
}

/* "(HTTP 429, rate_limit_error: message)" */
static void
add_status_detail(StrBuf *sb, long status, const ApiError *ae)
{
    sb_printf(sb, "(HTTP %ld", status);
    if (ae->type)
        sb_printf(sb, ", %s", ae->type);
    if (ae->message)
        sb_printf(sb, "%s %s", ae->type ? ":" : ",", ae->message);
    sb_addc(sb, ')');
}

static void
add_attempts(StrBuf *sb, int attempts)
{
    if (attempts > 1)
        sb_printf(sb, " after %d attempts", attempts);
}

static void
add_attempts_paren(StrBuf *sb, int attempts)
{
    if (attempts > 1)
        sb_printf(sb, " (after %d attempts)", attempts);
}

static void
format_seconds(char *out, size_t size, long ms)
{
    snprintf(out, size, "%g s", (double)ms / 1000.0);
}

/* http_error: the reply's kind and one-line message for an HTTP error status. */
static LlmError
http_error(const LlmClient *c, const Attempt *at, int attempts, StrBuf *msg)
{
    ApiError ae;
    read_api_error(c, &at->body.sb, &ae);
    long s = at->status;
    LlmError kind;
    if (s == 401) {
        kind = LLM_ERR_AUTH;
        sb_adds(msg, "the API refused the API key ");
        add_status_detail(msg, s, &ae);
        sb_printf(msg, "; check %s", LLM_KEY_ENV);
    } else if (s == 403) {
        kind = LLM_ERR_PERMISSION;
        sb_adds(msg, "the API key is not permitted to make this request ");
        add_status_detail(msg, s, &ae);
    } else if (s == 404 && (ae.type || ae.message)) {
        kind = LLM_ERR_NOT_FOUND;
        sb_printf(msg, "model '%s' was not found ", c->model);
        add_status_detail(msg, s, &ae);
        sb_adds(msg, "; check the model name");
    } else if (s == 404) {
        kind = LLM_ERR_NOT_FOUND;
        sb_printf(msg, "no Messages API at %s (HTTP 404); check the base URL (%s)", c->shown_url,
                  LLM_BASE_URL_ENV);
    } else if (s == 413) {
        kind = LLM_ERR_TOO_LARGE;
        sb_adds(msg, "the request is too large for the API ");
        add_status_detail(msg, s, &ae);
        sb_adds(msg, "; review a smaller file");
    } else if (s == 429) {
        kind = LLM_ERR_RATE_LIMIT;
        sb_adds(msg, "rate limited by the API ");
        add_status_detail(msg, s, &ae);
        add_attempts(msg, attempts);
        sb_adds(msg, "; try again later");
    } else if (s == 529) {
        kind = LLM_ERR_OVERLOADED;
        sb_adds(msg, "the API is overloaded ");
        add_status_detail(msg, s, &ae);
        add_attempts(msg, attempts);
        sb_adds(msg, "; try again later");
    } else if (s >= 500 || s == 408 || s == 409) {
        kind = LLM_ERR_SERVER;
        sb_adds(msg, "the API failed ");
        add_status_detail(msg, s, &ae);
        add_attempts(msg, attempts);
    } else if (s >= 300 && s < 400) {
        kind = LLM_ERR_SERVER;
        sb_printf(msg,
                  "the API answered with a redirect (HTTP %ld), which is not followed; check the "
                  "base URL (%s)",
                  s, c->shown_url);
    } else {
        kind = LLM_ERR_BAD_REQUEST; /* 400 and other 4xx: the message says what is wrong */
        sb_adds(msg, "the API rejected the request ");
        add_status_detail(msg, s, &ae);
    }
    api_error_free(&ae);
    return kind;
}

/* transport_error: the reply's kind and message for a failed transfer. */
static LlmError
transport_error(const LlmClient *c, const Attempt *at, int attempts, StrBuf *msg)
{
    char secs[32];
    LlmError kind;
    if (at->body.too_big) {
        sb_printf(msg, "the API's answer is larger than %zu bytes", c->opt.max_response_bytes);
        return LLM_ERR_TOO_LARGE;
    }
    if (at->code == CURLE_OPERATION_TIMEDOUT) {
        kind = LLM_ERR_TIMEOUT;
        if (!at->connected) {
            format_seconds(secs, sizeof secs, c->opt.connect_timeout_ms);
            sb_printf(msg, "could not connect to %s within %s", c->host, secs);
        } else {
            format_seconds(secs, sizeof secs, c->opt.timeout_ms);
            sb_printf(msg, "no answer from %s within %s", c->host, secs);
        }
    } else {
        kind = LLM_ERR_NETWORK;
        char *text = redact_all(c, at->curl_err[0] ? at->curl_err : curl_easy_strerror(at->code));
        char *line = one_line(text, 300);
        sb_printf(msg, "could not reach %s: %s", c->host, line);
        free(line);
        free(text);
    }
    add_attempts_paren(msg, attempts);
    return kind;
}

static void
copy_field(char *out, size_t size, const cJSON *item)
{
    if (cJSON_IsString(item)) {
        char *line = one_line(item->valuestring, size - 4);
        snprintf(out, size, "%s", line);
        free(line);
    }
}

/* read_answer: the text of a 2xx answer into reply; 0, or -1 with the kind and message set. */
static int
read_answer(const Attempt *at, LlmReply *reply, StrBuf *msg)
{
    cJSON *root = cJSON_ParseWithLength(at->body.sb.data ? at->body.sb.data : "", at->body.sb.len);
    if (!cJSON_IsObject(root)) {
        reply->kind = LLM_ERR_MALFORMED;
        sb_printf(msg, "the API's answer is not valid JSON (HTTP %ld, %zu bytes)", at->status,
                  at->body.sb.len);
        cJSON_Delete(root);
        return -1;
    }
    copy_field(reply->stop_reason, sizeof reply->stop_reason,
               cJSON_GetObjectItemCaseSensitive(root, "stop_reason"));
    copy_field(reply->model, sizeof reply->model, cJSON_GetObjectItemCaseSensitive(root, "model"));
    cJSON *usage = cJSON_GetObjectItemCaseSensitive(root, "usage");
    cJSON *in = cJSON_GetObjectItemCaseSensitive(usage, "input_tokens");
    cJSON *out = cJSON_GetObjectItemCaseSensitive(usage, "output_tokens");
    if (cJSON_IsNumber(in))
        reply->input_tokens = (long)in->valuedouble;
    if (cJSON_IsNumber(out))
        reply->output_tokens = (long)out->valuedouble;
    reply->truncated = !strcmp(reply->stop_reason, "max_tokens");

    cJSON *content = cJSON_GetObjectItemCaseSensitive(root, "content");
    if (!cJSON_IsArray(content)) {
        reply->kind = LLM_ERR_MALFORMED;
        sb_printf(msg, "the API's answer has no content array (HTTP %ld)", at->status);
        cJSON_Delete(root);
        return -1;
    }
    StrBuf text = STRBUF_INIT;
    const cJSON *block;
    cJSON_ArrayForEach(block, content)
    {
        const cJSON *type = cJSON_GetObjectItemCaseSensitive(block, "type");
        const cJSON *t = cJSON_GetObjectItemCaseSensitive(block, "text");
        if (cJSON_IsString(type) && !strcmp(type->valuestring, "text") && cJSON_IsString(t))
            sb_adds(&text, t->valuestring);
    }
    cJSON_Delete(root);
    bool blank = true;
    for (size_t i = 0; i < text.len && blank; i++)
        blank = isspace((unsigned char)text.data[i]);
    if (blank) {
        sb_free(&text);
        reply->kind = LLM_ERR_EMPTY;
        if (!strcmp(reply->stop_reason, "refusal"))
            sb_adds(msg, "the model declined to answer (stop_reason: refusal)");
        else
            sb_printf(msg, "the model's answer is empty (stop_reason: %s)",
                      reply->stop_reason[0] ? reply->stop_reason : "none");
        return -1;
    }
    reply->text = sb_steal(&text);
    return 0;
}

/* SIGPIPE: with CURLOPT_NOSIGNAL (needed in threads) libcurl does not ignore SIGPIPE, and a TLS
 * write to a connection the server closed can still raise it. As libpq does, block it in this
 * thread around the transfer and consume one it raised, without touching the process's handlers. */
typedef struct PipeGuard {
    sigset_t old;
    bool was_pending;
} PipeGuard;

static void
pipe_block(PipeGuard *g)
{
    sigset_t set, pending;
    sigemptyset(&set);
    sigaddset(&set, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &set, &g->old);
    sigemptyset(&pending);
    g->was_pending = sigpending(&pending) == 0 && sigismember(&pending, SIGPIPE);
}

static void
pipe_restore(PipeGuard *g)
{
    if (!g->was_pending) {
        sigset_t set;
        sigemptyset(&set);
        sigaddset(&set, SIGPIPE);
        const struct timespec zero = { 0, 0 };
        while (sigtimedwait(&set, NULL, &zero) == SIGPIPE)
            ;
    }
    pthread_sigmask(SIG_SETMASK, &g->old, NULL);
}

/* Backoff */

static void
sleep_ms(long ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
    while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
        ;
}

static long
backoff_ms(const LlmClient *c, unsigned *rng, int retry)
{
    long delay = c->opt.retry_base_ms;
    for (int i = 1; i < retry && delay < 3600000L; i++)
        delay *= 2;
    /* Jitter down by up to 25% so that clients that failed together do not retry together. */
    *rng = *rng * 1103515245u + 12345u;
    double r = (double)((*rng >> 8) & 0xFFFF) / 65536.0;
    return (long)((double)delay * (1.0 - 0.25 * r));
}

static void log_line(const LlmClient *c, const char *fmt, ...) PRINTF_LIKE(2, 3);

static void
log_line(const LlmClient *c, const char *fmt, ...)
{
    if (!c->opt.log)
        return;
    StrBuf sb = STRBUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    sb_vprintf(&sb, fmt, ap);
    va_end(ap);
    char *safe = redact_all(c, sb_cstr(&sb));
    c->opt.log(c->opt.log_ctx, safe);
    free(safe);
    sb_free(&sb);
}

static char *
request_body(const LlmClient *c, const char *system, const char *user)
{
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "model", c->model);
    cJSON_AddNumberToObject(root, "max_tokens", c->opt.max_tokens);
    if (system)
        cJSON_AddStringToObject(root, "system", system);
    cJSON *messages = cJSON_AddArrayToObject(root, "messages");
    cJSON *m = cJSON_CreateObject();
    cJSON_AddStringToObject(m, "role", "user");
    cJSON_AddStringToObject(m, "content", user ? user : "");
    cJSON_AddItemToArray(messages, m);
    char *json = cJSON_PrintUnformatted(root);
    cJSON_Delete(root);
    if (!json)
        fatal("out of memory (request body)");
    char *r = xstrdup(json);
    cJSON_free(json);
    return r;
}

int
llm_client_send(LlmClient *c, const char *system, const char *user, LlmReply *reply)
{
    *reply = (LlmReply){ 0 };
    StrBuf msg = STRBUF_INIT;
    CURL *h = curl_easy_init();
    if (!h) {
        reply->kind = LLM_ERR_NETWORK;
        reply->error = xstrdup("libcurl could not create a connection handle");
        return -1;
    }
    char *body = request_body(c, system, user);
    size_t body_len = strlen(body);

    StrBuf key_header = STRBUF_INIT;
    sb_printf(&key_header, "x-api-key: %s", c->key);
    struct curl_slist *headers = NULL;
    headers = curl_slist_append(headers, sb_cstr(&key_header));
    headers = curl_slist_append(headers, "anthropic-version: " LLM_API_VERSION);
    headers = curl_slist_append(headers, "content-type: application/json");
    headers = curl_slist_append(headers, "accept: application/json");
    headers = curl_slist_append(headers, "Expect:"); /* no 100-continue round trip */
    if (!headers)
        fatal("out of memory (curl headers)");

    Attempt at = { 0 };
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    unsigned rng = c->seed ^ (unsigned)now.tv_nsec ^ (unsigned)(uintptr_t)reply;
    int max_attempts = c->opt.max_retries + 1;
    int rc = -1;
    for (int n = 1;; n++) {
        reply->attempts = n;
        PipeGuard guard;
        pipe_block(&guard);
        run_attempt(c, h, headers, body, body_len, &at);
        pipe_restore(&guard);
        reply->http_status = (int)at.status;
        snprintf(reply->request_id, sizeof reply->request_id, "%s", at.request_id);
        bool retry;
        const char *why = NULL;
        if (at.code != CURLE_OK) {
            retry = !at.body.too_big && !permanent_curl_error(at.code);
            why = at.code == CURLE_OPERATION_TIMEDOUT ? "timeout" : curl_easy_strerror(at.code);
        } else if (at.status >= 200 && at.status < 300) {
            sb_clear(&msg);
            if (read_answer(&at, reply, &msg) == 0) {
                log_line(c, "attempt %d: HTTP %ld, %zu bytes", n, at.status, at.body.sb.len);
                rc = 0;
                break;
            }
            log_line(c, "attempt %d: HTTP %ld: %s", n, at.status, sb_cstr(&msg));
            break; /* kind and message set by read_answer */
        } else {
            retry = retryable_status(at.status);
            if (at.should_retry >= 0)
                retry = at.should_retry == 1;
        }
        bool last = !retry || n >= max_attempts;
        long delay = 0;
        const char *source = "backoff";
        if (!last) {
            delay = backoff_ms(c, &rng, n);
            if (at.retry_after_ms >= 0) {
                delay = at.retry_after_ms < c->opt.retry_after_cap_ms ? at.retry_after_ms
                                                                      : c->opt.retry_after_cap_ms;
                source = at.retry_after_ms > c->opt.retry_after_cap_ms ? "retry-after, capped"
                                                                       : "retry-after";
            }
        }
        if (!why)
            log_line(c, "attempt %d: HTTP %ld%s", n, at.status, last ? "" : "; retrying");
        else
            log_line(c, "attempt %d: %s%s", n, why, last ? "" : "; retrying");
        if (!last) {
            log_line(c, "waiting %.3f s (%s)", (double)delay / 1000.0, source);
            sleep_ms(delay);
            continue;
        }
        sb_clear(&msg);
        if (at.code != CURLE_OK)
            reply->kind = transport_error(c, &at, n, &msg);
        else
            reply->kind = http_error(c, &at, n, &msg);
        break;
    }
    if (rc < 0) {
        char *safe = redact_all(c, sb_cstr(&msg));
        reply->error = one_line(safe, 1000);
        free(safe);
        free(reply->text);
        reply->text = NULL;
    } else {
        reply->kind = LLM_OK;
    }
    sb_free(&msg);
    sb_free(&at.body.sb);
    for (volatile char *v = headers->data; *v; v++) /* curl's copy of the key header */
        *v = '\0';
    curl_slist_free_all(headers);
    volatile char *v = key_header.data;
    for (size_t i = 0; i < key_header.len; i++)
        v[i] = '\0';
    sb_free(&key_header);
    free(body);
    curl_easy_cleanup(h);
    return rc;
}
