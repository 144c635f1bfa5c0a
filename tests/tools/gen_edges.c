/* Valid agreements at the edges of the format (docs/format.md), for the
 * property "what validate accepts, build turns into a report, for every
 * template" (tests/e2e/property.sh, fuzz/property).
 *
 *   iop_gen_edges SEED OUTDIR [ci|full]
 *   iop_gen_edges contains TEXT < NAME      (the check; see contains())
 *
 * writes OUTDIR/input/ (agreement files in folders), OUTDIR/year (the
 * report year, in which every agreement is ongoing) and OUTDIR/names: one
 * line per name a report must show, "KIND<TAB>AGREEMENT-ID<TAB>COMMITTEES<TAB>TEXT"
 * with KIND title or party and COMMITTEES the agreement's committee ids
 * separated by spaces.  The same seed gives the same files.
 *
 * The edges: titles of 1 and of 1 000 characters, names up to the text
 * limit, unbroken words, Latin with Swedish letters, Greek and Cyrillic;
 * amounts 0, 0.01 and at the cap; counts at the cap; dates from 1900-01-01
 * to 2199-12-31 at every precision, open ends, previous periods; many
 * parties and contributions; file names in Latin-1, in upper case, of 255
 * bytes, in deep folders.  "ci" keeps sizes that run in seconds under
 * ASan; "full" goes to every limit. */
#define _GNU_SOURCE /* memmem */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static uint64_t rng_state;

static uint64_t next(void) /* splitmix64 */
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* uniform in [lo, hi] */
static long pick(long lo, long hi)
{
    return lo + (long)(next() % (uint64_t)(hi - lo + 1));
}

static bool chance(int percent)
{
    return pick(1, 100) <= percent;
}

static bool full;

/* ---- a growable string ---- */

typedef struct str {
    char *s;
    size_t n, cap;
} str;

static void put(str *b, const char *s, size_t n)
{
    if (b->n + n + 1 > b->cap) {
        b->cap = (b->n + n + 1) * 2;
        b->s = realloc(b->s, b->cap);
        if (!b->s)
            abort();
    }
    memcpy(b->s + b->n, s, n);
    b->n += n;
    b->s[b->n] = 0;
}

static void puts_(str *b, const char *s)
{
    put(b, s, strlen(s));
}

static void printf_(str *b, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof buf)
        abort();
    put(b, buf, (size_t)n);
}

/* ---- text in several scripts ---- */

static const char *const latin[] = {"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l",
                                    "m", "n", "o", "p", "r", "s", "t", "u", "v", "y", "å", "ä",
                                    "ö", "é", "ü", "Å", "Ä", "Ö", "S", "M", "K"};
static const char *const greek[] = {"α", "β", "γ", "δ", "ε", "ζ", "η", "θ", "ι", "κ", "λ", "μ",
                                    "ν", "ξ", "ο", "π", "ρ", "σ", "τ", "υ", "φ", "χ", "ψ", "ω"};
static const char *const cyrillic[] = {"а", "б", "в", "г", "д", "е", "ж", "з", "и", "к", "л",
                                       "м", "н", "о", "п", "р", "с", "т", "у", "ф", "х", "ц",
                                       "ч", "ш", "щ", "ы", "э", "ю", "я"};

/* `chars` characters of one script: words of 2..12 letters, or (unbroken)
 * one word; '&' and '<' now and then, which the writer escapes. */
static void text(str *b, size_t chars, bool unbroken)
{
    const char *const *alpha;
    size_t n;
    switch (pick(0, 2)) {
    case 0: alpha = latin, n = sizeof latin / sizeof *latin; break;
    case 1: alpha = greek, n = sizeof greek / sizeof *greek; break;
    default: alpha = cyrillic, n = sizeof cyrillic / sizeof *cyrillic; break;
    }
    size_t word = 0, word_len = (size_t)pick(2, 12);
    for (size_t i = 0; i < chars; i++) {
        bool last = i + 1 == chars;
        if (!unbroken && word == word_len && !last && i > 0) {
            put(b, " ", 1);
            word = 0;
            word_len = (size_t)pick(2, 12);
            continue;
        }
        if (!unbroken && i > 0 && !last && chance(1))
            puts_(b, chance(50) ? "&" : "<");
        else
            puts_(b, alpha[pick(0, (long)n - 1)]);
        word++;
    }
}

