// A round's discussion as CSV for a Swedish spreadsheet: one row per post with its latest text.
// A hidden post keeps its row ("Dold" ja, the reason) with the text left empty.
#pragma once

#include "records/csv_writer.hpp"
#include "records/discussion_archive.hpp"
#include "records/export_error.hpp"
#include "records/result.hpp"
#include "records/text_sink.hpp"

namespace samrad::records {

void write_posts_header(CsvWriter& writer);
Result<Ok, ExportError> write_posts_rows(const DiscussionArchive& archive, CsvWriter& writer);

Result<Ok, ExportError> write_posts_csv(const DiscussionArchive& archive, const TextSink& sink);

}  // namespace samrad::records
