/* Unit tests for the LLM client's configuration and redaction (src/llm/anthropic.c). Nothing here
 * touches the network: llm_client_new only checks and resolves the options. */
#include "llm/anthropic.h"
#include "test.h"

#include <stdlib.h>

static const char KEY[] = "sk-ant-api03-UNITTESTKEY_abc-123";

static LlmClient *
client(const char *key, const char *base, const char *model, char *err, size_t err_size)
{
    LlmOptions opt;
    llm_options_default(&opt);
    opt.api_key = key;
    opt.base_url = base;
    opt.model = model;
    err[0] = '\0';
    return llm_client_new(&opt, err, err_size);
}

TEST(defaults)
{
    LlmOptions opt;
    llm_options_default(&opt);
    CHECK_INT_EQ(opt.connect_timeout_ms, 10000);
    CHECK_INT_EQ(opt.timeout_ms, 120000);
    CHECK_INT_EQ(opt.max_retries, 2);
    CHECK_INT_EQ(opt.retry_base_ms, 1000);
    CHECK_INT_EQ(opt.retry_after_cap_ms, 60000);
    CHECK(opt.api_key == NULL && opt.base_url == NULL && opt.model == NULL && opt.log == NULL);
    CHECK_STR_EQ(LLM_DEFAULT_MODEL, "claude-sonnet-4-6");
    CHECK_STR_EQ(LLM_API_VERSION, "2023-06-01");
}

TEST(missing_key)
{
    char err[256];
    unsetenv("ANTHROPIC_API_KEY");
    CHECK(client(NULL, NULL, NULL, err, sizeof err) == NULL);
    CHECK(!strncmp(err, "ANTHROPIC_API_KEY is not set; ", 30));
    setenv("ANTHROPIC_API_KEY", "", 1);
    CHECK(client(NULL, NULL, NULL, err, sizeof err) == NULL);
    CHECK(strstr(err, "ANTHROPIC_API_KEY is not set") != NULL);
    setenv("ANTHROPIC_API_KEY", "   \n", 1);
    CHECK(client(NULL, NULL, NULL, err, sizeof err) == NULL);
    CHECK(strstr(err, "is empty") != NULL);
    unsetenv("ANTHROPIC_API_KEY");
}

TEST(key_from_env_trimmed)
{
    char err[256];
    setenv("ANTHROPIC_API_KEY", "  sk-ant-from-env\n", 1);
    LlmClient *c = client(NULL, NULL, NULL, err, sizeof err);
    CHECK(c != NULL);
    llm_client_free(c);
    unsetenv("ANTHROPIC_API_KEY");
}

TEST(bad_key_not_echoed)
{
    char err[256];
    CHECK(client("sk-ant-bad key", NULL, NULL, err, sizeof err) == NULL);
    CHECK(strstr(err, "contains spaces or control characters") != NULL);
    CHECK(strstr(err, "bad key") == NULL);
    CHECK(client("sk-ant-x\r\nx-evil: 1", NULL, NULL, err, sizeof err) == NULL);
    CHECK(strstr(err, "evil") == NULL);
}

TEST(base_url_resolution)
{
    char err[256];
    unsetenv("ANTHROPIC_BASE_URL");
    LlmClient *c = client(KEY, NULL, NULL, err, sizeof err);
    CHECK(c != NULL);
    if (c) {
        CHECK_STR_EQ(llm_client_base_url(c), "https://api.anthropic.com/v1/messages");
        CHECK_STR_EQ(llm_client_model(c), "claude-sonnet-4-6");
        llm_client_free(c);
    }
    setenv("ANTHROPIC_BASE_URL", "https://gateway.example/anthropic///", 1);
    c = client(KEY, NULL, "claude-haiku-4-5", err, sizeof err);
    CHECK(c != NULL);
    if (c) {
        CHECK_STR_EQ(llm_client_base_url(c), "https://gateway.example/anthropic/v1/messages");
        CHECK_STR_EQ(llm_client_model(c), "claude-haiku-4-5");
        llm_client_free(c);
    }
    /* An explicit option wins over the environment. */
    c = client(KEY, "http://127.0.0.1:8080/", NULL, err, sizeof err);
    CHECK(c != NULL);
    if (c) {
        CHECK_STR_EQ(llm_client_base_url(c), "http://127.0.0.1:8080/v1/messages");
        llm_client_free(c);
    }
    unsetenv("ANTHROPIC_BASE_URL");
}

