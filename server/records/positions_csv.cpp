// Columns of the positions CSV; dates in Swedish local time, codes in Swedish words.
#include "records/positions_csv.hpp"

#include <nlohmann/json.hpp>

#include "records/decision_record_reader.hpp"
#include "records/stockholm_time.hpp"
#include "records/swedish_terms.hpp"

namespace samrad::records {
namespace {

// Codes and times were checked by read_decision_record, so the lookups cannot miss.
std::string in_swedish(std::optional<std::string_view> word) {
  return std::string(word.value());
}

// Every point on its own line: "<thread title>: <stance>" and the motivation after a dash.
std::string point_stances(const RecordPositionVersion& version) {
  std::string out;
  for (const auto& point : version.points) {
    if (!out.empty()) out += '\n';
    out += point.title + ": " + in_swedish(stance_in_swedish(point.stance));
    if (!point.motivation.empty()) out += " – " + point.motivation;
  }
  return out;
}

}  // namespace

void write_positions_header(CsvWriter& writer) {
  writer.write_row({"Runda", "Rundans titel", "Organisation", "Typ", "Del", "Version", "Gällande",
                    "Ställningstagande", "Motivering", "Ställningstaganden per punkt", "Angivet",
                    "Angivet av"});
}

Result<Ok, ExportError> write_positions_rows(const nlohmann::json& json, CsvWriter& writer) {
  const auto record = read_decision_record(json);
  if (!record) return record.error();
  for (const auto& position : record->positions) {
    const auto& organisation = position.organisation;
    for (std::size_t i = 0; i < position.versions.size(); ++i) {
      const auto& version = position.versions[i];
      writer.write_row({record->round.id, record->round.title, organisation.name,
                        in_swedish(organisation_kind_in_swedish(organisation.kind)),
                        in_swedish(public_sector_part(organisation.kind)), version.version,
                        std::string(yes_no(i + 1 == position.versions.size())),
                        in_swedish(stance_in_swedish(version.stance)), version.motivation,
                        point_stances(version), format_stockholm_time(version.stated_at).value(),
                        version.stated_by.name});
    }
  }
  return Ok{};
}

Result<Ok, ExportError> write_positions_csv(const nlohmann::json& record, const TextSink& sink) {
  CsvWriter writer(sink);
  write_positions_header(writer);
  return write_positions_rows(record, writer);
}

}  // namespace samrad::records
