/* libxml2's well-formedness messages are written for programmers
 * ("xmlParseEntityRef: no name"); the people who write agreement files make
 * a handful of mistakes again and again, and each gets words that say what
 * to do. Anything not recognised keeps libxml2's text. */
#include "load_internal.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/xmlerror.h>

/* The text of line `line` (1-based) of data, not NUL-terminated. */
static const char *line_text(const char *data, size_t len, long line, size_t *n)
{
    const char *p = data, *end = data + len;
    for (long l = 1; l < line && p < end; l++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl)
            return NULL;
        p = nl + 1;
    }
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    *n = (size_t)((nl ? nl : end) - p);
    return p;
}

static bool has_curly_quote(const char *s, size_t n)
{
    static const char *const quotes[] = {"\xe2\x80\x9c", "\xe2\x80\x9d", "\xe2\x80\x98",
                                         "\xe2\x80\x99", "\xc2\xab", "\xc2\xbb", NULL};
    for (const char *const *q = quotes; *q; q++) {
        size_t ql = strlen(*q);
        for (size_t i = 0; i + ql <= n; i++)
            if (memcmp(s + i, *q, ql) == 0)
                return true;
    }
    return false;
}

static bool only_blank(const char *data, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (data[i] != ' ' && data[i] != '\t' && data[i] != '\r' && data[i] != '\n')
            return false;
    return true;
}

/* Does anything but whitespace (or a BOM) come before "<?xml"? */
static bool xml_declaration_later(const char *data, size_t len)
{
    size_t i = 0;
    if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
        i = 3;
    for (; i + 5 <= len; i++)
        if (memcmp(data + i, "<?xml", 5) == 0)
            return i > 0;
    return false;
}

char *parser_message(const xmlError *err, const char *data, size_t len)
{
    size_t n = 0;
    const char *text = line_text(data, len, err->line, &n);
    switch (err->code) {
    case XML_ERR_NAME_REQUIRED:
        if (err->message && strstr(err->message, "StartTag"))
            return iop_xstrdup("a < in the text that starts no element: write < as &lt;");
        return iop_xstrdup("a bare & in the text: write & as &amp; (for example "
                           "\"Svensson &amp; Co\")");
    case XML_ERR_ENTITYREF_SEMICOL_MISSING:
        return iop_xstrdup("a bare & in the text: write & as &amp; (for example "
                           "\"Svensson &amp; Co\")");
    case XML_ERR_UNDECLARED_ENTITY:
    case XML_WAR_UNDECLARED_ENTITY:
        return iop_xasprintf("&%s; is not known in XML (only &amp; &lt; &gt; &quot; &apos; "
                             "are): write the character itself, or & as &amp;",
                             err->str1 ? err->str1 : "...");
    case XML_ERR_ATTRIBUTE_NOT_STARTED:
        if (text && has_curly_quote(text, n))
            return iop_xstrdup("an attribute value is in typographic quotes (“ ” or ‘ ’, as a "
                               "word processor writes them): use straight quotes \"");
        return iop_xstrdup("an attribute value must stand in quotes: write name=\"value\"");
    case XML_ERR_RESERVED_XML_NAME:
        return iop_xstrdup("something comes before <?xml: delete what comes before <?xml "
                           "(blank lines or text); the declaration must be the very start "
                           "of the file");
    case XML_ERR_DOCUMENT_EMPTY:
        if (only_blank(data, len))
            return iop_xstrdup("the file holds nothing but blank space");
        if (xml_declaration_later(data, len))
            return iop_xstrdup("text comes before <?xml: delete what comes before <?xml");
        return iop_xstrdup("the file does not begin with an element: an agreement file "
                           "begins with <?xml version=\"1.0\" encoding=\"UTF-8\"?> and "
                           "<agreement xmlns=\"urn:iopreport:1\" …>");
    case XML_ERR_TAG_NAME_MISMATCH:
        if (err->str1 && err->str2)
            return iop_xasprintf("the end tag </%s> does not match <%s> (opened on line %d): "
                                 "write </%s>", err->str2, err->str1, err->int1, err->str1);
        break;
    case XML_ERR_TAG_NOT_FINISHED:
        if (err->str1)
            return iop_xasprintf("<%s> (opened on line %d) is never closed: add </%s>",
                                 err->str1, err->int1, err->str1);
        break;
    case XML_ERR_ATTRIBUTE_REDEFINED:
        return iop_xasprintf("the attribute %s is given twice on one element: keep one",
                             err->str1 ? err->str1 : "");
    case XML_ERR_GT_REQUIRED:
        return iop_xstrdup("a tag is not finished: a > is missing (as in </area instead of "
                           "</area>)");
    case XML_ERR_HYPHEN_IN_COMMENT:
        return iop_xstrdup("a comment (<!-- … -->) may not contain -- inside it: write it "
                           "another way");
    case XML_ERR_LT_IN_ATTRIBUTE:
        return iop_xstrdup("a < inside an attribute value: write < as &lt;");
    default:
        break;
    }
    return NULL;
}

/* After the first mistake on a spot, libxml2 adds what followed from it
 * ("attributes construct error", "Extra content at the end"). */
bool parser_message_is_cascade(const xmlError *err, long last_line, int last_col)
{
    if (err->code == XML_ERR_DOCUMENT_END)
        return last_line > 0;
    return err->line == last_line && err->int2 == last_col;
}
