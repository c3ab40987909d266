// Markdown (posts, proposals, joint documents) as HTML for the exports, by libcmark, the
// CommonMark reference implementation, in its default safe mode.
#pragma once

#include <string>
#include <string_view>

namespace samrad::records {

// CommonMark to HTML. Raw HTML is left out and javascript:, vbscript:, file: and most data:
// link targets are emptied (cmark's safe default: CMARK_OPT_UNSAFE is never set). Images become
// links to the same address, so the document loads nothing from elsewhere, and headings start at
// <h3>, below the section they are shown in.
std::string markdown_to_html(std::string_view markdown);

}  // namespace samrad::records
