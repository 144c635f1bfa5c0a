/* The base layer: allocation, the string buffer, text from outside made
 * safe for XML and terminals, suggestions, files, digests and the
 * diagnostics sink. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include <glib.h>

#include "iopreport/util.h"
#include "util/sha256_x86.h"

static void clean_is(const char *in, bool keep_newlines, const char *want)
{
    char *got = iop_utf8_clean(in, keep_newlines);
    assert_string_equal(got, want);
    free(got);
}

/* Issue 12, finding 2: a Latin-1 file name ("uvås" from an old Windows
 * share) reaches messages and report data readable and as valid UTF-8. */
static void test_utf8_clean(void **state)
{
    (void)state;
    clean_is("avtal/uv\xe5s.xml", false, "avtal/uv\xc3\xa5s.xml");
    clean_is("uv\xc3\xa5s.xml", false, "uv\xc3\xa5s.xml");            /* UTF-8 stays */
    clean_is("\xf0\x9f\x98\x80 \xe6\xbc\xa2", false, "\xf0\x9f\x98\x80 \xe6\xbc\xa2");
    clean_is("a\x1b[31mb", false, "a\xef\xbf\xbd[31mb");             /* ESC */
    clean_is("a\x9b" "b", false, "a\xef\xbf\xbd" "b");                /* C1 as a byte */
    clean_is("a\xc2\x9b" "b", false, "a\xef\xbf\xbd" "b");            /* C1 as UTF-8 */
    clean_is("a\nb\tc", false, "a\xef\xbf\xbd" "b\xef\xbf\xbd" "c");
    clean_is("a\nb\tc", true, "a\nb\tc");
    clean_is("\xe0\x80\xaf", false, "\xc3\xa0\xef\xbf\xbd\xc2\xaf");  /* overlong '/': bytes */
    clean_is("\xed\xa0\x80", false, "\xef\xbf\xbd");                  /* a surrogate */
    clean_is("\xef\xbf\xbe", false, "\xef\xbf\xbd");                  /* U+FFFE */
    clean_is("\xe5", false, "\xc3\xa5");                              /* cut short at the end */
    assert_null(iop_utf8_clean(NULL, false));
}

static void test_diag_format_cleans_file_names(void **state)
{
    (void)state;
    iop_diag *d = iop_diag_new();
    iop_loc loc = {"uv\xe5s.xml", 3, 0};
    iop_diag_report(d, IOP_ERROR, &loc, "%s", "bad \xe5");
    char *line = iop_diag_format(iop_diag_get(d, 0));
    assert_string_equal(line, "uv\xc3\xa5s.xml:3: error: bad \xc3\xa5");
    free(line);
    iop_diag_free(d);
}

/* ---- allocation ------------------------------------------------------- */

/* Run fn in a child; true when the child died of SIGABRT, as out of memory
 * must end: one message and abort, never a NULL that a caller dereferences. */
static bool aborts(void (*fn)(void))
{
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        /* keep the expected message out of the test log */
        if (!freopen("/dev/null", "w", stderr))
            _exit(3);
        fn();
        _exit(0);
    }
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    return WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT;
}

static void calloc_overflow(void)
{
    free(iop_xcalloc(SIZE_MAX / 2 + 2, 2));
}

static void reallocarray_overflow(void)
{
    free(iop_xreallocarray(NULL, SIZE_MAX / 8 + 1, 8));
}

static void grow_overflow(void)
{
    size_t cap = SIZE_MAX / 2 + 1;
    (void)iop_grow(NULL, &cap, SIZE_MAX, 1);
}

