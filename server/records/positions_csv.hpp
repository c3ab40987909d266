// Positions as CSV for a Swedish spreadsheet: one row per position version, so a revised
// position shows its whole history, with "Gällande" marking the version that counts.
// Several rounds may share one writer (a bulk export): write the header once, then each
// record's rows; each record is read and checked before any of its rows is written.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include "records/csv_writer.hpp"
#include "records/export_error.hpp"
#include "records/result.hpp"
#include "records/text_sink.hpp"

namespace samrad::records {

void write_positions_header(CsvWriter& writer);
Result<Ok, ExportError> write_positions_rows(const nlohmann::json& record, CsvWriter& writer);

// Header and the rows of one record.
Result<Ok, ExportError> write_positions_csv(const nlohmann::json& record, const TextSink& sink);

}  // namespace samrad::records
