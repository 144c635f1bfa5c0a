/* What a PDF was made from, kept in a small record beside it
 * (OUT/.NAME.pdf.digest): a digest of the report data, the template and
 * the options, and the size and modification time of the PDF it
 * describes, so that a PDF replaced or touched by hand is rebuilt.  A
 * record beside the file rather than inside it: reading it back needs no
 * PDF parser, and a lost record only costs a rebuild. */
#include "build.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define RECORD_MAGIC "iopreport-digest 1"

uint64_t build_digest_string(uint64_t h, const char *s)
{
    /* the terminating NUL too, so that ("ab","c") and ("a","bc") differ */
    return iop_digest_bytes(h, s ? s : "", (s ? strlen(s) : 0) + 1);
}

uint64_t build_digest_report_data(const char *xml)
{
    /* <generated> is in the head of the document, written by us; text from
     * the input cannot look like it there (it would be escaped) */
    const char *g = strstr(xml, "<generated ");
    const char *end = g && g - xml < 1024 ? strstr(g, "</generated>") : NULL;
    if (!end)
        return build_digest_string(IOP_DIGEST_SEED, xml);
    end += strlen("</generated>");
    uint64_t h = iop_digest_bytes(IOP_DIGEST_SEED, xml, (size_t)(g - xml));
    return build_digest_string(h, end);
}

char *build_digest_path(const char *pdf)
{
    const char *slash = strrchr(pdf, '/');
    if (!slash)
        return iop_xasprintf(".%s.digest", pdf);
    return iop_xasprintf("%.*s/.%s.digest", (int)(slash - pdf), pdf, slash + 1);
}

static void file_stamp(const struct stat *st, char *buf, size_t size)
{
    snprintf(buf, size, "%lld %lld.%09ld", (long long)st->st_size, (long long)st->st_mtim.tv_sec,
             (long)st->st_mtim.tv_nsec);
}

bool build_digest_is_current(const char *pdf, uint64_t digest)
{
    struct stat st;
    if (stat(pdf, &st) != 0 || !S_ISREG(st.st_mode))
        return false;
    /* anything but a small regular file (a FIFO put there waits forever
     * for a writer) is no record: the report is made again */
    char *rec = build_digest_path(pdf), *why = NULL;
    size_t len = 0;
    char *text = iop_file_read(rec, 4096, &len, &why);
    free(rec);
    free(why);
    if (!text)
        return false;
    char line[3][128] = {{0}};
    bool ok = true;
    const char *p = text;
    for (int i = 0; i < 3 && ok; i++) {
        size_t n = strcspn(p, "\n");
        ok = p[n] == '\n' && n < sizeof line[i];
        if (ok) {
            memcpy(line[i], p, n);
            p += n + 1;
        }
    }
    free(text);
    if (!ok || strcmp(line[0], RECORD_MAGIC) != 0)
        return false;
    char want[32], stamp[96];
    snprintf(want, sizeof want, "%016" PRIx64, digest);
    file_stamp(&st, stamp, sizeof stamp);
    return strcmp(line[1], want) == 0 && strcmp(line[2], stamp) == 0;
}

bool build_digest_record(const char *pdf, uint64_t digest)
{
    struct stat st;
    if (stat(pdf, &st) != 0)
        return false;
    char stamp[96];
    file_stamp(&st, stamp, sizeof stamp);
    char *rec = build_digest_path(pdf);
    char *tmp = iop_xasprintf("%s.tmp%ld", rec, (long)getpid());
    FILE *f = fopen(tmp, "w");
    bool ok = f != NULL;
    if (f) {
        ok = fprintf(f, "%s\n%016" PRIx64 "\n%s\n", RECORD_MAGIC, digest, stamp) > 0;
        ok = (fclose(f) == 0) && ok;
    }
    ok = ok && rename(tmp, rec) == 0;
    if (!ok)
        unlink(tmp);
    free(tmp);
    free(rec);
    return ok;
}
