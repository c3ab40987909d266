// The shared document frame; the stylesheet is inline because the file must stand alone.
#include "records/html_document.hpp"

#include <sodium.h>

#include <array>
#include <cstdint>

#include "records/base64.hpp"

namespace samrad::records {
namespace {

// default-src 'none' forbids scripts, images, fonts and frames outright; only this stylesheet,
// named by its hash, may apply (no 'unsafe-inline'). Even a missed escape could then load or run
// nothing, not even a style attribute.
constexpr std::string_view head_opening = R"(<!doctype html>
<html lang="sv">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
)";
constexpr std::string_view stylesheet = R"(
@page { size: A4; margin: 20mm 18mm 22mm 18mm; }
body { font-family: "Times New Roman", Georgia, serif; font-size: 11pt; line-height: 1.4;
       color: #000; background: #fff; max-width: 180mm; margin: 0 auto; padding: 8mm; }
h1 { font-size: 18pt; margin: 0 0 4mm; }
h2 { font-size: 14pt; margin: 8mm 0 3mm; border-bottom: 1px solid #444; break-after: avoid; }
h3 { font-size: 12pt; margin: 5mm 0 2mm; break-after: avoid; }
table { border-collapse: collapse; width: 100%; margin: 2mm 0 4mm; }
th, td { border: 1px solid #888; padding: 1.5mm 2mm; text-align: left; vertical-align: top; }
th { background: #eee; }
tr { break-inside: avoid; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 1mm 4mm; }
dl.facts dt { font-weight: bold; }
dl.facts dd { margin: 0; }
.text { white-space: pre-wrap; }
.markdown { border-left: 3px solid #bbb; padding-left: 4mm; }
.markdown h3, .markdown h4, .markdown h5, .markdown h6 { font-size: 12pt; margin: 3mm 0 1mm; }
.hash, pre { font-family: "DejaVu Sans Mono", monospace; font-size: 9pt; overflow-wrap: anywhere; }
pre { white-space: pre-wrap; background: #f6f6f6; padding: 2mm; }
.post { border: 1px solid #ccc; padding: 2mm 3mm; margin: 2mm 0; break-inside: avoid; }
.post.hidden { background: #f3f3f3; }
.meta { font-size: 9pt; color: #333; }
@media print { body { padding: 0; max-width: none; } a { color: #000; } }
)";
constexpr std::string_view head_closing = R"(<title>)";

const std::string& head_start() {
  static const std::string head = [] {
    std::array<std::uint8_t, crypto_hash_sha256_BYTES> digest{};
    crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(stylesheet.data()),
                       stylesheet.size());
    return std::string(head_opening) +
           "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
           "style-src 'sha256-" +
           encode_base64(digest) + "'\">\n<style>" + std::string(stylesheet) + "</style>\n" +
           std::string(head_closing);
  }();
  return head;
}

}  // namespace

std::string escape_html(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string html_document_start(std::string_view title) {
  return head_start() + escape_html(title) + "</title>\n</head>\n<body>\n";
}

std::string html_document_end() {
  return "</body>\n</html>\n";
}

}  // namespace samrad::records
