// OpenSSL libcrypto (Debian libssl-dev, OpenSSL 3).
//
// The static inline helpers below only assemble OSSL_PARAM arrays, which Swift cannot build conveniently from
// macros and variadic-style APIs. They perform no cryptography themselves.
#ifndef CUSTOS_COPENSSL_SHIM_H
#define CUSTOS_COPENSSL_SHIM_H

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/opensslv.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

/// Builds a public EVP_PKEY for a named elliptic curve from an encoded point (SEC1, compressed or uncompressed).
/// OpenSSL decodes the point and refuses one that is not on the curve. Returns NULL on any failure.
static inline EVP_PKEY *custos_ec_public_key_from_point(const char *group_name, const unsigned char *point,
                                                        size_t point_length) {
    EVP_PKEY *key = NULL;
    OSSL_PARAM_BLD *builder = OSSL_PARAM_BLD_new();
    OSSL_PARAM *params = NULL;
    EVP_PKEY_CTX *ctx = NULL;
    if (builder == NULL) goto done;
    if (!OSSL_PARAM_BLD_push_utf8_string(builder, OSSL_PKEY_PARAM_GROUP_NAME, group_name, 0)) goto done;
    if (!OSSL_PARAM_BLD_push_octet_string(builder, OSSL_PKEY_PARAM_PUB_KEY, point, point_length)) goto done;
    params = OSSL_PARAM_BLD_to_param(builder);
    if (params == NULL) goto done;
    ctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
    if (ctx == NULL || EVP_PKEY_fromdata_init(ctx) <= 0) goto done;
    if (EVP_PKEY_fromdata(ctx, &key, EVP_PKEY_PUBLIC_KEY, params) <= 0) key = NULL;
done:
    EVP_PKEY_CTX_free(ctx);
    OSSL_PARAM_free(params);
    OSSL_PARAM_BLD_free(builder);
    return key;
}

/// Builds a public RSA EVP_PKEY from big-endian modulus and exponent. Returns NULL on any failure.
static inline EVP_PKEY *custos_rsa_public_key(const unsigned char *modulus, size_t modulus_length,
                                              const unsigned char *exponent, size_t exponent_length) {
    EVP_PKEY *key = NULL;
    OSSL_PARAM_BLD *builder = OSSL_PARAM_BLD_new();
    OSSL_PARAM *params = NULL;
    EVP_PKEY_CTX *ctx = NULL;
    BIGNUM *n = BN_bin2bn(modulus, (int)modulus_length, NULL);
    BIGNUM *e = BN_bin2bn(exponent, (int)exponent_length, NULL);
    if (builder == NULL || n == NULL || e == NULL) goto done;
    if (!OSSL_PARAM_BLD_push_BN(builder, OSSL_PKEY_PARAM_RSA_N, n)) goto done;
    if (!OSSL_PARAM_BLD_push_BN(builder, OSSL_PKEY_PARAM_RSA_E, e)) goto done;
    params = OSSL_PARAM_BLD_to_param(builder);
    if (params == NULL) goto done;
    ctx = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL);
    if (ctx == NULL || EVP_PKEY_fromdata_init(ctx) <= 0) goto done;
    if (EVP_PKEY_fromdata(ctx, &key, EVP_PKEY_PUBLIC_KEY, params) <= 0) key = NULL;
done:
    EVP_PKEY_CTX_free(ctx);
    OSSL_PARAM_free(params);
    OSSL_PARAM_BLD_free(builder);
    BN_free(n);
    BN_free(e);
    return key;
}

/// Creates a keyed BLAKE2s-256 MAC context (OpenSSL's BLAKE2SMAC accepts keys of 1 to 32 bytes).
static inline EVP_MAC_CTX *custos_blake2s_mac_context(EVP_MAC *mac, const unsigned char *key, size_t key_length) {
    EVP_MAC_CTX *ctx = EVP_MAC_CTX_new(mac);
    size_t digest_size = 32;
    OSSL_PARAM params[2];
    if (ctx == NULL) return NULL;
    params[0] = OSSL_PARAM_construct_size_t(OSSL_MAC_PARAM_SIZE, &digest_size);
    params[1] = OSSL_PARAM_construct_end();
    if (EVP_MAC_init(ctx, key, key_length, params) != 1) {
        EVP_MAC_CTX_free(ctx);
        return NULL;
    }
    return ctx;
}

/// Sets RSA-PSS padding with SHA-256 for the signature digest and MGF1, and the given salt length, on a verify context.
static inline int custos_configure_rsa_pss_sha256(EVP_PKEY_CTX *ctx, int salt_length) {
    if (EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PSS_PADDING) <= 0) return 0;
    if (EVP_PKEY_CTX_set_signature_md(ctx, EVP_sha256()) <= 0) return 0;
    if (EVP_PKEY_CTX_set_rsa_mgf1_md(ctx, EVP_sha256()) <= 0) return 0;
    if (EVP_PKEY_CTX_set_rsa_pss_saltlen(ctx, salt_length) <= 0) return 0;
    return 1;
}

#endif