static void test_alloc(void **state)
{
    (void)state;
    /* zero sizes still give a pointer that free accepts */
    void *p = iop_xmalloc(0);
    assert_non_null(p);
    free(p);
    p = iop_xcalloc(0, 8);
    assert_non_null(p);
    free(p);
    int *zeros = iop_xcalloc(4, sizeof *zeros);
    for (int i = 0; i < 4; i++)
        assert_int_equal(zeros[i], 0);
    free(zeros);

    assert_null(iop_xstrdup(NULL));
    char *s = iop_xstrndup("abcdef", 3);
    assert_string_equal(s, "abc");
    free(s);
    s = iop_xstrndup("ab", 10); /* stops at the NUL, reads no further */
    assert_string_equal(s, "ab");
    free(s);
    s = iop_xasprintf("%s-%d", "x", 42);
    assert_string_equal(s, "x-42");
    free(s);

    /* iop_grow: doubles from 4, keeps the contents, leaves enough alone */
    size_t cap = 0;
    int *v = iop_grow(NULL, &cap, 1, sizeof *v);
    assert_int_equal(cap, 4);
    v[0] = 7;
    v = iop_grow(v, &cap, 5, sizeof *v);
    assert_int_equal(cap, 8);
    assert_int_equal(v[0], 7);
    int *same = iop_grow(v, &cap, 8, sizeof *v);
    assert_ptr_equal(same, v);
    assert_int_equal(cap, 8);
    free(v);

    assert_true(aborts(calloc_overflow));
    assert_true(aborts(reallocarray_overflow));
    assert_true(aborts(grow_overflow));
}

/* ---- string buffer ---------------------------------------------------- */

static void test_strbuf(void **state)
{
    (void)state;
    iop_strbuf sb = IOP_STRBUF_INIT;
    char *empty = iop_strbuf_detach(&sb); /* nothing appended: "", not NULL */
    assert_string_equal(empty, "");
    free(empty);

    iop_strbuf_puts(&sb, "ab");
    iop_strbuf_putc(&sb, 'c');
    iop_strbuf_append(&sb, "defXYZ", 3);
    iop_strbuf_printf(&sb, "[%d]", 12);
    assert_string_equal(sb.data, "abcdef[12]");
    assert_int_equal(sb.len, 10);
    /* bytes, not C strings: an embedded NUL is kept and counted */
    iop_strbuf_append(&sb, "\0z", 2);
    assert_int_equal(sb.len, 12);
    assert_int_equal(sb.data[10], '\0');
    assert_int_equal(sb.data[11], 'z');
    assert_int_equal(sb.data[12], '\0');

    size_t cap = sb.cap;
    iop_strbuf_clear(&sb);
    assert_int_equal(sb.len, 0);
    assert_string_equal(sb.data, "");
    assert_int_equal(sb.cap, cap); /* the memory is kept */

    /* a long printf (past any first guess of its size) */
    char big[3000];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    iop_strbuf_printf(&sb, "<%s>", big);
    assert_int_equal(sb.len, sizeof big + 1);
    assert_int_equal(sb.data[0], '<');
    assert_int_equal(sb.data[sb.len - 1], '>');
    assert_int_equal(strlen(sb.data), sb.len);

    char *out = iop_strbuf_detach(&sb);
    assert_null(sb.data);
    assert_int_equal(sb.len, 0);
    assert_int_equal(sb.cap, 0);
    free(out);

    iop_strbuf_puts(&sb, "again"); /* usable after free */
    iop_strbuf_free(&sb);
    assert_null(sb.data);
    iop_strbuf_free(&sb);
}

/* ---- UTF-8 ------------------------------------------------------------ */

static void test_utf8_step_and_put(void **state)
{
    (void)state;
    uint32_t cp = 0;
    const char *s = "\xc3\xa5x";
    const char *next = iop_utf8_step(s, &cp, false);
    assert_int_equal(cp, 0xE5);
    assert_ptr_equal(next, s + 2);
    next = iop_utf8_step("\xf0\x9f\x98\x80", &cp, false);
    assert_int_equal(cp, 0x1F600);
    /* a lone Latin-1 byte is one character of one byte */
    s = "\xe5z";
    assert_ptr_equal(iop_utf8_step(s, &cp, false), s + 1);
    assert_int_equal(cp, 0xE5);
    /* CR is a newline: kept only when asked */
    iop_utf8_step("\r", &cp, true);
    assert_int_equal(cp, '\r');
    iop_utf8_step("\r", &cp, false);
    assert_int_equal(cp, 0xFFFD);
    iop_utf8_step("\x7f", &cp, true); /* DEL */
    assert_int_equal(cp, 0xFFFD);

    iop_strbuf sb = IOP_STRBUF_INIT;
    static const uint32_t cps[] = {'a', 0xE5, 0x20AC, 0x1F600};
    for (size_t i = 0; i < sizeof cps / sizeof *cps; i++)
        iop_strbuf_put_codepoint(&sb, cps[i]);
    assert_string_equal(sb.data, "a\xc3\xa5\xe2\x82\xac\xf0\x9f\x98\x80");
    /* and back: every code point read as written */
    const char *p = sb.data;
    for (size_t i = 0; i < sizeof cps / sizeof *cps; i++) {
        p = iop_utf8_step(p, &cp, false);
        assert_int_equal(cp, cps[i]);
    }
    assert_int_equal(*p, '\0');
    iop_strbuf_free(&sb);
    char *clean = iop_utf8_clean("", false);
    assert_string_equal(clean, "");
    free(clean);
}

