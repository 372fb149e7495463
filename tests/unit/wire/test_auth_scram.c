/*
 * test_auth_scram.c — SCRAM-SHA-256 against RFC 7677's example (user "user",
 * password "pencil", its nonces and salt), verifier text round trips, the
 * server state machine's refusals (bad proof, mock user, malformed and
 * mis-negotiated messages, channel binding), base64 edge cases, and the
 * password store of auth.h (DATA/auth_verifier, ALTER ROLE semantics,
 * auth_check_password, peer kinds).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/un.h>

#include <cmocka.h>

#include "wire/auth.h"
#include "wire/auth_scram.h"

/* RFC 7677, section 3 */
#define RFC_SALT         "W22ZaJ0SNY7soEsUEjb6gQ=="
#define RFC_CLIENT_FIRST "n,,n=user,r=rOprNGfwEbeRWgbNEkqO"
#define RFC_SERVER_NONCE "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0"
#define RFC_SERVER_FIRST                                                                           \
    "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=" RFC_SALT ",i=4096"
#define RFC_FINAL_NOPROOF "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0"
#define RFC_PROOF         "dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ="
#define RFC_SERVER_FINAL  "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="
/* the verifier PostgreSQL would store for "pencil" with that salt */
#define RFC_VERIFIER                                                                               \
    "SCRAM-SHA-256$4096:" RFC_SALT "$WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY=:"                \
    "wfPLwcE6nTWhTAmQ7tl2KeoiWGPlZqQxSrmfPwDl2dU="

static const uint8_t SECRET[SCRAM_KEY_LEN] = {1, 2, 3};

static void rfc_verifier(ScramVerifier *v)
{
    uint8_t salt[32];
    int n = scram_base64_decode(RFC_SALT, strlen(RFC_SALT), salt, sizeof salt);
    assert_int_equal(n, 16);
    assert_int_equal(scram_verifier_from_password("pencil", salt, (size_t)n, 4096, v), 0);
}

static void test_rfc7677_verifier(void **state)
{
    (void)state;
    ScramVerifier v;
    rfc_verifier(&v);
    char text[SCRAM_VERIFIER_MAX];
    assert_int_equal(scram_verifier_format(&v, text, sizeof text), 0);
    assert_string_equal(text, RFC_VERIFIER);
    ScramVerifier parsed;
    assert_true(scram_verifier_parse(text, &parsed));
    assert_memory_equal(&parsed, &v, sizeof v);
    assert_true(scram_verifier_check(&v, "pencil"));
    assert_false(scram_verifier_check(&v, "pencil "));
    assert_false(scram_verifier_check(&v, ""));
}

static void test_rfc7677_exchange(void **state)
{
    (void)state;
    ScramVerifier v;
    rfc_verifier(&v);
    ScramState st;
    assert_true(scram_state_init(&st, SCRAM_MECHANISM, &v, "user", SECRET, false, NULL, 0));
    char out[1024];
    assert_int_equal(scram_exchange(&st, RFC_CLIENT_FIRST, strlen(RFC_CLIENT_FIRST), out,
                                    sizeof out, RFC_SERVER_NONCE),
                     AUTH_SCRAM_CONTINUE);
    assert_string_equal(out, RFC_SERVER_FIRST);
    const char *final = RFC_FINAL_NOPROOF ",p=" RFC_PROOF;
    assert_int_equal(scram_exchange(&st, final, strlen(final), out, sizeof out, NULL),
                     AUTH_SCRAM_OK);
    assert_string_equal(out, RFC_SERVER_FINAL);

    /* the client side computes the same proof */
    uint8_t salt[16], proof[SCRAM_KEY_LEN];
    scram_base64_decode(RFC_SALT, strlen(RFC_SALT), salt, sizeof salt);
    const char *am = "n=user,r=rOprNGfwEbeRWgbNEkqO," RFC_SERVER_FIRST "," RFC_FINAL_NOPROOF;
    assert_int_equal(scram_client_proof("pencil", salt, 16, 4096, am, proof), 0);
    char b64[64];
    scram_base64_encode(proof, sizeof proof, b64, sizeof b64);
    assert_string_equal(b64, RFC_PROOF);
}

