// UTF-8 decoding for the records library: canonical JSON sorts keys by UTF-16 code units, and
// signed notes must be valid UTF-8 with key names free of Unicode spaces.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace samrad::records {

// The code points of well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing
// above U+10FFFF), or nothing.
std::optional<std::u32string> decode_utf8(std::string_view text);

// The same text as UTF-16 code units; text must be well-formed UTF-8.
std::u16string to_utf16(const std::u32string& code_points);

// Unicode White_Space, as Go's unicode.IsSpace (which the C2SP key-name rule follows).
bool is_unicode_space(char32_t code_point);

}  // namespace samrad::records