/* ---- suggestions ------------------------------------------------------- */

static void test_edit_distance(void **state)
{
    (void)state;
    assert_int_equal(iop_edit_distance("", ""), 0);
    assert_int_equal(iop_edit_distance("title", "title"), 0);
    assert_int_equal(iop_edit_distance("", "abc"), 3);
    assert_int_equal(iop_edit_distance("title", "Title"), 0); /* ASCII case ignored */
    assert_int_equal(iop_edit_distance("title", "tilte"), 1); /* a swap is one step */
    assert_int_equal(iop_edit_distance("title", "titel"), 1);
    assert_int_equal(iop_edit_distance("period", "perod"), 1);
    assert_int_equal(iop_edit_distance("kitten", "sitting"), 3);
    assert_int_equal(iop_edit_distance("ab", "ba"), 1);
    /* only ASCII folds: Å and å are two different byte pairs */
    assert_int_equal(iop_edit_distance("\xc3\x85", "\xc3\xa5"), 1);
    /* past 64 bytes: the longer length, no table overrun */
    char long_a[80], long_b[70];
    memset(long_a, 'a', sizeof long_a - 1);
    long_a[sizeof long_a - 1] = '\0';
    memset(long_b, 'a', sizeof long_b - 1);
    long_b[sizeof long_b - 1] = '\0';
    assert_int_equal(iop_edit_distance(long_a, long_b), 79);
    assert_int_equal(iop_edit_distance(long_b, "a"), 69);
}

static void test_closest_name(void **state)
{
    (void)state;
    static const char *const names[] = {"agreement", "agreements", "committees"};
    assert_string_equal(iop_closest_name("agrement", names, 3), "agreement");
    assert_string_equal(iop_closest_name("Committes", names, 3), "committees");
    assert_null(iop_closest_name("budget", names, 3));
    assert_null(iop_closest_name("x", names, 0));
    /* short names allow one mistake only: "pay" is not "day" misspelt twice */
    static const char *const short_names[] = {"day", "end"};
    assert_string_equal(iop_closest_name("dya", short_names, 2), "day");
    assert_null(iop_closest_name("pey", short_names, 2));
    /* a tie goes to the first */
    static const char *const tie[] = {"malmo-asn", "malmo-ask"};
    assert_string_equal(iop_closest_name("malmo-as", tie, 2), "malmo-asn");
}

/* ---- files -------------------------------------------------------------- */

