// libcurl (Debian libcurl4-openssl-dev headers, libcurl4 at run time), the Manifest module's HTTP(S) transport.
//
// libcurl is loaded with dlopen on the first HTTP download instead of being linked: linking would make every
// `custos` start (firmware verification has a budget of a few milliseconds) map libcurl and its ~20 dependencies.
// curl_easy_setopt and curl_easy_getinfo are variadic, which Swift cannot call: the static inline helpers below only
// forward one typed argument each through the loaded function pointers. They contain no logic of their own.
#ifndef CUSTOS_CCURL_SHIM_H
#define CUSTOS_CCURL_SHIM_H

#include <curl/curl.h>
#include <dlfcn.h>
#include <stddef.h>

typedef size_t (*custos_curl_write_callback)(char *data, size_t size, size_t count, void *context);

/// The libcurl functions Custos uses, resolved from the shared library.
typedef struct {
    CURLcode (*global_init)(long flags);
    CURL *(*easy_init)(void);
    void (*easy_cleanup)(CURL *handle);
    CURLcode (*easy_setopt)(CURL *handle, CURLoption option, ...);
    CURLcode (*easy_perform)(CURL *handle);
    CURLcode (*easy_getinfo)(CURL *handle, CURLINFO info, ...);
    const char *(*easy_strerror)(CURLcode code);
} custos_curl_api;

/// Loads libcurl.so.4 and resolves every function of `api`; returns 0 on success, -1 if the library or a symbol
/// is missing. The library stays loaded for the life of the process.
static inline int custos_curl_load(custos_curl_api *api) {
    void *library = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) return -1;
    api->global_init = (CURLcode (*)(long))dlsym(library, "curl_global_init");
    api->easy_init = (CURL * (*)(void)) dlsym(library, "curl_easy_init");
    api->easy_cleanup = (void (*)(CURL *))dlsym(library, "curl_easy_cleanup");
    api->easy_setopt = (CURLcode (*)(CURL *, CURLoption, ...))dlsym(library, "curl_easy_setopt");
    api->easy_perform = (CURLcode (*)(CURL *))dlsym(library, "curl_easy_perform");
    api->easy_getinfo = (CURLcode (*)(CURL *, CURLINFO, ...))dlsym(library, "curl_easy_getinfo");
    api->easy_strerror = (const char *(*)(CURLcode))dlsym(library, "curl_easy_strerror");
    if (api->global_init == NULL || api->easy_init == NULL || api->easy_cleanup == NULL || api->easy_setopt == NULL ||
        api->easy_perform == NULL || api->easy_getinfo == NULL || api->easy_strerror == NULL) {
        return -1;
    }
    return api->global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? 0 : -1;
}

static inline CURLcode custos_curl_set_long(const custos_curl_api *api, CURL *handle, CURLoption option, long value) {
    return api->easy_setopt(handle, option, value);
}

static inline CURLcode custos_curl_set_offset(const custos_curl_api *api, CURL *handle, CURLoption option,
                                              curl_off_t value) {
    return api->easy_setopt(handle, option, value);
}

static inline CURLcode custos_curl_set_string(const custos_curl_api *api, CURL *handle, CURLoption option,
                                              const char *value) {
    return api->easy_setopt(handle, option, value);
}

static inline CURLcode custos_curl_set_pointer(const custos_curl_api *api, CURL *handle, CURLoption option,
                                               void *value) {
    return api->easy_setopt(handle, option, value);
}

static inline CURLcode custos_curl_set_write_callback(const custos_curl_api *api, CURL *handle,
                                                      custos_curl_write_callback callback) {
    return api->easy_setopt(handle, CURLOPT_WRITEFUNCTION, callback);
}

static inline CURLcode custos_curl_response_code(const custos_curl_api *api, CURL *handle, long *code) {
    return api->easy_getinfo(handle, CURLINFO_RESPONSE_CODE, code);
}

static inline CURLcode custos_curl_content_length(const custos_curl_api *api, CURL *handle, curl_off_t *length) {
    return api->easy_getinfo(handle, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, length);
}

#endif
