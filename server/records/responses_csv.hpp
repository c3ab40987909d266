// The state's responses to the points raised in a round, as CSV for a Swedish spreadsheet: one
// row per point, who raised it (organisation names, post ids), the response and its reason.
// As with positions, a bulk export writes the header once and then each record's rows.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include "records/csv_writer.hpp"
#include "records/export_error.hpp"
#include "records/result.hpp"
#include "records/text_sink.hpp"

namespace samrad::records {

void write_responses_header(CsvWriter& writer);
Result<Ok, ExportError> write_responses_rows(const nlohmann::json& record, CsvWriter& writer);

Result<Ok, ExportError> write_responses_csv(const nlohmann::json& record, const TextSink& sink);

}  // namespace samrad::records
