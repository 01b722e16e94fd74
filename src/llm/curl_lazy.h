/* curl_lazy: libcurl, loaded when the LLM client first needs it rather than at every start.
 * Linking libcurl pulls in about 30 libraries (TLS, Kerberos, LDAP, SSH...) whose relocation cost
 * 6.4 ms per process, four times the rest of the start-up; `check` on one file, run on every
 * keystroke, never talks to the network. Only the functions the client calls are resolved; the
 * header still comes from Debian's libcurl4-openssl-dev and the library from its libcurl4.
 *
 * Include this instead of <curl/curl.h>: the curl_* names below then go through the table. */
#ifndef ASYNCREVIEW_LLM_CURL_LAZY_H
#define ASYNCREVIEW_LLM_CURL_LAZY_H

#define CURL_DISABLE_TYPECHECK /* the type-checking wrappers would call the real symbols */
#include <curl/curl.h>

#include <stdbool.h>
#include <stddef.h>

/* The soname the Debian package ships (libcurl4, the OpenSSL flavour of the -dev headers). */
#define CURL_LAZY_SONAME "libcurl.so.4"

typedef struct CurlApi {
    CURLcode (*global_init)(long flags);
    void (*global_cleanup)(void);
    CURL *(*easy_init)(void);
    void (*easy_cleanup)(CURL *h);
    void (*easy_reset)(CURL *h);
    CURLcode (*easy_setopt)(CURL *h, CURLoption option, ...);
    CURLcode (*easy_getinfo)(CURL *h, CURLINFO info, ...);
    CURLcode (*easy_perform)(CURL *h);
    const char *(*easy_strerror)(CURLcode code);
    CURLHcode (*easy_header)(CURL *h, const char *name, size_t index, unsigned int origin,
                             int request, struct curl_header **hout);
    struct curl_slist *(*slist_append)(struct curl_slist *list, const char *s);
    void (*slist_free_all)(struct curl_slist *list);
    time_t (*getdate)(const char *p, const time_t *unused);
    void (*free_)(void *p);
    CURLU *(*url)(void);
    void (*url_cleanup)(CURLU *u);
    CURLUcode (*url_get)(const CURLU *u, CURLUPart what, char **part, unsigned int flags);
    CURLUcode (*url_set)(CURLU *u, CURLUPart what, const char *part, unsigned int flags);
} CurlApi;

extern CurlApi curl_api;

/* curl_lazy_load: resolves the table once (thread-safe); false with a message in err when the
 * library or one of its functions is missing. */
bool curl_lazy_load(char *err, size_t err_size);

#define curl_global_init(...) curl_api.global_init(__VA_ARGS__)
#define curl_global_cleanup(...) curl_api.global_cleanup(__VA_ARGS__)
#define curl_easy_init(...) curl_api.easy_init(__VA_ARGS__)
#define curl_easy_cleanup(...) curl_api.easy_cleanup(__VA_ARGS__)
#define curl_easy_reset(...) curl_api.easy_reset(__VA_ARGS__)
#undef curl_easy_setopt /* curl.h's own pass-through macros, outside gcc's type checks */
#undef curl_easy_getinfo
#define curl_easy_setopt(...) curl_api.easy_setopt(__VA_ARGS__)
#define curl_easy_getinfo(...) curl_api.easy_getinfo(__VA_ARGS__)
#define curl_easy_perform(...) curl_api.easy_perform(__VA_ARGS__)
#define curl_easy_strerror(...) curl_api.easy_strerror(__VA_ARGS__)
#define curl_easy_header(...) curl_api.easy_header(__VA_ARGS__)
#define curl_slist_append(...) curl_api.slist_append(__VA_ARGS__)
#define curl_slist_free_all(...) curl_api.slist_free_all(__VA_ARGS__)
#define curl_getdate(...) curl_api.getdate(__VA_ARGS__)
#define curl_free(...) curl_api.free_(__VA_ARGS__)
#define curl_url(...) curl_api.url(__VA_ARGS__)
#define curl_url_cleanup(...) curl_api.url_cleanup(__VA_ARGS__)
#define curl_url_get(...) curl_api.url_get(__VA_ARGS__)
#define curl_url_set(...) curl_api.url_set(__VA_ARGS__)

#endif
