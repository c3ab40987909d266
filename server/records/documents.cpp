// Record bundles and consistency proofs as JSON (see documents.hpp).
#include "records/documents.hpp"

#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>
#include <utility>

#include "records/base64.hpp"
#include "records/canonical_json.hpp"

namespace samrad::records {

namespace {

using nlohmann::json;
using nlohmann::ordered_json;

ordered_json hashes_json(const std::vector<Hash>& hashes) {
  auto out = ordered_json::array();
  for (const auto& hash : hashes) out.push_back(encode_base64(hash));
  return out;
}

std::string in_quotes(std::string_view name) {
  return "\"" + std::string(name) + "\"";
}

// The document as a JSON object with exactly these fields.
Result<json> object_with_fields(std::string_view text, std::string_view what,
                                const std::set<std::string>& fields) {
  auto parsed = parse_strict_json(text);
  if (!parsed) return Error{std::string(what) + " is not JSON: " + parsed.error().message};
  if (!parsed->is_object()) return Error{std::string(what) + " is not a JSON object"};
  for (const auto& [name, value] : parsed->items()) {
    if (!fields.contains(name)) {
      return Error{std::string(what) + " has an unknown field " + in_quotes(name)};
    }
  }
  for (const auto& name : fields) {
    if (!parsed->contains(name))
      return Error{std::string(what) + " lacks the field " + in_quotes(name)};
  }
  return std::move(parsed).value();
}

// A non-negative integer written without fraction or exponent, exact in JavaScript.
Result<std::uint64_t> index_field(const json& object, const std::string& name,
                                  std::string_view what) {
  const auto& value = object.at(name);
  if (!value.is_number_unsigned() || value.get<std::uint64_t>() > max_json_integer) {
    return Error{std::string(what) + "'s " + in_quotes(name) +
                 " is not an integer from 0 to 9007199254740991"};
  }
  return value.get<std::uint64_t>();
}

Result<std::vector<Hash>> hashes_field(const json& object, const std::string& name,
                                       std::string_view what) {
  const auto& value = object.at(name);
  if (!value.is_array()) {
    return Error{std::string(what) + "'s " + in_quotes(name) + " is not an array of hashes"};
  }
  std::vector<Hash> hashes;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const auto bytes =
        value[i].is_string() ? decode_base64(value[i].get_ref<const std::string&>()) : std::nullopt;
    if (!bytes || bytes->size() != 32) {
      return Error{std::string(what) + "'s " + in_quotes(name) + " entry " + std::to_string(i) +
                   " is not base64 of a 32-byte hash"};
    }
    Hash& hash = hashes.emplace_back();
    std::copy(bytes->begin(), bytes->end(), hash.begin());
  }
  return hashes;
}

}  // namespace

std::string format_bundle(const RecordBundle& bundle) {
  ordered_json record;
  try {
    record = ordered_json::parse(bundle.record);
  } catch (const json::parse_error&) {
    throw std::invalid_argument("format_bundle: the record is not JSON");
  }
  if (!record.is_object()) throw std::invalid_argument("format_bundle: the record is no object");
  ordered_json out;
  out["format"] = bundle_format;
  out["log_index"] = bundle.log_index;
  // Parsed from canonical bytes in order, so the record reads in canonical key order.
  out["record"] = std::move(record);
  out["inclusion_proof"] = hashes_json(bundle.inclusion_proof);
  out["checkpoint"] = bundle.checkpoint;
  return out.dump(2) + "\n";
}

std::string format_consistency_proof(const ConsistencyProof& proof) {
  ordered_json out;
  out["from"] = proof.from;
  out["to"] = proof.to;
  out["proof"] = hashes_json(proof.proof);
  return out.dump(2) + "\n";
}

RecordsExportWriter::RecordsExportWriter(TextSink sink, std::string_view exported_at)
    : sink_(std::move(sink)) {
  sink_("{\"format\":" + json(records_export_format).dump() +
        ",\"exported_at\":" + json(exported_at).dump() + ",\"bundles\":[\n");
}

void RecordsExportWriter::add(const RecordBundle& bundle) {
  auto text = format_bundle(bundle);
  text.pop_back();  // the newline a bundle file ends in
  if (!std::exchange(first_, false)) sink_(",\n");
  sink_(text);
}

void RecordsExportWriter::finish() {
  sink_("]}\n");
}

Result<RecordBundle> parse_bundle(std::string_view json_text) {
  constexpr std::string_view what = "the bundle";
  auto object = object_with_fields(
      json_text, what, {"format", "log_index", "record", "inclusion_proof", "checkpoint"});
  if (!object) return object.error();
  const json& bundle = *object;
  if (bundle["format"] != json(std::string(bundle_format))) {
    return Error{"the bundle's \"format\" is not \"" + std::string(bundle_format) + "\""};
  }
  RecordBundle out;
  auto index = index_field(bundle, "log_index", what);
  if (!index) return index.error();
  out.log_index = *index;
  const auto& record = bundle["record"];
  if (!record.is_object() || !record.contains("format") ||
      record["format"] != json(std::string(decision_record_format))) {
    return Error{"the bundle's \"record\" is not an object with \"format\": \"" +
                 std::string(decision_record_format) + "\""};
  }
  out.record = canonical_form(record);
  auto proof = hashes_field(bundle, "inclusion_proof", what);
  if (!proof) return proof.error();
  out.inclusion_proof = std::move(proof).value();
  if (!bundle["checkpoint"].is_string())
    return Error{"the bundle's \"checkpoint\" is not a string"};
  out.checkpoint = bundle["checkpoint"].get<std::string>();
  return out;
}

Result<ConsistencyProof> parse_consistency_proof(std::string_view json_text) {
  constexpr std::string_view what = "the consistency proof";
  auto object = object_with_fields(json_text, what, {"from", "to", "proof"});
  if (!object) return object.error();
  auto from = index_field(*object, "from", what);
  if (!from) return from.error();
  auto to = index_field(*object, "to", what);
  if (!to) return to.error();
  auto proof = hashes_field(*object, "proof", what);
  if (!proof) return proof.error();
  return ConsistencyProof{*from, *to, std::move(proof).value()};
}

}  // namespace samrad::records