/* A text at one of the edges: one character, a few words, or `max`. */
static void edge_text(str *b, size_t max)
{
    switch (pick(0, 5)) {
    case 0: text(b, 1, false); break;
    case 1: text(b, max, false); break;
    case 2: text(b, max < 300 ? max : (size_t)pick(100, 300), true); break;
    default: text(b, (size_t)pick(3, max < 60 ? (long)max : 60), false); break;
    }
}

static void xml_escaped(str *out, const char *s)
{
    for (; *s; s++) {
        if (*s == '&')
            puts_(out, "&amp;");
        else if (*s == '<')
            puts_(out, "&lt;");
        else if (*s == '"')
            puts_(out, "&quot;");
        else
            put(out, s, 1);
    }
}

/* an id: a prefix that keeps it unique (also as a file name of 120 bytes),
 * then up to `extra` characters */
static void edge_id(str *b, const char *prefix, int index, long extra)
{
    printf_(b, "%s%d_", prefix, index); /* '_' is not drawn below: no id is another's prefix */
    long n = chance(30) ? extra : pick(0, 12);
    static const char idc[] = "abcdefghijklmnopqrstuvwxyz0123456789-.";
    for (long i = 0; i < n; i++)
        put(b, &idc[pick(0, (long)sizeof idc - 2)], 1);
}

/* ---- dates ---- */

static bool leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int mdays(int y, int m)
{
    static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : d[m - 1];
}

/* A date in year y written at a random precision; `end` picks the last
 * day of a month or year as its meaning, else the first. For a start or
 * an end, the precision only widens towards the outside of the span, so
 * the span still holds the year that was chosen. */
static void date_in(str *b, int y, int m, int d, bool end)
{
    switch (pick(0, 3)) {
    case 0: printf_(b, "%04d", y); break;
    case 1: printf_(b, "%04d-%02d", y, m); break;
    default:
        (void)end;
        printf_(b, "%04d-%02d-%02d", y, m, d);
    }
}

/* ---- one agreement ---- */

typedef struct committee {
    char *id;
    char *name;
} committee;

static FILE *names_out;

static void note_name(const char *kind, const char *agreement, const char *committees,
                      const char *name)
{
    fprintf(names_out, "%s\t%s\t%s\t%s\n", kind, agreement, committees, name);
}

static int report_year;

