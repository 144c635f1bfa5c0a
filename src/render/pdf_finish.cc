// The finishing step of a PDF: cairo 1.16 writes tagged content and a
// structure tree, but no artifacts, /Alt, attributes, /Lang, XMP, output
// intent or /ID.  This adds them with libqpdf, so that what cairo wrote
// becomes PDF/UA-1 and PDF/A-2a.  Nothing is typeset again: the content
// streams are only scanned to put marks around what is not content
// (artifacts.c).
#include "pdf_finish.h"

// qpdf 11: no PointerHolder in this code, only std::shared_ptr
#define POINTERHOLDER_TRANSITION 4

#include <qpdf/Buffer.hh>
#include <qpdf/Pl_String.hh>
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFObjectHandle.hh>
#include <qpdf/QPDFPageDocumentHelper.hh>
#include <qpdf/QPDFPageObjectHelper.hh>
#include <qpdf/QPDFWriter.hh>

#include <zlib.h>

#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

extern "C" {
extern const unsigned char iop_srgb_icc[];
extern const unsigned long iop_srgb_icc_len;
}

namespace {

typedef QPDFObjectHandle Obj;

std::string xml_escape(std::string const &s)
{
    std::string out;
    for (char c : s) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        default:
            // characters XML 1.0 does not allow are left out
            if (static_cast<unsigned char>(c) >= 0x20 || c == '\t' || c == '\n' || c == '\r')
                out += c;
        }
    }
    return out;
}

// "D:20181231120000Z" or "D:20181231120000+01'00'" as an XMP date.
std::string xmp_date(std::string const &d)
{
    std::string s = d.compare(0, 2, "D:") == 0 ? d.substr(2) : d;
    if (s.size() < 14)
        throw std::runtime_error("the PDF's date '" + d + "' is incomplete");
    std::string out = s.substr(0, 4) + "-" + s.substr(4, 2) + "-" + s.substr(6, 2) + "T" +
                      s.substr(8, 2) + ":" + s.substr(10, 2) + ":" + s.substr(12, 2);
    std::string tz = s.substr(14);
    if (tz.empty() || tz[0] == 'Z')
        return out + "Z";
    if ((tz[0] == '+' || tz[0] == '-') && tz.size() >= 3) {
        std::string mm = tz.size() >= 6 ? tz.substr(4, 2) : "00";
        return out + tz.substr(0, 3) + ":" + mm;
    }
    throw std::runtime_error("the PDF's date '" + d + "' has an unknown time zone");
}

std::string info_text(Obj info, const char *key)
{
    if (!info.isDictionary() || !info.hasKey(key) || !info.getKey(key).isString())
        return std::string();
    return info.getKey(key).getUTF8Value();
}

