// Columns of the responses CSV. Organisations that raised a point are named as the record's
// participants list names them; the record lists every organisation ever invited there.
#include "records/responses_csv.hpp"

#include <nlohmann/json.hpp>

#include "records/decision_record_reader.hpp"
#include "records/swedish_terms.hpp"

namespace samrad::records {
namespace {

std::string organisation_names(const DecisionRecord& record, const RecordResponse& response) {
  std::string out;
  for (const auto id : response.raised_by_organisations) {
    if (!out.empty()) out += ", ";
    std::string name = "okänd organisation (id " + std::to_string(id) + ")";
    for (const auto& participant : record.participants) {
      if (participant.organisation.id == id) name = participant.organisation.name;
    }
    out += name;
  }
  return out;
}

std::string post_ids(const RecordResponse& response) {
  std::string out;
  for (const auto id : response.raised_by_posts) {
    if (!out.empty()) out += ", ";
    out += std::to_string(id);
  }
  return out;
}

}  // namespace

void write_responses_header(CsvWriter& writer) {
  writer.write_row({"Runda", "Rundans titel", "Synpunkt", "Svar", "Motivering",
                    "Framförd av organisationer", "Framförd i inlägg"});
}

Result<Ok, ExportError> write_responses_rows(const nlohmann::json& json, CsvWriter& writer) {
  const auto record = read_decision_record(json);
  if (!record) return record.error();
  for (const auto& response : record->responses) {
    writer.write_row({record->round.id, record->round.title, response.point,
                      std::string(response_in_swedish(response.response).value()), response.reason,
                      organisation_names(*record, response), post_ids(response)});
  }
  return Ok{};
}

Result<Ok, ExportError> write_responses_csv(const nlohmann::json& record, const TextSink& sink) {
  CsvWriter writer(sink);
  write_responses_header(writer);
  return write_responses_rows(record, writer);
}

}  // namespace samrad::records
