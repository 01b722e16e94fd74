/* curl_lazy: see curl_lazy.h. */
#include "llm/curl_lazy.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

CurlApi curl_api;

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static char load_error[512]; /* empty when the table is complete */

/* dlsym's void * to a function pointer: through memcpy, which ISO C allows and POSIX defines. */
static bool
resolve(void *lib, const char *name, void *slot, size_t slot_size)
{
    void *sym = dlsym(lib, name);
    if (!sym) {
        snprintf(load_error, sizeof load_error, "%s has no %s (libcurl too old?)", CURL_LAZY_SONAME,
                 name);
        return false;
    }
    memcpy(slot, &sym, slot_size);
    return true;
}

#define RESOLVE(field, name) resolve(lib, name, &curl_api.field, sizeof curl_api.field)

static void
load(void)
{
    /* never closed: libcurl keeps global state (TLS) until the process ends */
    void *lib = dlopen(CURL_LAZY_SONAME, RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        const char *why = dlerror();
        snprintf(load_error, sizeof load_error,
                 "cannot load %s, which --llm needs (Debian package libcurl4): %s",
                 CURL_LAZY_SONAME, why ? why : "unknown error");
        return;
    }
    bool ok =
        RESOLVE(global_init, "curl_global_init") &&
        RESOLVE(global_cleanup, "curl_global_cleanup") && RESOLVE(easy_init, "curl_easy_init") &&
        RESOLVE(easy_cleanup, "curl_easy_cleanup") && RESOLVE(easy_reset, "curl_easy_reset") &&
        RESOLVE(easy_setopt, "curl_easy_setopt") && RESOLVE(easy_getinfo, "curl_easy_getinfo") &&
        RESOLVE(easy_perform, "curl_easy_perform") &&
        RESOLVE(easy_strerror, "curl_easy_strerror") && RESOLVE(easy_header, "curl_easy_header") &&
        RESOLVE(slist_append, "curl_slist_append") &&
        RESOLVE(slist_free_all, "curl_slist_free_all") && RESOLVE(getdate, "curl_getdate") &&
        RESOLVE(free_, "curl_free") && RESOLVE(url, "curl_url") &&
        RESOLVE(url_cleanup, "curl_url_cleanup") && RESOLVE(url_get, "curl_url_get") &&
        RESOLVE(url_set, "curl_url_set");
    if (!ok)
        memset(&curl_api, 0, sizeof curl_api);
}

/* curl_lazy_load: see curl_lazy.h. */
bool
curl_lazy_load(char *err, size_t err_size)
{
    pthread_once(&load_once, load);
    if (!load_error[0])
        return true;
    if (err && err_size)
        snprintf(err, err_size, "%s", load_error);
    return false;
}
