// libFuzzer: any text as Markdown through the export renderer (records/markdown_html, libcmark
// in safe mode) that writes posts and proposals into the printed record and the archive. Every
// tag in the output must be one Markdown makes, with only the attributes it needs, and a link
// only to an allowed scheme (https, http, mailto) or a place on the site.
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "records/markdown_html.hpp"

namespace {

const std::set<std::string, std::less<>> allowed_tags = {
    "p",          "em", "strong", "a",  "code", "pre", "ul", "ol", "li",
    "blockquote", "h1", "h2",     "h3", "h4",   "h5",  "h6", "hr", "br"};
const std::set<std::string, std::less<>> allowed_attributes = {"href", "title", "start", "class"};

bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    const char c = text[i] >= 'A' && text[i] <= 'Z' ? char(text[i] - 'A' + 'a') : text[i];
    if (c != prefix[i]) return false;
  }
  return true;
}

// The address as a browser reads the attribute (cmark writes only &amp; and &#x27; entities;
// tabs and newlines are dropped, leading spaces and control characters skipped) has either no
// scheme (a place on the site) or an allowed one.
bool allowed_href(std::string_view href) {
  std::string url;
  for (std::size_t i = 0; i < href.size(); ++i) {
    if (href.substr(i).starts_with("&amp;")) {
      url += '&';
      i += 4;
    } else if (href.substr(i).starts_with("&#x27;")) {
      url += '\'';
      i += 5;
    } else if (href[i] != '\t' && href[i] != '\n' && href[i] != '\r' &&
               (!url.empty() || static_cast<unsigned char>(href[i]) > 0x20)) {
      url += href[i];
    }
  }
  const auto in_scheme = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.';
  };
  std::size_t end = 0;
  while (end < url.size() && in_scheme(url[end])) ++end;
  if (end == url.size() || url[end] != ':' || !std::isalpha(static_cast<unsigned char>(url[0]))) {
    return true;
  }
  for (const std::string_view scheme : {"https:", "http:", "mailto:"}) {
    if (end + 1 == scheme.size() && starts_with_ignoring_case(url, scheme)) return true;
  }
  return false;
}

// Text is escaped (&lt;), so every '<' in the output opens a tag the renderer wrote.
void check_tags(std::string_view html) {
  constexpr std::string_view omitted = "<!-- raw HTML omitted -->";  // where safe mode left some
  for (std::size_t at = html.find('<'); at != std::string_view::npos; at = html.find('<', at + 1)) {
    if (html.substr(at).starts_with(omitted)) continue;
    const std::size_t end = html.find('>', at);
    if (end == std::string_view::npos) __builtin_trap();
    std::string_view tag = html.substr(at + 1, end - at - 1);
    if (!tag.empty() && tag.front() == '/') tag.remove_prefix(1);
    if (!tag.empty() && tag.back() == '/') tag.remove_suffix(1);
    const std::size_t name_end = tag.find(' ');
    if (!allowed_tags.contains(tag.substr(0, name_end))) __builtin_trap();
    std::string_view rest = name_end == std::string_view::npos ? "" : tag.substr(name_end + 1);
    while (!rest.empty()) {
      const std::size_t equals = rest.find("=\"");
      if (equals == std::string_view::npos) __builtin_trap();
      const std::size_t close = rest.find('"', equals + 2);
      if (close == std::string_view::npos) __builtin_trap();
      const std::string_view name = rest.substr(0, equals);
      const std::string_view value = rest.substr(equals + 2, close - equals - 2);
      if (!allowed_attributes.contains(name)) __builtin_trap();
      if (name == "href" && !allowed_href(value)) __builtin_trap();
      rest = rest.substr(close + 1);
      while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  check_tags(samrad::records::markdown_to_html(
      std::string_view(reinterpret_cast<const char*>(data), size)));
  return 0;
}
