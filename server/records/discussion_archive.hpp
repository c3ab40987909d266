// The discussion of one round as the archive exports show it: every thread and every post with
// its versions. The caller (the HTTP export) fills it from the store; hidden posts stay in it,
// marked, because a post is never silently deleted.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "records/export_error.hpp"
#include "records/result.hpp"

namespace samrad::records {

// The latest version of an agenda item's minutes and the posts they summarise.
struct ArchivedMinutes {
  std::int64_t version = 1;
  std::string state_input;      // Markdown
  std::string municipal_input;  // Markdown
  std::string state_comment;    // Markdown
  std::vector<std::int64_t> posts;
  std::string written_at;  // UTC timestamp, as in records
  std::string written_by;  // the person's name
};

struct ArchivedThread {
  std::int64_t id = 0;
  std::string title;
  std::optional<ArchivedMinutes> minutes = std::nullopt;
};

struct ArchivedPostVersion {
  std::string text;  // Markdown
  std::string at;    // UTC timestamp, as in records
};

struct HiddenMark {
  std::string reason;
  std::string at;
};

struct ArchivedPost {
  std::int64_t id = 0;
  std::int64_t thread_id = 0;
  std::optional<std::int64_t> reply_to;
  std::string author_name;
  std::string organisation_name;
  std::string created_at;
  std::vector<ArchivedPostVersion> versions;  // oldest first; the last is the current text
  std::optional<HiddenMark> hidden;           // the text is never exported while hidden
};

struct DiscussionArchive {
  std::int64_t round_id = 0;
  std::string round_title;
  std::vector<ArchivedThread> threads;  // in agenda order
  std::vector<ArchivedPost> posts;      // in the order written
};

// Every post in a known thread with at least one version, and every time a UTC timestamp.
Result<Ok, ExportError> check_archive(const DiscussionArchive& archive);

// The posts of one thread, in the archive's order.
std::vector<const ArchivedPost*> posts_of_thread(const DiscussionArchive& archive,
                                                 std::int64_t thread_id);

}  // namespace samrad::records
