// Rules for text people write: the one UTF-8 decoder (the protocol codec, the domain and the
// records use it), the one definition of "blank" (the protocol codec and the domain both use it)
// and the byte limits of titles, posts and proposals.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace samrad::domain {

// Limits on user text, in bytes of UTF-8 (the protocol layer has already checked UTF-8).
inline constexpr std::size_t max_title_bytes = 300;
inline constexpr std::size_t max_body_bytes = 20000;
inline constexpr std::size_t max_proposal_bytes = 200000;

// Decodes the UTF-8 sequence at text[i] (i < text.size()) and moves i past it; nothing, with i
// unmoved, for a sequence that is not well-formed (RFC 3629: no overlong forms, no surrogates,
// nothing above U+10FFFF). It allocates nothing: the event frames are checked with it.
std::optional<char32_t> next_code_point(std::string_view text, std::size_t& i) noexcept;

// True when the text shows as nothing: it is made only of Unicode White_Space, the zero-width
// space and joiners (U+200B-U+200D), the word joiner (U+2060) and the BOM (U+FEFF). The protocol
// spec states the same set, and the web client checks it before sending.
bool is_blank(std::string_view text) noexcept;

}  // namespace samrad::domain