std::string make_xmp(Obj info)
{
    std::string title = info_text(info, "/Title"), author = info_text(info, "/Author"),
                subject = info_text(info, "/Subject"), keywords = info_text(info, "/Keywords"),
                producer = info_text(info, "/Producer"), creator = info_text(info, "/Creator"),
                created = info_text(info, "/CreationDate"), modified = info_text(info, "/ModDate");
    std::string x;
    // The extension schema that declares pdfuaid comes first, in a
    // description of its own: validators (PDFBox) read them in order.
    x += "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
         "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
         " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
         "  <rdf:Description rdf:about=\"\"\n"
         "    xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\"\n"
         "    xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\"\n"
         "    xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\">\n"
         "   <pdfaExtension:schemas>\n"
         "    <rdf:Bag>\n"
         "     <rdf:li rdf:parseType=\"Resource\">\n"
         "      <pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>\n"
         "      <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>\n"
         "      <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>\n"
         "      <pdfaSchema:property>\n"
         "       <rdf:Seq>\n"
         "        <rdf:li rdf:parseType=\"Resource\">\n"
         "         <pdfaProperty:name>part</pdfaProperty:name>\n"
         "         <pdfaProperty:valueType>Integer</pdfaProperty:valueType>\n"
         "         <pdfaProperty:category>internal</pdfaProperty:category>\n"
         "         <pdfaProperty:description>Indicates, which part of ISO 14289 standard is "
         "followed</pdfaProperty:description>\n"
         "        </rdf:li>\n"
         "       </rdf:Seq>\n"
         "      </pdfaSchema:property>\n"
         "     </rdf:li>\n"
         "    </rdf:Bag>\n"
         "   </pdfaExtension:schemas>\n"
         "  </rdf:Description>\n"
         "  <rdf:Description rdf:about=\"\"\n"
         "    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
         "    xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"\n"
         "    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n"
         "    xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\"\n"
         "    xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\">\n"
         "   <dc:format>application/pdf</dc:format>\n";
    x += "   <dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">" + xml_escape(title) +
         "</rdf:li></rdf:Alt></dc:title>\n";
    if (!author.empty())
        x += "   <dc:creator><rdf:Seq><rdf:li>" + xml_escape(author) +
             "</rdf:li></rdf:Seq></dc:creator>\n";
    if (!subject.empty())
        x += "   <dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">" + xml_escape(subject) +
             "</rdf:li></rdf:Alt></dc:description>\n";
    if (!keywords.empty())
        x += "   <pdf:Keywords>" + xml_escape(keywords) + "</pdf:Keywords>\n";
    if (!producer.empty())
        x += "   <pdf:Producer>" + xml_escape(producer) + "</pdf:Producer>\n";
    if (!creator.empty())
        x += "   <xmp:CreatorTool>" + xml_escape(creator) + "</xmp:CreatorTool>\n";
    if (!created.empty())
        x += "   <xmp:CreateDate>" + xmp_date(created) + "</xmp:CreateDate>\n";
    if (!modified.empty())
        x += "   <xmp:ModifyDate>" + xmp_date(modified) + "</xmp:ModifyDate>\n";
    x += "   <pdfaid:part>2</pdfaid:part>\n"
         "   <pdfaid:conformance>A</pdfaid:conformance>\n"
         "   <pdfuaid:part>1</pdfuaid:part>\n"
         "  </rdf:Description>\n"
         " </rdf:RDF>\n"
         "</x:xmpmeta>\n"
         "<?xpacket end=\"w\"?>";
    return x;
}

// The structure elements depth first: the order their tags were begun.
// (The depth limit also ends a cycle, which cairo never writes.)
void collect_elems(Obj k, std::vector<Obj> &out, int depth)
{
    if (depth > 200)
        throw std::runtime_error("the structure tree is nested too deeply");
    if (k.isArray()) {
        for (auto &item : k.aitems())
            collect_elems(item, out, depth + 1);
        return;
    }
    if (!k.isDictionary())
        return; // a marked-content id
    Obj kids = k.getKey("/K");
    if (!k.hasKey("/S"))
        return; // an MCR or an OBJR
    out.push_back(k);
    if (!kids.isNull())
        collect_elems(kids, out, depth + 1);
}

Obj link_annotation(Obj elem)
{
    Obj k = elem.getKey("/K");
    std::vector<Obj> kids;
    if (k.isArray())
        kids = k.getArrayAsVector();
    else
        kids.push_back(k);
    for (auto &kid : kids)
        if (kid.isDictionary() && kid.getKey("/Type").isNameAndEquals("/OBJR"))
            return kid.getKey("/Obj");
    return Obj::newNull();
}