static char *write_temp(const char *dir, const char *name, const char *data, size_t len)
{
    char *path = iop_xasprintf("%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
    return path;
}

static void test_file_read(void **state)
{
    (void)state;
    char dir[] = "/tmp/iop-test-util.XXXXXX";
    assert_non_null(mkdtemp(dir));
    size_t len = 99;
    char *why = NULL;

    char *path = write_temp(dir, "ten.xml", "0123456789", 10);
    char *data = iop_file_read(path, 10, &len, &why); /* exactly the cap */
    assert_non_null(data);
    assert_null(why);
    assert_int_equal(len, 10);
    assert_string_equal(data, "0123456789");
    free(data);
    data = iop_file_read(path, 9, &len, &why); /* one byte over */
    assert_null(data);
    assert_non_null(strstr(why, "over the limit of 9 bytes"));
    free(why);
    assert_int_equal(unlink(path), 0);
    free(path);

    path = write_temp(dir, "empty.xml", "", 0);
    data = iop_file_read(path, 10, &len, &why);
    assert_non_null(data);
    assert_int_equal(len, 0);
    assert_string_equal(data, "");
    free(data);
    assert_int_equal(unlink(path), 0);
    free(path);

    /* bytes, NUL included: the length is the file's */
    path = write_temp(dir, "nul.bin", "a\0b", 3);
    data = iop_file_read(path, 10, &len, &why);
    assert_non_null(data);
    assert_int_equal(len, 3);
    assert_memory_equal(data, "a\0b", 4);
    free(data);
    assert_int_equal(unlink(path), 0);
    free(path);

    path = iop_xasprintf("%s/missing.xml", dir);
    data = iop_file_read(path, 10, &len, &why);
    assert_null(data);
    assert_non_null(strstr(why, "cannot open: "));
    free(why);
    free(path);

    data = iop_file_read(dir, 10, &len, &why);
    assert_null(data);
    assert_string_equal(why, "is a folder, not a file");
    free(why);

    /* a FIFO without a writer: refused at once, never waited for */
    path = iop_xasprintf("%s/fifo.xml", dir);
    assert_int_equal(mkfifo(path, 0600), 0);
    data = iop_file_read(path, 10, &len, &why);
    assert_null(data);
    assert_string_equal(why, "is not a regular file");
    free(why);
    assert_int_equal(unlink(path), 0);
    free(path);

    assert_int_equal(rmdir(dir), 0);
}

/* ---- digests ------------------------------------------------------------ */

/* FIPS 180-2's examples, the digest of a message given in pieces of every
 * size, and a digest read between pieces (the record reads it once, but
 * reading must not end the computation). */
static void test_sha256(void **state)
{
    (void)state;
    char hex[65];
    iop_sha256_hex_of("", 0, hex);
    assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    iop_sha256_hex_of("abc", 3, hex);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    iop_sha256_hex_of(two, strlen(two), hex);
    assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");

    static char million[1000000];
    memset(million, 'a', sizeof million);
    for (size_t piece = 1; piece <= 1000; piece = piece * 7 + 3) {
        iop_sha256 *s = iop_sha256_new();
        for (size_t at = 0; at < sizeof million; at += piece)
            iop_sha256_update(s, million + at,
                              piece < sizeof million - at ? piece : sizeof million - at);
        iop_sha256_hex(s, hex);
        assert_string_equal(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
        iop_sha256_free(s);
    }

    /* every length around the block and padding edges, in two pieces cut
     * anywhere, against GLib (the digest where the processor has no SHA
     * instructions, so both ways must agree) */
    unsigned char bytes[300];
    for (size_t i = 0; i < sizeof bytes; i++)
        bytes[i] = (unsigned char)(i * 131u + 7u);
    for (size_t len = 0; len <= sizeof bytes; len++) {
        char want[65];
        GChecksum *g = g_checksum_new(G_CHECKSUM_SHA256);
        g_checksum_update(g, bytes, (gssize)len);
        memcpy(want, g_checksum_get_string(g), sizeof want);
        g_checksum_free(g);
        for (size_t cut = 0; cut <= len; cut += len / 7 + 1) {
            iop_sha256 *s = iop_sha256_new();
            iop_sha256_update(s, bytes, cut);
            iop_sha256_update(s, bytes + cut, len - cut);
            iop_sha256_hex(s, hex);
            assert_string_equal(hex, want);
            iop_sha256_free(s);
        }
    }

    /* the SHA instructions' compression alone, on FIPS 180-2's "abc"
     * padded to one block (where the processor has them) */
    if (sha256_x86_available()) {
        unsigned char block[64] = {'a', 'b', 'c', 0x80};
        block[63] = 24;
        uint32_t h[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                         0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
        sha256_x86_blocks(h, block, 1);
        assert_int_equal(h[0], 0xba7816bf);
        assert_int_equal(h[7], 0xf20015ad);
    }

    iop_sha256 *s = iop_sha256_new();
    iop_sha256_update(s, "ab", 2);
    iop_sha256_hex(s, hex);
    assert_string_equal(hex, "fb8e20fc2e4c3f248c60c39bd652f3c1347298bb977b8b4d5903b85055620603");
    iop_sha256_update(s, "c", 1);
    iop_sha256_hex(s, hex);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    iop_sha256_free(s);
}


static void test_digest(void **state)
{
    (void)state;
    /* the FNV-1a 64 test vectors */
    assert_true(iop_digest_bytes(IOP_DIGEST_SEED, "", 0) == 0xcbf29ce484222325ULL);
    assert_true(iop_digest_bytes(IOP_DIGEST_SEED, "a", 1) == 0xaf63dc4c8601ec8cULL);
    assert_true(iop_digest_bytes(IOP_DIGEST_SEED, "foobar", 6) == 0x85944171f73967e8ULL);
    /* continuing over pieces is the digest of the whole */
    uint64_t h = iop_digest_bytes(IOP_DIGEST_SEED, "foo", 3);
    assert_true(iop_digest_bytes(h, "bar", 3) == 0x85944171f73967e8ULL);
    /* one changed bit changes it; a NUL is a byte like any other */
    assert_true(iop_digest_bytes(IOP_DIGEST_SEED, "foobas", 6) != 0x85944171f73967e8ULL);
    assert_true(iop_digest_bytes(IOP_DIGEST_SEED, "a\0", 2) !=
                iop_digest_bytes(IOP_DIGEST_SEED, "a", 1));
}

/* ---- diagnostics -------------------------------------------------------- */

typedef struct seen {
    size_t n;
    char last[200];
} seen;

static void remember(const iop_diag_entry *e, void *user)
{
    seen *s = user;
    s->n++;
    snprintf(s->last, sizeof s->last, "%s", e->message);
}

static void format_is(const iop_diag *d, size_t i, const char *want)
{
    char *line = iop_diag_format(iop_diag_get(d, i));
    assert_string_equal(line, want);
    free(line);
}

static void test_diag(void **state)
{
    (void)state;
    iop_diag *d = iop_diag_new();
    seen s = {0};
    iop_diag_set_callback(d, remember, &s);
    iop_loc full = {"a.xml", 12, 5}, line_only = {"a.xml", 12, 0}, file_only = {"b.xml", 0, 7};
    iop_diag_report(d, IOP_ERROR, &full, "bad %s", "date");
    iop_diag_report(d, IOP_WARNING, &line_only, "libxml2 says\n \n");
    iop_diag_report(d, IOP_NOTE, &file_only, "a note");
    iop_diag_report(d, IOP_ERROR, NULL, "no place");
    iop_loc negative = {"c.xml", -3, -1};
    iop_diag_report_code(d, IOP_ERROR, &negative, "IOP-TEST", "coded");

    assert_int_equal(s.n, 5); /* the callback saw each as it came */
    assert_string_equal(s.last, "coded");
    assert_int_equal(iop_diag_size(d), 5);
    assert_int_equal(iop_diag_count(d, IOP_ERROR), 3);
    assert_int_equal(iop_diag_count(d, IOP_WARNING), 1);
    assert_int_equal(iop_diag_count(d, IOP_NOTE), 1);
    assert_null(iop_diag_get(d, 5));

    format_is(d, 0, "a.xml:12:5: error: bad date");
    format_is(d, 1, "a.xml:12: warning: libxml2 says"); /* trailing newlines trimmed */
    format_is(d, 2, "b.xml: note: a note");             /* no line: no column either */
    format_is(d, 3, "error: no place");
    format_is(d, 4, "c.xml: error: coded");             /* nonsense lines are unknown */
    /* the code is beside the message, never in it */
    assert_null(iop_diag_get(d, 0)->code);
    assert_string_equal(iop_diag_get(d, 4)->code, "IOP-TEST");

    /* the location is copied: the caller's buffer may go away */
    char name[] = "tmp.xml";
    iop_loc loc = {name, 1, 0};
    iop_diag_report(d, IOP_ERROR, &loc, "copied");
    name[0] = 'X';
    assert_string_equal(iop_diag_get(d, 5)->file, "tmp.xml");

    /* merge keeps order, counts and codes, and empties the source */
    iop_diag *other = iop_diag_new();
    iop_diag_report_code(other, IOP_WARNING, NULL, "IOP-OTHER", "first");
    iop_diag_report(other, IOP_ERROR, NULL, "second");
    iop_diag_merge(d, other);
    assert_int_equal(iop_diag_size(other), 0);
    assert_int_equal(iop_diag_count(other, IOP_ERROR), 0);
    assert_int_equal(iop_diag_size(d), 8);
    assert_string_equal(iop_diag_get(d, 6)->message, "first");
    assert_string_equal(iop_diag_get(d, 6)->code, "IOP-OTHER");
    assert_string_equal(iop_diag_get(d, 7)->message, "second");
    assert_int_equal(iop_diag_count(d, IOP_ERROR), 5);
    assert_int_equal(iop_diag_count(d, IOP_WARNING), 2);
    assert_int_equal(s.n, 8); /* merged entries reach the callback too */
    iop_diag_free(other);
    iop_diag_free(d);
    iop_diag_free(NULL);
}

/* ---- the one safe parse (util/xml_safe.c) ------------------------------ */

typedef struct parse_seen {
    int problems, xml_errors;
    long line;
    char last[300];
    char code[32];
} parse_seen;

static void on_problem(void *user, long line, const char *code, const char *message)
{
    parse_seen *s = user;
    snprintf(s->code, sizeof s->code, "%s", code ? code : "");
    s->problems++;
    s->line = line;
    snprintf(s->last, sizeof s->last, "%s", message);
}

static void on_xml_error(void *user, const xmlError *err)
{
    parse_seen *s = user;
    s->xml_errors++;
    s->line = err->line;
}

static xmlDoc *parse(const char *xml, size_t len, parse_seen *s)
{
    memset(s, 0, sizeof *s);
    iop_xml_parse how = {"t.xml", "test files", on_problem, on_xml_error, s, NULL, false};
    return iop_xml_parse_safe(xml, len, &how);
}

static void test_xml_parse_safe(void **state)
{
    (void)state;
    parse_seen s;
    const char ok[] = "<a>\n<b>x</b></a>";
    xmlDoc *doc = parse(ok, strlen(ok), &s);
    assert_non_null(doc);
    assert_int_equal(s.problems + s.xml_errors, 0);
    xmlFreeDoc(doc);

    /* a DOCTYPE stops the parser at its line, with one message, however
     * harmless or hostile its subset, and nothing of it is expanded */
    const char *doctypes[] = {
        "<?xml version=\"1.0\"?>\n<!DOCTYPE a [\n<!ENTITY e \"x\">\n]>\n<a>&e;</a>",
        "<?xml version=\"1.0\"?>\n<!DOCTYPE a SYSTEM \"file:///etc/passwd\">\n<a/>",
        "<?xml version=\"1.0\"?>\n<!DOCTYPE a [<!ENTITY a \"&b;&b;\"><!ENTITY b \"x\">]><a>&a;</a>",
    };
    for (size_t i = 0; i < sizeof doctypes / sizeof *doctypes; i++) {
        assert_null(parse(doctypes[i], strlen(doctypes[i]), &s));
        assert_int_equal(s.problems, 1);
        assert_int_equal(s.xml_errors, 0);
        assert_int_equal(s.line, 2);
        assert_string_equal(s.last, "a document type declaration (<!DOCTYPE a>) is not allowed in "
                                    "test files; the file was not read further");
        assert_string_equal(s.code, "IOP-DOCTYPE");
    }

    assert_null(parse("", 0, &s));
    assert_string_equal(s.last, "the file is empty");
    assert_null(parse("\x1f\x8b\x08\x00", 4, &s));
    assert_int_equal(s.problems, 1);
    assert_non_null(strstr(s.last, "gzip-compressed"));

    /* libxml2's own errors go to the caller's words for them */
    const char bad[] = "<a>\n<b></a>";
    assert_null(parse(bad, strlen(bad), &s));
    assert_int_equal(s.problems, 0);
    assert_true(s.xml_errors >= 1);
}

static void test_collapse_space(void **state)
{
    (void)state;
    char a[] = "  Crossroads  och\n\t Vinternatt \r\n";
    assert_string_equal(iop_collapse_space(a), "Crossroads och Vinternatt");
    char b[] = " \n ";
    assert_string_equal(iop_collapse_space(b), "");
    char c[] = "ett\xC2\xA0ord"; /* a no-break space is no XML whitespace */
    assert_string_equal(iop_collapse_space(c), "ett\xC2\xA0ord");
}


/* ---- threads and huge pages ---- */

#if defined(__SANITIZE_ADDRESS__)
#define IOP_TEST_OWN_MALLOC 0 /* the sanitizer's allocator has no arenas */
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define IOP_TEST_OWN_MALLOC 0
#endif
#endif
#ifndef IOP_TEST_OWN_MALLOC
#define IOP_TEST_OWN_MALLOC 1
#endif

/* The mapping of /proc/self/smaps that holds `p`: its size, and whether
 * its VmFlags carry `flag` ("hg": huge pages asked for, "nh": refused). */
static bool smaps_mapping(const void *p, size_t *size, const char *flag)
{
    FILE *f = fopen("/proc/self/smaps", "r");
    assert_non_null(f);
    char line[512];
    bool in = false, has = false;
    *size = 0;
    while (fgets(line, sizeof line, f)) {
        unsigned long start, end;
        char perms[8];
        if (sscanf(line, "%lx-%lx %7s", &start, &end, perms) == 3 && strchr(line, ' ') &&
            strchr(line, '-') < strchr(line, ' ')) {
            if (in)
                break;
            in = (uintptr_t)p >= start && (uintptr_t)p < end;
            if (in)
                *size = end - start;
        } else if (in && strncmp(line, "VmFlags:", 8) == 0) {
            char want[8];
            snprintf(want, sizeof want, " %s", flag);
            has = strstr(line, want) != NULL;
        }
    }
    fclose(f);
    return has;
}

static bool huge_pages_offered(void)
{
    FILE *f = fopen("/sys/kernel/mm/transparent_hugepage/enabled", "r");
    if (!f)
        return false;
    char line[128] = "";
    bool offered = fgets(line, sizeof line, f) && !strstr(line, "[never]");
    fclose(f);
    return offered;
}

typedef struct {
    size_t arena_size; /* of the mapping that holds the thread's block */
    bool marked, refused;
} arena_seen;

static void *look_at_own_arena(void *data)
{
    arena_seen *view = data;
    void *block = malloc(4096); /* from the thread's arena, not its cache */
    assert_non_null(block);
    view->marked = smaps_mapping(block, &view->arena_size, "hg");
    size_t ignored;
    view->refused = smaps_mapping(block, &ignored, "nh");
    free(block);
    return view;
}

static arena_seen run_looking_thread(void)
{
    arena_seen view = {0};
    pthread_t t;
    assert_int_equal(iop_thread_start(&t, look_at_own_arena, &view), 0);
    void *result = NULL;
    assert_int_equal(pthread_join(t, &result), 0);
    assert_ptr_equal(result, &view); /* the thread's function ran, with its argument */
    return view;
}

/* One sequence, as a build makes it: the first thread prepared, then the
 * process either makes one report (use) or forks workers (forgo).  The
 * state is the process's, hence one test. */
static void test_threads_and_huge_pages(void **state)
{
    (void)state;
    if (!IOP_TEST_OWN_MALLOC) {
        /* threads still start and run */
        arena_seen view = run_looking_thread();
        (void)view;
        skip();
    }
    bool offered = huge_pages_offered();

    /* the first thread: its arena made with room for huge pages, marked */
    iop_huge_pages_prepare_next_thread();
    arena_seen first = run_looking_thread();
    assert_true(first.arena_size >= (size_t)4 << 20);
    assert_int_equal(first.marked, offered);

    /* one report: the heap's growth is marked, and later threads' arenas */
    iop_huge_pages_use();
    if (offered) {
        bool heap_marked = false;
        size_t size;
        void *blocks[256];
        for (size_t i = 0; i < 256; i++) /* across the heap's marked growth */
            blocks[i] = iop_xmalloc(60000);
        for (size_t i = 0; i < 256; i++)
            heap_marked = heap_marked || smaps_mapping(blocks[i], &size, "hg");
        for (size_t i = 0; i < 256; i++)
            free(blocks[i]);
        assert_true(heap_marked);
    }
    arena_seen later = run_looking_thread();
    assert_int_equal(later.marked, offered);

    /* workers instead: the marks taken back for what is touched later */
    iop_huge_pages_forgo();
    arena_seen after = run_looking_thread();
    assert_false(after.marked);
    assert_int_equal(after.refused, offered);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_xml_parse_safe),
        cmocka_unit_test(test_collapse_space),
        cmocka_unit_test(test_utf8_clean),
        cmocka_unit_test(test_diag_format_cleans_file_names),
        cmocka_unit_test(test_alloc),
        cmocka_unit_test(test_strbuf),
        cmocka_unit_test(test_utf8_step_and_put),
        cmocka_unit_test(test_edit_distance),
        cmocka_unit_test(test_closest_name),
        cmocka_unit_test(test_file_read),
        cmocka_unit_test(test_digest),
        cmocka_unit_test(test_sha256),
        cmocka_unit_test(test_diag),
        cmocka_unit_test(test_threads_and_huge_pages),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
