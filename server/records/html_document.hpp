// The frame the HTML exports share: one self-contained Swedish document for A4 paper, with a
// print stylesheet, no scripts and no external resources (a Content-Security-Policy says so to
// the browser as well), and the escaping every text in it goes through.
#pragma once

#include <string>
#include <string_view>

namespace samrad::records {

// The text with &, <, >, " and ' as character references: safe in element content and in
// quoted attribute values.
std::string escape_html(std::string_view text);

// From <!doctype html> to the opening <body>, the title escaped.
std::string html_document_start(std::string_view title);
std::string html_document_end();

}  // namespace samrad::records
