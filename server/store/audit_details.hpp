// How an audit record's details are stored: one JSON object, keys in the record's order, values
// text. Shared by every backend, like event_data.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "domain/audit.hpp"

namespace samrad::store {

std::string encode_audit_details(const std::vector<domain::AuditDetail>& details);

// Throws std::runtime_error for text that is not such an object: stored details are written by
// encode_audit_details, so that is a broken invariant.
std::vector<domain::AuditDetail> decode_audit_details(std::string_view json);

}  // namespace samrad::store
