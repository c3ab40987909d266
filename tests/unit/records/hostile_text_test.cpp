// Hostile text in every free-text field of a record and an archive: both HTML exports must come
// out inert. Text is escaped, so a '<' in the output only ever starts a tag the exporter wrote;
// the test reads those tags and checks none runs script. The words themselves may survive as
// escaped, visible text ("javascript:" in a sentence is harmless), so the checks are on tags.
#include <gtest/gtest.h>

#include <regex>
#include <string>

#include "export_fixtures.hpp"
#include "records/archive_html.hpp"
#include "records/record_html.hpp"

using namespace samrad::records;
namespace fx = samrad::records::export_fixtures;

namespace {

const std::string hostile =
    "<script>alert(1)</script><img src=x onerror=alert(2)> [klicka](javascript:alert(3)) "
    "![bild](javascript:alert(4)) <a href=\"javascript:alert(5)\" onclick=\"alert(6)\">a</a> "
    "&amp; &lt;b&gt; &#x3C;script&#x3E; </style><style>body{display:none}</style> "
    "<svg onload=alert(7)> \" onmouseover=\"alert(8) ' onfocus='alert(9) "
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)";

// Keys whose strings are free text; codes, times and hashes are checked by the reader instead.
bool is_free_text(const std::string& key) {
  return key == "name" || key == "title" || key == "text" || key == "motivation" ||
         key == "summary" || key == "point" || key == "reason" || key == "log_origin";
}

void make_hostile(nlohmann::json& value, const std::string& key) {
  if (value.is_object()) {
    for (auto& [child_key, child] : value.items()) make_hostile(child, child_key);
  } else if (value.is_array()) {
    for (auto& item : value) make_hostile(item, key == "agreed" ? "text" : key);
  } else if (value.is_string() && is_free_text(key)) {
    value = hostile + value.get<std::string>();
  }
}

DiscussionArchive hostile_archive() {
  auto archive = fx::archive();
  archive.round_title += hostile;
  for (auto& thread : archive.threads) thread.title += hostile;
  for (auto& post : archive.posts) {
    post.author_name += hostile;
    post.organisation_name += hostile;
    for (auto& version : post.versions) version.text += hostile;
    if (post.hidden) post.hidden->reason += hostile;
  }
  return archive;
}

std::string lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

void expect_inert(const std::string& html) {
  const auto text = lower(html);
  EXPECT_EQ(text.find("<script"), std::string::npos);
  EXPECT_EQ(text.find("<img"), std::string::npos);
  EXPECT_EQ(text.find("<svg"), std::string::npos);
  std::size_t style_ends = 0;
  for (auto at = text.find("</style>"); at != std::string::npos;
       at = text.find("</style>", at + 1)) {
    ++style_ends;
  }
  EXPECT_EQ(style_ends, 1u) << "only the document's own stylesheet may close";
  const std::regex tag("<[^>]*>");
  const std::regex event_handler("\\son[a-z]+\\s*=");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), tag); it != std::sregex_iterator();
       ++it) {
    const auto written = it->str();
    EXPECT_FALSE(std::regex_search(written, event_handler)) << written;
    EXPECT_EQ(written.find("javascript:"), std::string::npos) << written;
    EXPECT_EQ(written.find("data:"), std::string::npos) << written;
  }
}

}  // namespace

TEST(HostileText, RecordHtmlIsInert) {
  auto bundle = fx::bundle();
  make_hostile(bundle["record"], "record");
  std::string html;
  const auto written = write_record_html(bundle, fx::append_to(html));
  ASSERT_TRUE(written.ok()) << written.error().message;
  expect_inert(html);
  // Plain text is escaped, not dropped: the reader sees what was written.
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(html.find("&amp;amp;"), std::string::npos);
}

TEST(HostileText, ArchiveHtmlIsInert) {
  std::string html;
  const auto written = write_archive_html(hostile_archive(), fx::append_to(html));
  ASSERT_TRUE(written.ok()) << written.error().message;
  expect_inert(html);
  // A hidden post shows the reason (escaped) and none of its text.
  EXPECT_NE(html.find("Personangrepp; strider mot samrådets regler.&lt;script&gt;"),
            std::string::npos);
  EXPECT_EQ(html.find("Osakligt påhopp"), std::string::npos);
}