/* Runs the RFC exchange with a different final message; returns the status. */
static ScramStatus final_with(const char *final, ScramState *st)
{
    ScramVerifier v;
    rfc_verifier(&v);
    char out[1024];
    assert_true(scram_state_init(st, SCRAM_MECHANISM, &v, "user", SECRET, false, NULL, 0));
    assert_int_equal(scram_exchange(st, RFC_CLIENT_FIRST, strlen(RFC_CLIENT_FIRST), out, sizeof out,
                                    RFC_SERVER_NONCE),
                     AUTH_SCRAM_CONTINUE);
    return scram_exchange(st, final, strlen(final), out, sizeof out, NULL);
}

static void test_wrong_proof_and_bad_finals(void **state)
{
    (void)state;
    ScramState st;
    /* last proof byte changed */
    assert_int_equal(
        final_with(RFC_FINAL_NOPROOF ",p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVU=", &st),
        AUTH_SCRAM_FAILED);
    /* wrong nonce, wrong c=, missing proof, short proof, garbage after proof */
    assert_int_equal(final_with("c=biws,r=rOprNGfwEbeRWgbNEkqOX,p=" RFC_PROOF, &st),
                     AUTH_SCRAM_ERROR);
    assert_int_equal(
        final_with("c=eSws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=" RFC_PROOF, &st),
        AUTH_SCRAM_ERROR);
    assert_int_equal(final_with(RFC_FINAL_NOPROOF, &st), AUTH_SCRAM_ERROR);
    assert_int_equal(final_with(RFC_FINAL_NOPROOF ",p=dHzb", &st), AUTH_SCRAM_ERROR);
    assert_int_equal(final_with(RFC_FINAL_NOPROOF ",p=" RFC_PROOF ",x=1", &st), AUTH_SCRAM_ERROR);
    assert_int_equal(final_with("", &st), AUTH_SCRAM_ERROR);
    assert_string_equal(st.error, "malformed SCRAM message");
    /* an extension before the proof is allowed (and part of AuthMessage) */
    assert_int_equal(final_with(RFC_FINAL_NOPROOF ",x=y,p=" RFC_PROOF, &st), AUTH_SCRAM_FAILED);
    /* after the end, nothing more */
    assert_int_equal(final_with(RFC_FINAL_NOPROOF ",p=" RFC_PROOF, &st), AUTH_SCRAM_OK);
    char out[64];
    assert_int_equal(scram_exchange(&st, "x", 1, out, sizeof out, NULL), AUTH_SCRAM_ERROR);
}

static void test_mock_user_always_fails(void **state)
{
    (void)state;
    ScramState st;
    char out[1024], out2[1024];
    assert_true(scram_state_init(&st, SCRAM_MECHANISM, NULL, "ghost", SECRET, false, NULL, 0));
    assert_int_equal(scram_exchange(&st, RFC_CLIENT_FIRST, strlen(RFC_CLIENT_FIRST), out,
                                    sizeof out, RFC_SERVER_NONCE),
                     AUTH_SCRAM_CONTINUE);
    /* the same salt for the same user, every time */
    ScramState again;
    assert_true(scram_state_init(&again, SCRAM_MECHANISM, NULL, "ghost", SECRET, false, NULL, 0));
    scram_exchange(&again, RFC_CLIENT_FIRST, strlen(RFC_CLIENT_FIRST), out2, sizeof out2,
                   RFC_SERVER_NONCE);
    assert_string_equal(out, out2);
    assert_non_null(strstr(out, ",i=4096"));
    const char *final = RFC_FINAL_NOPROOF ",p=" RFC_PROOF;
    assert_int_equal(scram_exchange(&st, final, strlen(final), out, sizeof out, NULL),
                     AUTH_SCRAM_FAILED);
}

static ScramStatus first_with(const char *mech, const char *first, bool tls, ScramState *st)
{
    ScramVerifier v;
    rfc_verifier(&v);
    static const uint8_t hash[32] = {9, 9, 9};
    char out[1024];
    if (!scram_state_init(st, mech, &v, "user", SECRET, tls, hash, tls ? sizeof hash : 0))
        return AUTH_SCRAM_ERROR;
    return scram_exchange(st, first, strlen(first), out, sizeof out, NULL);
}

