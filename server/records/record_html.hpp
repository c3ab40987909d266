// The readable decision record: one self-contained Swedish HTML document for A4 paper, made
// from a record bundle (records.md, "Record bundle") so that it can end with what a reader
// needs to check the record against the transparency log.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include "records/export_error.hpp"
#include "records/result.hpp"
#include "records/text_sink.hpp"

namespace samrad::records {

// Reads and checks the whole bundle first; writes nothing when it fails.
Result<Ok, ExportError> write_record_html(const nlohmann::json& bundle, const TextSink& sink);

}  // namespace samrad::records
