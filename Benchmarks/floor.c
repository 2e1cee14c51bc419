/*
 * floor.c: the physical floor for `ecetoken audit`: HS256 MAC checks and nothing else.
 *
 *   cc -O2 -o floor floor.c -lcrypto
 *
 *   floor SECRET_FILE TOKEN_FILE...   batch mode: every non-empty line of every file that does not
 *                                     start with '#' is one token (CRLF accepted)
 *   floor SECRET_FILE --token TOKEN   single-token mode (start-up comparison with `ecetoken verify`)
 *
 * The key is SECRET_FILE's bytes with exactly one trailing newline stripped (ECE's
 * bootstrap_tokens_secret as written, the way `ecetoken --secret-file` reads it).
 *
 * Per token: find the last '.', base64url-decode the signature (canonical, unpadded, exactly
 * 32 bytes), HMAC-SHA256 over the bytes before the last '.' with ONE EVP_MAC_CTX keyed once
 * (EVP_MAC_init(ctx, NULL, 0, NULL) re-initialises it with the same key), and compare with
 * CRYPTO_memcmp. No JSON, no claims, no allocation per token, no per-token output.
 *
 * Batch mode output: one line on stdout,
 *   tokens=N valid=V invalid=I seconds=S tokens_per_second=R
 * where seconds covers only the verification loops (each file is read into memory first, untimed);
 * and the same counts on stderr in words. Exit 0 when it ran (whatever the verdicts), 1 on errors.
 * Single-token mode prints nothing and exits 0 when the MAC verifies, 2 when it does not.
 */
#define _POSIX_C_SOURCE 200809L
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static signed char b64url_value[256];

static void init_b64url(void) {
    memset(b64url_value, -1, sizeof b64url_value);
    const char *alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (int i = 0; i < 64; i++) b64url_value[(unsigned char)alphabet[i]] = (signed char)i;
}

/* Decodes exactly 43 unpadded base64url characters into 32 bytes; canonical only (the two
 * unused low bits of the last character must be zero). Returns 0 on success. */
static int decode_signature(const unsigned char *text, size_t length, unsigned char out[32]) {
    if (length != 43) return -1;
    unsigned int acc = 0;
    int bits = 0;
    size_t o = 0;
    for (size_t i = 0; i < length; i++) {
        int v = b64url_value[text[i]];
        if (v < 0) return -1;
        acc = (acc << 6) | (unsigned int)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out[o++] = (unsigned char)(acc >> bits);
            acc &= (1u << bits) - 1;
        }
    }
    if (o != 32 || acc != 0) return -1;
    return 0;
}

static unsigned char *read_file(const char *path, size_t *length) {
    FILE *file = fopen(path, "rb");
    if (!file) {
        perror(path);
        return NULL;
    }
    size_t capacity = 1 << 20, used = 0;
    unsigned char *data = malloc(capacity);
    for (;;) {
        if (used == capacity) {
            capacity *= 2;
            data = realloc(data, capacity);
        }
        size_t n = fread(data + used, 1, capacity - used, file);
        if (n == 0) break;
        used += n;
    }
    if (ferror(file)) {
        perror(path);
        fclose(file);
        free(data);
        return NULL;
    }
    fclose(file);
    *length = used;
    return data;
}

static EVP_MAC_CTX *keyed_context(const unsigned char *key, size_t key_length) {
    EVP_MAC *mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
    if (!mac) return NULL;
    EVP_MAC_CTX *ctx = EVP_MAC_CTX_new(mac);
    EVP_MAC_free(mac);
    if (!ctx) return NULL;
    char digest[] = "SHA256";
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
        OSSL_PARAM_construct_end(),
    };
    if (!EVP_MAC_init(ctx, key, key_length, params)) {
        EVP_MAC_CTX_free(ctx);
        return NULL;
    }
    return ctx;
}

/* 1 when the token's MAC verifies, 0 when not. `first` tells whether ctx is freshly keyed. */
static int verify(EVP_MAC_CTX *ctx, const unsigned char *token, size_t length, int *first) {
    const unsigned char *dot = NULL;
    for (size_t i = length; i > 0; i--) {
        if (token[i - 1] == '.') {
            dot = token + i - 1;
            break;
        }
    }
    if (!dot) return 0;
    unsigned char expected[32], computed[EVP_MAX_MD_SIZE];
    if (decode_signature(dot + 1, (size_t)(token + length - dot - 1), expected) != 0) return 0;
    if (!*first && !EVP_MAC_init(ctx, NULL, 0, NULL)) return 0;
    *first = 0;
    size_t out_length = 0;
    if (!EVP_MAC_update(ctx, token, (size_t)(dot - token))) return 0;
    if (!EVP_MAC_final(ctx, computed, &out_length, sizeof computed)) return 0;
    return out_length == 32 && CRYPTO_memcmp(computed, expected, 32) == 0;
}

static double seconds_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: %s SECRET_FILE TOKEN_FILE...\n       %s SECRET_FILE --token TOKEN\n", argv[0], argv[0]);
        return 1;
    }
    init_b64url();
    size_t key_length = 0;
    unsigned char *key = read_file(argv[1], &key_length);
    if (!key) return 1;
    if (key_length > 0 && key[key_length - 1] == '\n') key_length--;
    EVP_MAC_CTX *ctx = keyed_context(key, key_length);
    if (!ctx) {
        fprintf(stderr, "floor: cannot set up HMAC-SHA256\n");
        return 1;
    }
    int first = 1;

    if (strcmp(argv[2], "--token") == 0) {
        if (argc != 4) {
            fprintf(stderr, "floor: --token takes one token\n");
            return 1;
        }
        int ok = verify(ctx, (const unsigned char *)argv[3], strlen(argv[3]), &first);
        EVP_MAC_CTX_free(ctx);
        return ok ? 0 : 2;
    }

    /* Each file is read whole into memory (untimed), its tokens verified (timed), then freed, so the
     * same file can be given many times to make a long run without a huge file. */
    unsigned long long valid = 0, invalid = 0;
    double elapsed = 0;
    for (int f = 2; f < argc; f++) {
        size_t length = 0;
        unsigned char *data = read_file(argv[f], &length);
        if (!data) return 1;
        double start = seconds_now();
        const unsigned char *p = data, *end = data + length;
        while (p < end) {
            const unsigned char *newline = memchr(p, '\n', (size_t)(end - p));
            const unsigned char *line_end = newline ? newline : end;
            size_t line_length = (size_t)(line_end - p);
            if (line_length > 0 && p[line_length - 1] == '\r') line_length--;
            if (line_length > 0 && p[0] != '#') {
                if (verify(ctx, p, line_length, &first)) valid++;
                else invalid++;
            }
            p = newline ? newline + 1 : end;
        }
        elapsed += seconds_now() - start;
        free(data);
    }
    unsigned long long total = valid + invalid;
    double rate = elapsed > 0 ? (double)total / elapsed : 0;
    printf("tokens=%llu valid=%llu invalid=%llu seconds=%.6f tokens_per_second=%.0f\n", total, valid, invalid,
           elapsed, rate);
    fprintf(stderr, "floor: %llu tokens: %llu valid, %llu invalid; %.0f tokens/s (MAC loop only)\n", total, valid,
            invalid, rate);
    EVP_MAC_CTX_free(ctx);
    return 0;
}
