// libcurl (Debian libcurl4-openssl-dev), the Manifest module's HTTP(S) transport.
//
// curl_easy_setopt and curl_easy_getinfo are variadic, which Swift cannot call: the static inline helpers below
// only forward one typed argument each. They contain no logic of their own.
#ifndef CUSTOS_CCURL_SHIM_H
#define CUSTOS_CCURL_SHIM_H

#include <curl/curl.h>

typedef size_t (*custos_curl_write_callback)(char *data, size_t size, size_t count, void *context);

static inline CURLcode custos_curl_set_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode custos_curl_set_offset(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode custos_curl_set_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode custos_curl_set_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode custos_curl_set_write_callback(CURL *handle, custos_curl_write_callback callback) {
    return curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, callback);
}

static inline CURLcode custos_curl_response_code(CURL *handle, long *code) {
    return curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, code);
}

static inline CURLcode custos_curl_content_length(CURL *handle, curl_off_t *length) {
    return curl_easy_getinfo(handle, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, length);
}

#endif