void annotate_elements(QPDF &pdf, const pdf_finish_info *info)
{
    Obj tree = pdf.getRoot().getKey("/StructTreeRoot");
    if (!tree.isDictionary())
        throw std::runtime_error("cairo wrote no structure tree");
    std::vector<Obj> elems;
    elems.reserve(info->n_notes);
    collect_elems(tree.getKey("/K"), elems, 0);
    if (elems.size() != info->n_notes)
        throw std::runtime_error("the structure tree has " + std::to_string(elems.size()) +
                                 " elements where " + std::to_string(info->n_notes) +
                                 " tags were begun");
    for (size_t i = 0; i < elems.size(); i++) {
        const pdf_struct_note &n = info->notes[i];
        Obj e = elems[i];
        if (!e.getKey("/S").isNameAndEquals(std::string("/") + n.type))
            throw std::runtime_error("structure element " + std::to_string(i) + " is " +
                                     e.getKey("/S").unparse() + ", not /" + n.type);
        if (n.scope || n.colspan > 1) {
            Obj a = Obj::newDictionary();
            a.replaceKey("/O", Obj::newName("/Table"));
            if (n.scope)
                a.replaceKey("/Scope", Obj::newName(n.scope == 1 ? "/Column" : "/Row"));
            if (n.colspan > 1)
                a.replaceKey("/ColSpan", Obj::newInteger(n.colspan));
            e.replaceKey("/A", a);
        }
        if (n.lang && *n.lang)
            e.replaceKey("/Lang", Obj::newString(n.lang));
        if (std::strcmp(n.type, "Figure") == 0 && n.alt && *n.alt)
            e.replaceKey("/Alt", Obj::newUnicodeString(n.alt));
        if (std::strcmp(n.type, "Link") == 0) {
            Obj annot = link_annotation(e);
            if (annot.isDictionary() && n.alt && *n.alt)
                annot.replaceKey("/Contents", Obj::newUnicodeString(n.alt));
        }
    }
}

// The page's content as one stream, with its artifacts marked, compressed
// here (quickly: the file is archived, not sent over a slow line).
void finish_pages(QPDF &pdf)
{
    for (auto &page : QPDFPageDocumentHelper(pdf).getAllPages()) {
        std::string content;
        Pl_String sink("page content", nullptr, content);
        page.pipeContents(&sink);
        size_t marked_len = 0;
        bool whole = true;
        char *marked = pdf_mark_artifacts(content.data(), content.size(), &marked_len, &whole);
        if (!whole) {
            std::free(marked);
            throw std::runtime_error("a page's content ends inside a text object or image");
        }
        uLongf zlen = compressBound(marked_len);
        std::string z(zlen, '\0');
        int zs = compress2(reinterpret_cast<Bytef *>(&z[0]), &zlen,
                           reinterpret_cast<const Bytef *>(marked), marked_len, 1);
        std::free(marked);
        if (zs != Z_OK)
            throw std::runtime_error("cannot compress a page's content");
        z.resize(zlen);
        Obj po = page.getObjectHandle();
        Obj contents = po.getKey("/Contents");
        if (!contents.isStream()) { // cairo writes one stream a page; anything else is joined
            contents = Obj::newStream(&pdf);
            po.replaceKey("/Contents", contents);
        }
        contents.replaceStreamData(z, Obj::newName("/FlateDecode"), Obj::newNull());
        Obj annots = po.getKey("/Annots");
        if (annots.isArray() && annots.getArrayNItems() > 0) {
            po.replaceKey("/Tabs", Obj::newName("/S"));
            for (auto &a : annots.aitems()) {
                if (!a.isDictionary())
                    continue;
                a.replaceKey("/F", Obj::newInteger(4)); // print, never hidden
                if (a.getKey("/Subtype").isNameAndEquals("/Link") && !a.hasKey("/Contents"))
                    a.replaceKey("/Contents", Obj::newUnicodeString("Länk"));
            }
        }
    }
}

void finish_resources(QPDF &pdf)
{
    for (auto &o : pdf.getAllObjects()) {
        Obj d = o.isStream() ? o.getDict() : o;
        if (!d.isDictionary())
            continue;
        // cairo's TrueType subsets number their glyphs as their CIDs
        if (d.getKey("/Type").isNameAndEquals("/Font") &&
            d.getKey("/Subtype").isNameAndEquals("/CIDFontType2") && !d.hasKey("/CIDToGIDMap"))
            d.replaceKey("/CIDToGIDMap", Obj::newName("/Identity"));
        // PDF/A: a viewer may not smooth images on its own
        if (o.isStream() && d.getKey("/Subtype").isNameAndEquals("/Image") &&
            d.hasKey("/Interpolate"))
            d.removeKey("/Interpolate");
    }
}

