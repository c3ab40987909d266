// Where an export writes its bytes: the caller decides (an HTTP body, a file, a test buffer), so
// the exporters do no I/O of their own and a long export streams instead of piling up.
#pragma once

#include <functional>
#include <string_view>

namespace samrad::records {

// Called with consecutive pieces of the document; a piece is only valid during the call.
using TextSink = std::function<void(std::string_view)>;

}  // namespace samrad::records
