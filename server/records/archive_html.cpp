// Threads in agenda order, each post with every version oldest first; a hidden post keeps its
// place (author, times, the reason) but none of its text, in any version.
#include "records/archive_html.hpp"

#include <string>

#include "records/html_document.hpp"
#include "records/markdown_html.hpp"
#include "records/stockholm_time.hpp"

namespace samrad::records {
namespace {

std::string local(const std::string& utc) {
  return format_stockholm_time(utc).value();
}

std::string post_html(const ArchivedPost& post) {
  const auto id = std::to_string(post.id);
  std::string html = "<div class=\"post" + std::string(post.hidden ? " hidden" : "") +
                     "\" id=\"inlagg-" + id + "\">\n<p class=\"meta\">Inlägg " + id + " av " +
                     escape_html(post.author_name) + ", " + escape_html(post.organisation_name) +
                     ", " + local(post.created_at);
  if (post.reply_to) {
    const auto to = std::to_string(*post.reply_to);
    html += ", svar på <a href=\"#inlagg-" + to + "\">inlägg " + to + "</a>";
  }
  html += "</p>\n";
  if (post.hidden) {
    return html + "<p><strong>Dolt av moderator</strong> " + local(post.hidden->at) +
           ". Skäl: " + escape_html(post.hidden->reason) + "</p>\n<p class=\"meta\">" +
           std::to_string(post.versions.size()) +
           (post.versions.size() == 1 ? " version" : " versioner") +
           "; texten visas inte.</p>\n</div>\n";
  }
  for (std::size_t v = 0; v < post.versions.size(); ++v) {
    const auto& version = post.versions[v];
    if (post.versions.size() > 1) {
      html += "<p class=\"meta\">Version " + std::to_string(v + 1) + ", " + local(version.at) +
              (v + 1 == post.versions.size() ? " (gällande)" : "") + "</p>\n";
    }
    html += "<div class=\"markdown\">\n" + markdown_to_html(version.text) + "</div>\n";
  }
  return html + "</div>\n";
}

// One of the minutes' three texts under its heading; an empty one is left out.
std::string minutes_part(std::string_view heading, const std::string& text) {
  if (text.empty()) return "";
  return "<h4>" + std::string(heading) + "</h4>\n<div class=\"markdown\">\n" +
         markdown_to_html(text) + "</div>\n";
}

// The agenda item's minutes, linking to the posts they summarise further down the archive.
std::string minutes_html(const ArchivedMinutes& minutes) {
  std::string html = "<div class=\"minutes\">\n<h3>Protokoll</h3>\n" +
                     minutes_part("Statens inspel", minutes.state_input) +
                     minutes_part("Kommunsektorns inspel", minutes.municipal_input) +
                     minutes_part("Statens kommentar", minutes.state_comment);
  if (!minutes.posts.empty()) {
    html += "<p>Sammanfattar ";
    for (std::size_t i = 0; i < minutes.posts.size(); ++i) {
      const auto id = std::to_string(minutes.posts[i]);
      html += (i ? ", " : "") + std::string("<a href=\"#inlagg-") + id + "\">inlägg " + id + "</a>";
    }
    html += "</p>\n";
  }
  return html + "<p class=\"meta\">Version " + std::to_string(minutes.version) + ", skrivet " +
         local(minutes.written_at) + " av " + escape_html(minutes.written_by) + "</p>\n</div>\n";
}

}  // namespace

Result<Ok, ExportError> write_archive_html(const DiscussionArchive& archive, const TextSink& sink) {
  if (auto checked = check_archive(archive); !checked) return checked.error();
  const auto title = "Diskussionsarkiv: " + archive.round_title;
  sink(html_document_start(title));
  sink("<h1>" + escape_html(title) + "</h1>\n<p class=\"meta\">Samrådsrunda nr " +
       std::to_string(archive.round_id) + ". " + std::to_string(archive.threads.size()) +
       " trådar, " + std::to_string(archive.posts.size()) +
       " inlägg. Tider i svensk tid (Europe/Stockholm).</p>\n");
  for (const auto& thread : archive.threads) {
    const auto posts = posts_of_thread(archive, thread.id);
    sink("<h2>" + escape_html(thread.title) + "</h2>\n");
    if (thread.minutes) sink(minutes_html(*thread.minutes));
    if (posts.empty()) sink("<p>Inga inlägg.</p>\n");
    for (const auto* post : posts) sink(post_html(*post));
  }
  sink(html_document_end());
  return Ok{};
}

}  // namespace samrad::records