static char *agreement_xml(int index, const committee *cs, int n_committees)
{
    str x = {0}, id = {0}, title = {0}, my = {0};
    edge_id(&id, "a", index, full ? pick(100, 2000) : pick(20, 130));
    edge_text(&title, 1000);

    /* the current period holds the report year; earlier ones before it */
    int y0 = (int)pick(report_year - (full ? 300 : 40), report_year);
    if (y0 < 1900)
        y0 = 1900;
    if (chance(20))
        y0 = report_year;
    bool open_end = chance(25);
    int y1 = (int)pick(report_year, report_year + (full ? 300 : 40));
    if (y1 > 2199 || chance(10))
        y1 = 2199;
    if (chance(20))
        y1 = report_year;

    puts_(&x, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<agreement xmlns=\"urn:iopreport:1\" id=\"");
    xml_escaped(&x, id.s);
    puts_(&x, "\">\n  <title>");
    xml_escaped(&x, title.s);
    puts_(&x, "</title>\n  <municipality code=\"");
    printf_(&x, "%04ld\">Kommun ", pick(0, 9999));
    str muni = {0};
    edge_text(&muni, 200);
    xml_escaped(&x, muni.s);
    puts_(&x, "</municipality>\n  <parties>\n");

    /* the committees this agreement names: one or more, each once */
    int first = (int)pick(0, n_committees - 1), n_mine = (int)pick(1, n_committees);
    for (int k = 0; k < n_mine; k++) {
        const committee *c = &cs[(first + k) % n_committees];
        puts_(&x, "    <public committee=\"");
        xml_escaped(&x, c->id);
        puts_(&x, "\">");
        xml_escaped(&x, c->name);
        puts_(&x, "</public>\n");
        if (k)
            puts_(&my, " ");
        puts_(&my, c->id);
    }
    int n_idea = (int)(chance(20) ? (full ? 40 : 8) : pick(1, 3));
    char **idea = calloc((size_t)n_idea, sizeof *idea);
    for (int k = 0; k < n_idea; k++) {
        str name = {0};
        printf_(&name, "%d ", k + 1); /* names of one agreement differ */
        if (full && chance(10))
            text(&name, (size_t)pick(1000, 100000), chance(50));
        else
            edge_text(&name, full ? 3000 : 250);
        idea[k] = name.s;
        puts_(&x, "    <idea-based>");
        xml_escaped(&x, name.s);
        puts_(&x, "</idea-based>\n");
    }
    puts_(&x, "  </parties>\n  <period start=\"");
    int m0 = (int)pick(1, 12), d0 = (int)pick(1, mdays(y0, m0));
    if (y0 == 1900 && chance(50))
        m0 = 1, d0 = 1;
    date_in(&x, y0, m0, d0, false);
    puts_(&x, "\"");
    int m1 = 12, d1 = 31;
    if (!open_end) {
        m1 = (int)pick(1, 12);
        d1 = (int)pick(1, mdays(y1, m1));
        if (y1 == report_year)
            m1 = 12, d1 = 31; /* ends in the report year: after its start */
        if (y0 == y1 && (m1 < m0 || (m1 == m0 && d1 < d0)))
            m1 = 12, d1 = 31;
        puts_(&x, " end=\"");
        date_in(&x, y1, m1, d1, true);
        puts_(&x, "\"");
    }
    puts_(&x, "/>\n");
    /* previous periods: back to 1900 at the most, none overlapping */
    int before = y0 - 1, n_prev = (int)pick(0, full ? 6 : 3);
    for (int k = 0; k < n_prev && before >= 1900; k++) {
        int pe = (int)pick(before - (full ? 40 : 5) < 1900 ? 1900 : before - (full ? 40 : 5), before);
        int ps = (int)pick(pe - 5 < 1900 ? 1900 : pe - 5, pe);
        if (chance(20))
            ps = 1900 > pe ? pe : 1900;
        printf_(&x, "  <previous-period start=\"%04d\" end=\"%04d-12-31\"/>\n", ps, pe);
        before = ps - 1;
    }

    /* money: every kind and edge; the parties are named exactly */
    int n_contrib = (int)(chance(15) ? (full ? 500 : 40) : pick(0, 4));
    puts_(&x, "  <budget>\n");
    for (int k = 0; k < n_contrib; k++) {
        const char *party = chance(50) ? cs[(first + pick(0, n_mine - 1)) % n_committees].id
                                       : idea[pick(0, n_idea - 1)];
        puts_(&x, "    <contribution party=\"");
        xml_escaped(&x, party);
        puts_(&x, "\" amount=\"");
        switch (pick(0, 4)) {
        case 0: puts_(&x, "0"); break;
        case 1: puts_(&x, "0.01"); break;
        case 2: puts_(&x, "999999999999.99"); break;
        case 3: puts_(&x, "999999999999"); break;
        default: printf_(&x, "%ld.%02ld", pick(0, 99999999), pick(0, 99)); break;
        }
        puts_(&x, "\"");
        if (chance(30))
            puts_(&x, " kind=\"in-kind\"");
        /* a lump sum needs an end: the period's or its own */
        bool lump = chance(30);
        if (lump && !open_end)
            puts_(&x, " per=\"period\"");
        if (y0 < report_year && chance(30)) /* from a year after the start: inside the period */
            printf_(&x, " from=\"%04d\"", (int)pick(y0 + 1, report_year));
        if (lump && open_end)
            printf_(&x, " per=\"period\" to=\"%04d-12-31\"", (int)pick(report_year, 2199));
        puts_(&x, "/>\n");
    }
    puts_(&x, "  </budget>\n");
    printf_(&x, "  <participants year=\"%d\" planned=\"%ld\" actual=\"%ld\">\n", report_year,
            chance(30) ? 999999999L : pick(0, 5000), chance(30) ? 999999999L : pick(0, 5000));
    printf_(&x, "    <count label=\"Kvinnor\">%ld</count>\n  </participants>\n",
            chance(30) ? 999999999L : pick(0, 500));
    puts_(&x, "</agreement>\n");

    note_name("title", id.s, my.s, title.s);
    for (int k = 0; k < n_idea; k++) {
        note_name("party", id.s, my.s, idea[k]);
        free(idea[k]);
    }
    free(idea);
    free(id.s);
    free(title.s);
    free(muni.s);
    free(my.s);
    return x.s;
}

/* ---- where the files go ---- */

static void make_dir(const char *path)
{
    if (mkdir(path, 0755) != 0 && errno != EEXIST) {
        perror(path);
        exit(1);
    }
}