TEST(base_url_rejected)
{
    char err[256];
    CHECK(client(KEY, "http://api.example.com", NULL, err, sizeof err) == NULL);
    CHECK_STR_EQ(err, "refusing to send the API key over plain http to api.example.com; use an "
                      "https:// base URL");
    CHECK(client(KEY, "ftp://api.example.com", NULL, err, sizeof err) == NULL);
    CHECK(strstr(err, "must start with https://") != NULL);
    CHECK(client(KEY, "not a url", NULL, err, sizeof err) == NULL);
    CHECK(strstr(err, "is not a valid http(s) URL") != NULL);
    CHECK(client(KEY, "https://api.example.com/?k=1", NULL, err, sizeof err) == NULL);
    CHECK(strstr(err, "query or fragment") != NULL);
    /* Loopback hosts may use plain http (local gateways, tests). */
    LlmClient *c = client(KEY, "http://localhost:9", NULL, err, sizeof err);
    CHECK(c != NULL);
    llm_client_free(c);
    c = client(KEY, "http://[::1]:9", NULL, err, sizeof err);
    CHECK(c != NULL);
    llm_client_free(c);
}

TEST(base_url_credentials_hidden)
{
    char err[256];
    LlmClient *c = client(KEY, "https://bob:hunter2@gw.example/api/", NULL, err, sizeof err);
    CHECK(c != NULL);
    if (c) {
        CHECK_STR_EQ(llm_client_base_url(c), "https://gw.example/api/v1/messages");
        llm_client_free(c);
    }
    /* A malformed URL is not echoed with the key in it. */
    CHECK(client(KEY, "https://x/ sk-ant-api03-UNITTESTKEY_abc-123", NULL, err, sizeof err) ==
          NULL);
    CHECK(strstr(err, KEY) == NULL);
}

TEST(bad_model)
{
    char err[256];
    CHECK(client(KEY, NULL, "claude sonnet", err, sizeof err) == NULL);
    CHECK_STR_EQ(err, "the model name 'claude sonnet' is not valid");
}

TEST(redact)
{
    char *r = llm_redact(
        "key=sk-ant-api03-UNITTESTKEY_abc-123, again sk-ant-api03-UNITTESTKEY_abc-123.", KEY);
    CHECK_STR_EQ(r, "key=[REDACTED], again [REDACTED].");
    free(r);
    r = llm_redact("a secret-value here", "secret-value");
    CHECK_STR_EQ(r, "a [REDACTED] here");
    free(r);
    /* Any Anthropic-style key goes, even one we did not send. */
    r = llm_redact("other key sk-ant-admin01-ZZZ_9 used", "unrelated");
    CHECK_STR_EQ(r, "other key [REDACTED] used");
    free(r);
    r = llm_redact("nothing to hide", NULL);
    CHECK_STR_EQ(r, "nothing to hide");
    free(r);
}

TEST(error_names)
{
    CHECK_STR_EQ(llm_error_name(LLM_OK), "ok");
    CHECK_STR_EQ(llm_error_name(LLM_ERR_AUTH), "auth");
    CHECK_STR_EQ(llm_error_name(LLM_ERR_RATE_LIMIT), "rate-limit");
    CHECK_STR_EQ(llm_error_name(LLM_ERR_EMPTY), "empty");
    CHECK_STR_EQ(llm_error_name((LlmError)99), "unknown");
}

TEST_MAIN("llm_config", TEST_CASE(defaults), TEST_CASE(missing_key),
          TEST_CASE(key_from_env_trimmed), TEST_CASE(bad_key_not_echoed),
          TEST_CASE(base_url_resolution), TEST_CASE(base_url_rejected),
          TEST_CASE(base_url_credentials_hidden), TEST_CASE(bad_model), TEST_CASE(redact),
          TEST_CASE(error_names))
