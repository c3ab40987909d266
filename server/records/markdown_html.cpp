// libcmark behind markdown_html.hpp; its header stays in this file.
#include "records/markdown_html.hpp"

#include <cmark.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <memory>
#include <string_view>
#include <vector>

namespace samrad::records {
namespace {

struct NodeDeleter {
  void operator()(cmark_node* node) const { cmark_node_free(node); }
};
struct IterDeleter {
  void operator()(cmark_iter* iter) const { cmark_iter_free(iter); }
};

// The schemes the web client keeps too (web-client/src/ui/markdown.ts): safe mode empties a few
// dangerous ones by name and lets every other through (livescript:, a program's own handler).
// A link without a scheme is a place on the site. cmark escapes the address when it writes it,
// so a scheme hidden by a control character ("java\tscript:") is no scheme, only a harmless
// relative address.
bool allowed_link(std::string_view url) {
  const auto colon = url.find(':');
  if (colon == std::string_view::npos || colon == 0) return true;
  const std::string_view scheme = url.substr(0, colon);
  const bool is_scheme =
      std::isalpha(static_cast<unsigned char>(scheme[0])) &&
      std::all_of(scheme.begin(), scheme.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.';
      });
  if (!is_scheme) return true;
  std::string lower(scheme);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower == "https" || lower == "http" || lower == "mailto";
}

const char* link_target(const char* url) {
  return url && allowed_link(url) ? url : "";
}

// Markdown is shown inside a section of the page (under its <h2>), so its headings start at
// <h3>. An image would be fetched when the document opens; a link to it only on a click.
void fit_into_page(cmark_node* document) {
  std::vector<cmark_node*> images;
  {
    std::unique_ptr<cmark_iter, IterDeleter> iter(cmark_iter_new(document));
    for (auto event = cmark_iter_next(iter.get()); event != CMARK_EVENT_DONE;
         event = cmark_iter_next(iter.get())) {
      cmark_node* node = cmark_iter_get_node(iter.get());
      if (event != CMARK_EVENT_ENTER) continue;
      if (cmark_node_get_type(node) == CMARK_NODE_IMAGE) images.push_back(node);
      if (cmark_node_get_type(node) == CMARK_NODE_LINK) {
        cmark_node_set_url(node, link_target(cmark_node_get_url(node)));
      }
      if (cmark_node_get_type(node) == CMARK_NODE_HEADING) {
        cmark_node_set_heading_level(node, std::min(6, cmark_node_get_heading_level(node) + 2));
      }
    }
  }
  for (cmark_node* image : images) {
    cmark_node* link = cmark_node_new(CMARK_NODE_LINK);
    cmark_node_set_url(link, link_target(cmark_node_get_url(image)));
    cmark_node_set_title(link, cmark_node_get_title(image));
    while (cmark_node* child = cmark_node_first_child(image)) cmark_node_append_child(link, child);
    cmark_node_replace(image, link);
    cmark_node_free(image);
  }
}

}  // namespace

std::string markdown_to_html(std::string_view markdown) {
  std::unique_ptr<cmark_node, NodeDeleter> document(
      cmark_parse_document(markdown.data(), markdown.size(), CMARK_OPT_DEFAULT));
  fit_into_page(document.get());
  char* html = cmark_render_html(document.get(), CMARK_OPT_DEFAULT);
  std::string out(html);
  std::free(html);
  return out;
}

}  // namespace samrad::records
