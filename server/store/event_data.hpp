// How an event's data is stored: a JSON object per kind, shared by every backend. This is the
// store's own format, not the wire's: protocol changes never touch stored events. Actor and
// stream are stored in columns of their own.
#pragma once

#include <string>
#include <string_view>

#include "domain/events.hpp"

namespace samrad::store {

std::string encode_event_data(const domain::EventData& data);

// Throws std::runtime_error for an unknown kind or data that does not fit it: stored events are
// written by encode_event_data (or the schema migration), so that is a broken invariant.
domain::EventData decode_event_data(std::string_view kind, std::string_view json);

}  // namespace samrad::store