void finish_catalog(QPDF &pdf, const pdf_finish_info *info)
{
    Obj root = pdf.getRoot();
    Obj trailer = pdf.getTrailer();
    Obj meta = trailer.getKey("/Info");
    if (!meta.isDictionary()) {
        meta = pdf.makeIndirectObject(Obj::newDictionary());
        trailer.replaceKey("/Info", meta);
    }
    if (info_text(meta, "/Title").empty())
        meta.replaceKey("/Title", Obj::newUnicodeString(
                                      info->title_fallback ? info->title_fallback : "Dokument"));
    root.replaceKey("/Lang", Obj::newString(info->lang && *info->lang ? info->lang : "sv-SE"));
    Obj prefs = Obj::newDictionary();
    prefs.replaceKey("/DisplayDocTitle", Obj::newBool(true));
    root.replaceKey("/ViewerPreferences", prefs);
    Obj mark = Obj::newDictionary();
    mark.replaceKey("/Marked", Obj::newBool(true));
    root.replaceKey("/MarkInfo", mark);

    Obj xmp = Obj::newStream(&pdf, make_xmp(meta));
    xmp.getDict().replaceKey("/Type", Obj::newName("/Metadata"));
    xmp.getDict().replaceKey("/Subtype", Obj::newName("/XML"));
    root.replaceKey("/Metadata", xmp);

    Obj icc = Obj::newStream(&pdf, std::string(reinterpret_cast<const char *>(iop_srgb_icc),
                                               iop_srgb_icc_len));
    icc.getDict().replaceKey("/N", Obj::newInteger(3));
    Obj intent = Obj::newDictionary();
    intent.replaceKey("/Type", Obj::newName("/OutputIntent"));
    intent.replaceKey("/S", Obj::newName("/GTS_PDFA1"));
    intent.replaceKey("/OutputConditionIdentifier", Obj::newString("sRGB IEC61966-2.1"));
    intent.replaceKey("/Info", Obj::newString("sRGB IEC61966-2.1"));
    intent.replaceKey("/DestOutputProfile", icc);
    Obj intents = Obj::newArray();
    intents.appendItem(intent);
    root.replaceKey("/OutputIntents", intents);
}

char *dup_message(std::string const &s)
{
    char *m = static_cast<char *>(std::malloc(s.size() + 1));
    if (m)
        std::memcpy(m, s.c_str(), s.size() + 1);
    return m;
}

} // namespace

extern "C" bool pdf_finish(const unsigned char *in, size_t in_len, const pdf_finish_info *info,
                           unsigned char **out, size_t *out_len, char **err)
{
    *out = nullptr;
    *out_len = 0;
    *err = nullptr;
    try {
        QPDF pdf;
        pdf.setSuppressWarnings(true);
        pdf.processMemoryFile("cairo's output", reinterpret_cast<const char *>(in), in_len);
        annotate_elements(pdf, info);
        finish_pages(pdf);
        finish_resources(pdf);
        finish_catalog(pdf, info);
        if (pdf.anyWarnings())
            throw std::runtime_error("libqpdf found damage in cairo's output");
        QPDFWriter w(pdf);
        w.setOutputMemory();
        w.setDecodeLevel(qpdf_dl_none); // cairo's compressed streams stay as they are
        w.setCompressStreams(true);     // the new ones are compressed (XMP stays readable)
        w.setDeterministicID(true);
        w.setNewlineBeforeEndstream(true); // PDF/A-2 6.1.7.1
        w.write();
        std::shared_ptr<Buffer> buf = w.getBufferSharedPointer();
        *out = static_cast<unsigned char *>(std::malloc(buf->getSize() ? buf->getSize() : 1));
        if (!*out)
            throw std::bad_alloc();
        std::memcpy(*out, buf->getBuffer(), buf->getSize());
        *out_len = buf->getSize();
        return true;
    } catch (std::exception &e) {
        *err = dup_message(e.what());
        return false;
    }
}