/* A file's folder and name at an edge: plain, deep, long, Latin-1, .XML. */
static char *file_path(const char *input, int index)
{
    str p = {0};
    puts_(&p, input);
    if (chance(25)) {
        /* deep folders, well inside PATH_MAX */
        int depth = (int)pick(2, full ? 30 : 12);
        for (int k = 0; k < depth; k++) {
            printf_(&p, "/d%d-", k);
            for (long j = pick(1, full ? 100 : 30); j > 0; j--)
                put(&p, "x", 1);
            make_dir(p.s);
        }
    }
    switch (pick(0, 4)) {
    case 0: printf_(&p, "/uv\xe5s-%d.xml", index); break; /* Latin-1, as from an old share */
    case 1: printf_(&p, "/AVTAL-%d.XML", index); break;
    case 2: {
        printf_(&p, "/%d-", index); /* a name of 255 bytes, NAME_MAX */
        for (int j = 0; j < 255 - (int)strlen(".xml") - 1 - (index >= 10 ? 2 : 1); j++)
            put(&p, "n", 1);
        puts_(&p, ".xml");
        break;
    }
    default: printf_(&p, "/avtal-%d.xml", index); break;
    }
    return p.s;
}

/* ---- the check: is a name in a report's text? ---- */

static char *slurp(FILE *f, size_t *len)
{
    str b = {0};
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        put(&b, buf, n);
    if (!b.s)
        put(&b, "", 0);
    *len = b.n;
    return b.s;
}

/* `iop_gen_edges contains TEXT < NAME`: exit 0 when NAME (both already
 * without spaces and hyphens) is in TEXT in order, in at most a few pieces:
 * a page break puts the running header and footer into the middle of a
 * name that continues on the next page. */
static int contains(const char *text_path)
{
    FILE *f = fopen(text_path, "rb");
    if (!f)
        return 2;
    size_t tn, nn;
    char *text = slurp(f, &tn);
    fclose(f);
    char *name = slurp(stdin, &nn);
    size_t pos = 0, done = 0, pieces = 0, max_pieces = 2 + nn / 400;
    int missing = 0;
    while (done < nn) {
        /* the longest prefix of the rest that occurs at or after pos */
        size_t lo = 0, hi = nn - done;
        const char *at = NULL;
        while (lo < hi) {
            size_t mid = lo + (hi - lo + 1) / 2;
            const char *m = memmem(text + pos, tn - pos, name + done, mid);
            if (m)
                lo = mid, at = m;
            else
                hi = mid - 1;
        }
        if (lo == 0 || ++pieces > max_pieces || !at) {
            missing = 1;
            break;
        }
        at = memmem(text + pos, tn - pos, name + done, lo);
        pos = (size_t)(at - text) + lo;
        done += lo;
    }
    free(text);
    free(name);
    return missing;
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "contains") == 0)
        return contains(argv[2]);
    if (argc < 3) {
        fprintf(stderr, "usage: iop_gen_edges SEED OUTDIR [ci|full]\n");
        return 2;
    }
    rng_state = strtoull(argv[1], NULL, 10);
    full = argc > 3 && strcmp(argv[3], "full") == 0;
    const char *out = argv[2];
    make_dir(out);
    str input = {0};
    printf_(&input, "%s/input", out);
    make_dir(input.s);

    /* the years at the edges come first: seed 1 is 1900, seed 2 is 2199 */
    report_year = rng_state % 4 == 1 ? 1900 : rng_state % 4 == 2 ? 2199 : (int)pick(1901, 2198);
    str path = {0};
    printf_(&path, "%s/year", out);
    FILE *f = fopen(path.s, "w");
    if (!f)
        return 1;
    fprintf(f, "%d\n", report_year);
    fclose(f);
    path.n = 0;
    printf_(&path, "%s/names", out);
    names_out = fopen(path.s, "w");
    if (!names_out)
        return 1;

    int n_committees = (int)pick(1, 3);
    committee cs[3];
    for (int i = 0; i < n_committees; i++) {
        str id = {0}, name = {0};
        edge_id(&id, "c", i, full ? 500 : 60);
        puts_(&name, "Nämnden ");
        edge_text(&name, full ? 1000 : 200);
        cs[i] = (committee){id.s, name.s};
    }
    int n_agreements = (int)pick(1, full ? 12 : 5);
    for (int i = 0; i < n_agreements; i++) {
        char *xml = agreement_xml(i, cs, n_committees);
        char *file = file_path(input.s, i);
        FILE *af = fopen(file, "w");
        if (!af || fputs(xml, af) < 0 || fclose(af) != 0) {
            perror(file);
            return 1;
        }
        free(file);
        free(xml);
    }
    for (int i = 0; i < n_committees; i++) {
        free(cs[i].id);
        free(cs[i].name);
    }
    fclose(names_out);
    free(input.s);
    free(path.s);
    return 0;
}
