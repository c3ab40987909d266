// Columns of the discussion archive's CSV; threads in agenda order, posts as written.
#include "records/posts_csv.hpp"

#include "records/stockholm_time.hpp"
#include "records/swedish_terms.hpp"

namespace samrad::records {

void write_posts_header(CsvWriter& writer) {
  writer.write_row({"Runda", "Rundans titel", "Tråd", "Inlägg", "Svar på", "Författare",
                    "Organisation", "Skrivet", "Senast ändrat", "Versioner", "Dold",
                    "Skäl för döljande", "Dolt", "Text"});
}

Result<Ok, ExportError> write_posts_rows(const DiscussionArchive& archive, CsvWriter& writer) {
  if (auto checked = check_archive(archive); !checked) return checked.error();
  for (const auto& thread : archive.threads) {
    for (const auto* post : posts_of_thread(archive, thread.id)) {
      const auto& latest = post->versions.back();
      const bool hidden = post->hidden.has_value();
      writer.write_row({archive.round_id, archive.round_title, thread.title, post->id,
                        post->reply_to ? std::to_string(*post->reply_to) : std::string(),
                        post->author_name, post->organisation_name,
                        format_stockholm_time(post->created_at).value(),
                        format_stockholm_time(latest.at).value(),
                        static_cast<std::int64_t>(post->versions.size()),
                        std::string(yes_no(hidden)), hidden ? post->hidden->reason : "",
                        hidden ? format_stockholm_time(post->hidden->at).value() : "",
                        hidden ? std::string() : latest.text});
    }
  }
  return Ok{};
}

Result<Ok, ExportError> write_posts_csv(const DiscussionArchive& archive, const TextSink& sink) {
  CsvWriter writer(sink);
  write_posts_header(writer);
  return write_posts_rows(archive, writer);
}

}  // namespace samrad::records