static void test_bad_first_messages(void **state)
{
    (void)state;
    ScramState st;
    const char *bad[] = {
        "",
        "x,,n=,r=abc",
        "n,n=,r=abc",                       /* no authzid separator */
        "n,a=admin,n=,r=abc",               /* authorization identity */
        "n,,r=abc",                         /* no user attribute */
        "n,,n=,",                           /* no nonce */
        "n,,n=,r=",                         /* empty nonce */
        "n,,n=,r=ab\001c",                  /* unprintable nonce */
        "n,,m=ext,n=,r=abc",                /* mandatory extension */
        "n,,n=,r=abc,garbage",              /* not an attribute */
        "p=tls-server-end-point,,n=,r=abc", /* binding data on plain SCRAM */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(first_with(SCRAM_MECHANISM, bad[i], false, &st), AUTH_SCRAM_ERROR);
    /* a NUL inside the message */
    ScramVerifier v;
    rfc_verifier(&v);
    char out[256];
    assert_true(scram_state_init(&st, SCRAM_MECHANISM, &v, "user", SECRET, false, NULL, 0));
    assert_int_equal(scram_exchange(&st, "n,,n=,r=a\0b", 11, out, sizeof out, NULL),
                     AUTH_SCRAM_ERROR);
    /* good ones: libpq's empty user, an extension */
    assert_int_equal(first_with(SCRAM_MECHANISM, "n,,n=,r=abc", false, &st), AUTH_SCRAM_CONTINUE);
    assert_int_equal(first_with(SCRAM_MECHANISM, "n,,n=x,r=abc,e=1", false, &st),
                     AUTH_SCRAM_CONTINUE);
    /* 'y' is fine without TLS, a downgrade with it */
    assert_int_equal(first_with(SCRAM_MECHANISM, "y,,n=,r=abc", false, &st), AUTH_SCRAM_CONTINUE);
    assert_int_equal(first_with(SCRAM_MECHANISM, "y,,n=,r=abc", true, &st), AUTH_SCRAM_ERROR);
    assert_string_equal(st.error, "SCRAM channel binding negotiation error");
    /* unknown mechanism; -PLUS without TLS */
    assert_int_equal(first_with("SCRAM-SHA-1", "n,,n=,r=abc", false, &st), AUTH_SCRAM_ERROR);
    assert_int_equal(
        first_with(SCRAM_MECHANISM_PLUS, "p=tls-server-end-point,,n=,r=abc", false, &st),
        AUTH_SCRAM_ERROR);
    /* -PLUS with TLS: needs p=tls-server-end-point */
    assert_int_equal(first_with(SCRAM_MECHANISM_PLUS, "n,,n=,r=abc", true, &st), AUTH_SCRAM_ERROR);
    assert_int_equal(first_with(SCRAM_MECHANISM_PLUS, "p=tls-unique,,n=,r=abc", true, &st),
                     AUTH_SCRAM_ERROR);
    assert_int_equal(
        first_with(SCRAM_MECHANISM_PLUS, "p=tls-server-end-point,,n=,r=abc", true, &st),
        AUTH_SCRAM_CONTINUE);
}

/* A whole -PLUS exchange: c= carries the GS2 header and the certificate hash. */
static void test_channel_binding(void **state)
{
    (void)state;
    ScramVerifier v;
    rfc_verifier(&v);
    uint8_t hash[32];
    for (int i = 0; i < 32; i++) hash[i] = (uint8_t)(i * 7);
    for (int variant = 0; variant < 2; variant++) {
        ScramState st;
        assert_true(
            scram_state_init(&st, SCRAM_MECHANISM_PLUS, &v, "user", SECRET, true, hash, 32));
        const char *gs2 = "p=tls-server-end-point,,";
        char first[128], out[1024];
        snprintf(first, sizeof first, "%sn=,r=clientnonce", gs2);
        assert_int_equal(scram_exchange(&st, first, strlen(first), out, sizeof out, "SN"),
                         AUTH_SCRAM_CONTINUE);
        uint8_t cb[128];
        size_t gl = strlen(gs2);
        memcpy(cb, gs2, gl);
        memcpy(cb + gl, hash, 32);
        if (variant == 1) cb[gl + 5] ^= 1; /* another certificate */
        char cb64[256];
        scram_base64_encode(cb, gl + 32, cb64, sizeof cb64);
        char noproof[512];
        snprintf(noproof, sizeof noproof, "c=%s,r=clientnonceSN", cb64);
        char am[2048];
        snprintf(am, sizeof am, "n=,r=clientnonce,%s,%s", out, noproof);
        uint8_t proof[32];
        assert_int_equal(scram_client_proof("pencil", v.salt, v.salt_len, 4096, am, proof), 0);
        char p64[64], final[1024];
        scram_base64_encode(proof, 32, p64, sizeof p64);
        snprintf(final, sizeof final, "%s,p=%s", noproof, p64);
        ScramStatus s = scram_exchange(&st, final, strlen(final), out, sizeof out, NULL);
        assert_int_equal(s, variant == 0 ? AUTH_SCRAM_OK : AUTH_SCRAM_ERROR);
        if (variant == 1) assert_string_equal(st.error, "SCRAM channel binding check failed");
    }
}

static void test_base64_and_verifier_parse(void **state)
{
    (void)state;
    uint8_t buf[8];
    char text[16];
    assert_int_equal(scram_base64_encode((const uint8_t *)"ab", 2, text, sizeof text), 4);
    assert_string_equal(text, "YWI=");
    assert_int_equal(scram_base64_decode("YWI=", 4, buf, sizeof buf), 2);
    assert_int_equal(scram_base64_decode("", 0, buf, sizeof buf), 0);
    assert_int_equal(scram_base64_decode("YWI", 3, buf, sizeof buf), -1);
    assert_int_equal(scram_base64_decode("Y=I=", 4, buf, sizeof buf), -1);
    assert_int_equal(scram_base64_decode("YW I", 4, buf, sizeof buf), -1);
    assert_int_equal(scram_base64_decode("YWJjZGVmZ2hp", 12, buf, 8), -1); /* 9 > 8 bytes */
    assert_int_equal(scram_base64_encode((const uint8_t *)"abc", 3, text, 4), -1);

    ScramVerifier v;
    const char *bad[] = {
        "",
        "md5c6f6b5e0e2e4ad2d6d2e4b5bbd7b2e0a",
        "SCRAM-SHA-256$",
        "SCRAM-SHA-256$0:" RFC_SALT "$WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY=:"
        "wfPLwcE6nTWhTAmQ7tl2KeoiWGPlZqQxSrmfPwDl2dU=",
        "SCRAM-SHA-256$4096:" RFC_SALT "$WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY=",
        "SCRAM-SHA-256$4096:" RFC_SALT "$WG5d:wfPLwcE6nTWhTAmQ7tl2KeoiWGPlZqQxSrmfPwDl2dU=",
        "SCRAM-SHA-256$4096:$WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY=:"
        "wfPLwcE6nTWhTAmQ7tl2KeoiWGPlZqQxSrmfPwDl2dU=",
        "SCRAM-SHA-256$99999999999:" RFC_SALT "$WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY=:"
        "wfPLwcE6nTWhTAmQ7tl2KeoiWGPlZqQxSrmfPwDl2dU=",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_false(scram_verifier_parse(bad[i], &v));
    assert_true(scram_verifier_parse(RFC_VERIFIER, &v));
    assert_int_equal(v.iterations, 4096);
    /* a new verifier: 4096 iterations, 16 random bytes of salt, checks */
    ScramVerifier a, b;
    assert_int_equal(scram_verifier_new("secret", &a), 0);
    assert_int_equal(scram_verifier_new("secret", &b), 0);
    assert_int_equal(a.iterations, 4096);
    assert_int_equal(a.salt_len, 16);
    assert_memory_not_equal(a.salt, b.salt, 16);
    assert_true(scram_verifier_check(&a, "secret"));
    assert_false(scram_verifier_check(&a, "Secret"));
}

static void test_store(void **state)
{
    (void)state;
    char dir[] = "/tmp/omendb-auth-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256], buf[512];
    OmError err;
    error_clear(&err);
    const char *where = NULL;

    /* OMENDB_PASSWORD as plaintext */
    AuthSettings s = {.method = AUTH_METHOD_AUTO,
                      .method_local = AUTH_METHOD_TRUST,
                      .data_dir = dir,
                      .password = "pencil"};
    assert_int_equal(auth_setup(&s, &where, buf, sizeof buf), 0);
    assert_string_equal(where, "OMENDB_PASSWORD");
    assert_true(auth_check_password("omendb", "pencil"));
    assert_false(auth_check_password("omendb", "pencil2"));
    assert_false(auth_check_password("other", "pencil"));
    assert_false(auth_check_password("omendb", ""));
    assert_true(auth_get_verifier("omendb", buf, sizeof buf));
    assert_non_null(strstr(buf, "SCRAM-SHA-256$4096:"));
    assert_false(auth_get_verifier("other", buf, sizeof buf));

    /* a password_file holding a verifier wins over the environment */
    snprintf(path, sizeof path, "%s/pw", dir);
    FILE *f = fopen(path, "w");
    fprintf(f, "%s\n", RFC_VERIFIER);
    fclose(f);
    s.password_file = "pw"; /* relative to the data directory */
    assert_int_equal(auth_setup(&s, &where, buf, sizeof buf), 0);
    assert_string_equal(where, "password_file");
    assert_true(auth_get_verifier("omendb", buf, sizeof buf));
    assert_string_equal(buf, RFC_VERIFIER);

    /* ALTER ROLE: unknown role, md5, bad verifier, then a plaintext password */
    assert_int_equal(auth_set_password("bob", "x", &err), -1);
    assert_string_equal(err.sqlstate, "42704");
    error_clear(&err);
    assert_int_equal(auth_set_password("omendb", "md5c6f6b5e0e2e4ad2d6d2e4b5bbd7b2e0a", &err), -1);
    assert_string_equal(err.sqlstate, "0A000");
    error_clear(&err);
    assert_int_equal(auth_set_password("omendb", "SCRAM-SHA-256$nonsense", &err), -1);
    error_clear(&err);
    assert_int_equal(auth_set_password("omendb", "new one", &err), 0);
    assert_true(auth_check_password("omendb", "new one"));
    assert_false(auth_check_password("omendb", "pencil"));

    /* DATA/auth_verifier now wins at the next start */
    assert_int_equal(auth_setup(&s, &where, buf, sizeof buf), 0);
    assert_string_equal(where, "DATA/auth_verifier");
    assert_true(auth_check_password("omendb", "new one"));
    snprintf(path, sizeof path, "%s/auth_verifier", dir);
    struct stat stt;
    assert_int_equal(stat(path, &stt), 0);
    assert_int_equal(stt.st_mode & 0777, 0600);

    /* a verifier as the new password, as psql's \password sends it */
    assert_int_equal(auth_set_password("omendb", RFC_VERIFIER, &err), 0);
    assert_true(auth_check_password("omendb", "pencil"));
    /* PASSWORD NULL: no password, and that too survives */
    assert_int_equal(auth_set_password("omendb", NULL, &err), 0);
    assert_false(auth_check_password("omendb", "pencil"));
    assert_int_equal(auth_setup(&s, &where, buf, sizeof buf), 0);
    assert_string_equal(where, "DATA/auth_verifier");
    assert_false(auth_get_verifier("omendb", buf, sizeof buf));

    /* a damaged verifier file stops the start */
    f = fopen(path, "w");
    fprintf(f, "garbage\n");
    fclose(f);
    assert_int_equal(auth_setup(&s, &where, buf, sizeof buf), -1);
    assert_non_null(strstr(buf, "auth_verifier"));
    unlink(path);
    /* a missing password_file too */
    s.password_file = "/nonexistent/pw";
    assert_int_equal(auth_setup(&s, &where, buf, sizeof buf), -1);
    assert_non_null(strstr(buf, "password_file"));

    snprintf(path, sizeof path, "%s/pw", dir);
    unlink(path);
    rmdir(dir);
}

static void test_methods_and_peers(void **state)
{
    (void)state;
    AuthMethod m;
    assert_int_equal(auth_method_parse("SCRAM-SHA-256", false, &m), 0);
    assert_int_equal(m, AUTH_METHOD_SCRAM);
    assert_int_equal(auth_method_parse("auto", false, &m), -1);
    assert_int_equal(auth_method_parse("auto", true, &m), 0);
    assert_int_equal(auth_method_parse("md5", true, &m), -1);

    struct sockaddr_in a4 = {.sin_family = AF_INET};
    inet_pton(AF_INET, "127.0.0.2", &a4.sin_addr);
    assert_int_equal(auth_peer_of_addr((struct sockaddr *)&a4), AUTH_PEER_LOOPBACK);
    inet_pton(AF_INET, "10.1.2.3", &a4.sin_addr);
    assert_int_equal(auth_peer_of_addr((struct sockaddr *)&a4), AUTH_PEER_REMOTE);
    struct sockaddr_in6 a6 = {.sin6_family = AF_INET6};
    inet_pton(AF_INET6, "::1", &a6.sin6_addr);
    assert_int_equal(auth_peer_of_addr((struct sockaddr *)&a6), AUTH_PEER_LOOPBACK);
    inet_pton(AF_INET6, "::ffff:127.0.0.1", &a6.sin6_addr);
    assert_int_equal(auth_peer_of_addr((struct sockaddr *)&a6), AUTH_PEER_LOOPBACK);
    inet_pton(AF_INET6, "2001:db8::1", &a6.sin6_addr);
    assert_int_equal(auth_peer_of_addr((struct sockaddr *)&a6), AUTH_PEER_REMOTE);
    struct sockaddr_un un = {.sun_family = AF_UNIX};
    assert_int_equal(auth_peer_of_addr((struct sockaddr *)&un), AUTH_PEER_LOCAL);

    char buf[256];
    AuthSettings s = {.method = AUTH_METHOD_AUTO, .method_local = AUTH_METHOD_TRUST};
    assert_int_equal(auth_setup(&s, NULL, buf, sizeof buf), 0);
    assert_int_equal(auth_method_for(AUTH_PEER_LOCAL), AUTH_METHOD_TRUST);
    assert_int_equal(auth_method_for(AUTH_PEER_LOOPBACK), AUTH_METHOD_TRUST);
    assert_int_equal(auth_method_for(AUTH_PEER_REMOTE), AUTH_METHOD_SCRAM);
    assert_false(auth_password_required(AUTH_PEER_LOOPBACK));
    assert_true(auth_password_required(AUTH_PEER_REMOTE));
    s.method = AUTH_METHOD_PASSWORD;
    s.method_local = AUTH_METHOD_SCRAM;
    assert_int_equal(auth_setup(&s, NULL, buf, sizeof buf), 0);
    assert_int_equal(auth_method_for(AUTH_PEER_LOOPBACK), AUTH_METHOD_PASSWORD);
    assert_int_equal(auth_method_for(AUTH_PEER_LOCAL), AUTH_METHOD_SCRAM);

    assert_false(auth_listen_is_remote("127.0.0.1"));
    assert_false(auth_listen_is_remote("localhost, ::1,127.0.0.5"));
    assert_true(auth_listen_is_remote("*"));
    assert_true(auth_listen_is_remote("127.0.0.1,0.0.0.0"));
    assert_true(auth_listen_is_remote("db.example.com"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rfc7677_verifier),
        cmocka_unit_test(test_rfc7677_exchange),
        cmocka_unit_test(test_wrong_proof_and_bad_finals),
        cmocka_unit_test(test_mock_user_always_fails),
        cmocka_unit_test(test_bad_first_messages),
        cmocka_unit_test(test_channel_binding),
        cmocka_unit_test(test_base64_and_verifier_parse),
        cmocka_unit_test(test_store),
        cmocka_unit_test(test_methods_and_peers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
