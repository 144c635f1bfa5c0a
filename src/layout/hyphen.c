/* Swedish hyphenation: libhyphen's patterns (hyphen-sv, an ISO-8859-1
 * dictionary) mark break points, which become soft hyphens (U+00AD) in
 * the text, so that pango may break there and draws a hyphen when it
 * does. */
#include "layout_internal.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MIN_WORD 6   /* shorter words are never broken */
#define MAX_WORD 120 /* longer ones are left to character breaking */

static const char *const dict_paths[] = {
    "/usr/share/hyphen/hyph_sv_SE.dic",
    "/usr/share/hyphen/hyph_sv.dic",
    "/usr/share/myspell/dicts/hyph_sv_SE.dic",
    NULL,
};

#ifdef IOP_HYPHEN_SV_COMPILED
/* The dictionary of the build machine, compiled in (src/tools/hyphen_compile.c). */
extern HyphenDict *const iop_hyphen_sv_compiled;
extern const unsigned long iop_hyphen_sv_compiled_size;
extern const uint64_t iop_hyphen_sv_compiled_digest;

/* Is the file at `path` the one that was compiled in, byte for byte? */
static bool is_compiled_dict(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    char buf[16384];
    uint64_t h = IOP_DIGEST_SEED;
    unsigned long size = 0;
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
        h = iop_digest_bytes(h, buf, n);
        size += n;
    }
    bool same = !ferror(f) && size == iop_hyphen_sv_compiled_size &&
                h == iop_hyphen_sv_compiled_digest;
    fclose(f);
    return same;
}
#endif

/* The dictionary at `path`: the compiled-in state machine when the file is
 * the one it was made from (parsing the patterns costs a process ~39 M
 * instructions), else what libhyphen makes of the file. */
static HyphenDict *load_dict(iop_layout *lay, const char *path)
{
#ifdef IOP_HYPHEN_SV_COMPILED
    if (is_compiled_dict(path)) {
        lay->hyph_compiled = true;
        return iop_hyphen_sv_compiled;
    }
#endif
    return hnj_hyphen_load(path);
}

static HyphenDict *dict_for(iop_layout *lay, const char *lang)
{
    if (!lang || (g_ascii_strncasecmp(lang, "sv", 2) != 0))
        return NULL;
    if (!lay->hyph_tried) {
        lay->hyph_tried = true;
        const char *env = getenv("IOP_HYPHEN_DICT");
        if (env && *env)
            lay->hyph_sv = load_dict(lay, env);
        for (int i = 0; !lay->hyph_sv && dict_paths[i]; i++)
            lay->hyph_sv = load_dict(lay, dict_paths[i]);
    }
    return lay->hyph_sv;
}

HyphenDict *hyphen_dict_sv(iop_layout *lay)
{
    return dict_for(lay, "sv");
}

/* Break points of one word (n characters, UTF-8 in `w`): marks[i] true
 * means a soft hyphen goes after character i. */
static void hyphenate_word(HyphenDict *d, const gunichar *w, int n, bool *marks)
{
    char latin[MAX_WORD + 1];
    for (int i = 0; i < n; i++) {
        gunichar c = g_unichar_tolower(w[i]);
        if (c > 0xff)
            return; /* not representable in the dictionary's charset */
        latin[i] = (char)c;
    }
    latin[n] = 0;
    char hyph[MAX_WORD + 5];
    char **rep = NULL;
    int *pos = NULL, *cut = NULL;
    if (hnj_hyphen_hyphenate3(d, latin, n, hyph, NULL, &rep, &pos, &cut, 2, 2, 2, 2) == 0) {
        /* at least three letters after a break: a line never begins
         * with "en" of "Arbetsmarknadsnämnd-en" */
        for (int i = 1; i < n - 3; i++)
            if ((hyph[i] & 1) && !(rep && rep[i]))
                marks[i] = true;
    }
    if (rep) {
        for (int i = 0; i < n; i++)
            free(rep[i]);
        free(rep);
    }
    free(pos);
    free(cut);
}

char *hyphenate_text(iop_layout *lay, const char *text, const char *lang)
{
    HyphenDict *d = dict_for(lay, lang);
    if (!d || !g_utf8_validate(text, -1, NULL))
        return iop_xstrdup(text);
    iop_strbuf out = IOP_STRBUF_INIT;
    gunichar word[MAX_WORD + 1];
    bool marks[MAX_WORD + 1];
    const char *p = text;
    while (*p) {
        gunichar c = g_utf8_get_char(p);
        if (!g_unichar_isalpha(c)) {
            const char *nx = g_utf8_next_char(p);
            iop_strbuf_append(&out, p, (size_t)(nx - p));
            p = nx;
            continue;
        }
        /* a word: letters only; an explicit hyphen or digit ends it */
        const char *start = p;
        int n = 0;
        bool too_long = false;
        while (*p) {
            gunichar k = g_utf8_get_char(p);
            if (!g_unichar_isalpha(k))
                break;
            if (n < MAX_WORD)
                word[n] = k;
            else
                too_long = true;
            n++;
            p = g_utf8_next_char(p);
        }
        /* a word glued to digits or a soft hyphen already placed is left alone */
        bool skip = too_long || n < MIN_WORD || (*p && g_unichar_isdigit(g_utf8_get_char(p))) ||
                    (*p && g_utf8_get_char(p) == 0xAD);
        if (skip) {
            iop_strbuf_append(&out, start, (size_t)(p - start));
            continue;
        }
        memset(marks, 0, sizeof marks);
        hyphenate_word(d, word, n, marks);
        const char *q = start;
        for (int i = 0; i < n; i++) {
            const char *nx = g_utf8_next_char(q);
            iop_strbuf_append(&out, q, (size_t)(nx - q));
            if (marks[i])
                iop_strbuf_puts(&out, "\xC2\xAD");
            q = nx;
        }
    }
    return iop_strbuf_detach(&out);
}
