// A round's whole discussion as one self-contained Swedish HTML document (the same style as the
// record): every thread and post in order with all its versions. A hidden post is shown as
// hidden with the reason, and none of its text.
#pragma once

#include "records/discussion_archive.hpp"
#include "records/export_error.hpp"
#include "records/result.hpp"
#include "records/text_sink.hpp"

namespace samrad::records {

Result<Ok, ExportError> write_archive_html(const DiscussionArchive& archive, const TextSink& sink);

}  // namespace samrad::records
