// Audit details as JSON (see audit_details.hpp).
#include "store/audit_details.hpp"

#include <nlohmann/json.hpp>
#include <stdexcept>

namespace samrad::store {

using ordered = nlohmann::ordered_json;

std::string encode_audit_details(const std::vector<domain::AuditDetail>& details) {
  ordered object = ordered::object();
  for (const auto& detail : details) object[detail.key] = detail.value;
  // Text from people (a name, a title) is kept even with a broken byte, replaced.
  return object.dump(-1, ' ', false, ordered::error_handler_t::replace);
}

std::vector<domain::AuditDetail> decode_audit_details(std::string_view json) {
  const auto object = ordered::parse(json, nullptr, false);
  if (object.is_discarded() || !object.is_object()) {
    throw std::runtime_error("stored audit details are not a JSON object");
  }
  std::vector<domain::AuditDetail> details;
  for (const auto& [key, value] : object.items()) {
    details.push_back({key, value.is_string() ? value.get<std::string>() : value.dump()});
  }
  return details;
}

}  // namespace samrad::store
