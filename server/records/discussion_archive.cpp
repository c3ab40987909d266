// Checks and ordering shared by the archive's CSV and HTML exports.
#include "records/discussion_archive.hpp"

#include <algorithm>

#include "records/stockholm_time.hpp"

namespace samrad::records {
namespace {

std::optional<ExportError> bad_time(const std::string& value, const std::string& path) {
  if (format_stockholm_time(value)) return std::nullopt;
  return ExportError{ExportErrorKind::bad_value, path,
                     path + ": must be a UTC time such as 2026-11-23T10:15:00.123Z"};
}

}  // namespace

Result<Ok, ExportError> check_archive(const DiscussionArchive& archive) {
  for (std::size_t i = 0; i < archive.threads.size(); ++i) {
    const auto& minutes = archive.threads[i].minutes;
    const auto path = "threads[" + std::to_string(i) + "].minutes.written_at";
    if (minutes) {
      if (auto error = bad_time(minutes->written_at, path)) return *error;
    }
  }
  for (std::size_t i = 0; i < archive.posts.size(); ++i) {
    const auto& post = archive.posts[i];
    const auto path = "posts[" + std::to_string(i) + "]";
    const bool known_thread =
        std::any_of(archive.threads.begin(), archive.threads.end(),
                    [&](const ArchivedThread& thread) { return thread.id == post.thread_id; });
    if (!known_thread) {
      return ExportError{ExportErrorKind::bad_value, path + ".thread_id",
                         path + ".thread_id: no thread " + std::to_string(post.thread_id)};
    }
    if (post.versions.empty()) {
      return ExportError{ExportErrorKind::missing_key, path + ".versions",
                         path + ".versions: a post has at least one version"};
    }
    if (auto error = bad_time(post.created_at, path + ".created_at")) return *error;
    for (std::size_t v = 0; v < post.versions.size(); ++v) {
      const auto at = path + ".versions[" + std::to_string(v) + "].at";
      if (auto error = bad_time(post.versions[v].at, at)) return *error;
    }
    if (post.hidden) {
      if (auto error = bad_time(post.hidden->at, path + ".hidden.at")) return *error;
    }
  }
  return Ok{};
}

std::vector<const ArchivedPost*> posts_of_thread(const DiscussionArchive& archive,
                                                 std::int64_t thread_id) {
  std::vector<const ArchivedPost*> out;
  for (const auto& post : archive.posts) {
    if (post.thread_id == thread_id) out.push_back(&post);
  }
  return out;
}

}  // namespace samrad::records
