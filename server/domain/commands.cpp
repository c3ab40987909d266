// Decisions on commands: given the actor and the facts the store read, allow the command or
// refuse it with the error to send back. Checks run in the order a person would want them
// explained: existence, permission, the round's phase, then the text itself.
#include "domain/commands.hpp"

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

#include "domain/permissions.hpp"

namespace samrad::domain {

namespace {

// Decodes one UTF-8 sequence at text[i] and advances i; returns nullopt on a malformed sequence
// (the protocol layer has already rejected those, so this only keeps the scan safe).
std::optional<char32_t> next_code_point(std::string_view text, std::size_t& i) noexcept {
  const auto lead = static_cast<unsigned char>(text[i]);
  const std::size_t length = lead < 0x80           ? 1
                             : (lead >> 5) == 0x6  ? 2
                             : (lead >> 4) == 0xE  ? 3
                             : (lead >> 3) == 0x1E ? 4
                                                   : 0;
  if (length == 0 || i + length > text.size()) return std::nullopt;
  char32_t cp = length == 1 ? lead : lead & (0x7F >> length);
  for (std::size_t k = 1; k < length; ++k) {
    const auto cont = static_cast<unsigned char>(text[i + k]);
    if ((cont >> 6) != 0x2) return std::nullopt;
    cp = (cp << 6) | (cont & 0x3F);
  }
  i += length;
  return cp;
}

// Unicode White_Space plus the invisible joiners and BOM: a text made only of these shows as
// nothing, so it counts as blank just like one made of ASCII spaces.
bool is_invisible(char32_t cp) noexcept {
  return (cp >= 0x09 && cp <= 0x0D) || cp == 0x20 || cp == 0x85 || cp == 0xA0 || cp == 0x1680 ||
         (cp >= 0x2000 && cp <= 0x200D) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F ||
         cp == 0x205F || cp == 0x2060 || cp == 0x3000 || cp == 0xFEFF;
}

bool is_blank(std::string_view text) noexcept {
  for (std::size_t i = 0; i < text.size();) {
    const auto cp = next_code_point(text, i);
    if (!cp || !is_invisible(*cp)) return false;
  }
  return true;
}

Status check_text(std::string_view text, std::size_t max_bytes, std::string_view what) {
  if (is_blank(text)) {
    return make_error(ErrorCode::bad_request, std::string(what) + " must not be blank");
  }
  if (text.size() > max_bytes) {
    return make_error(ErrorCode::too_large, std::string(what) + " is longer than " +
                                                std::to_string(max_bytes) + " bytes");
  }
  return Ok{};
}

}  // namespace

Status decide(const Person& actor, const CreateRound& cmd) {
  if (!can_create_round(actor)) {
    return make_error(ErrorCode::forbidden, "Only the secretariat can start a consultation round");
  }
  if (cmd.phase != Phase::draft && cmd.phase != Phase::open) {
    return make_error(ErrorCode::bad_request, "A new round starts as a draft or open");
  }
  if (auto status = check_text(cmd.title, max_title_bytes, "The title"); !status) return status;
  if (cmd.proposal.size() > max_proposal_bytes) {
    return make_error(ErrorCode::too_large, "The proposal is longer than " +
                                                std::to_string(max_proposal_bytes) + " bytes");
  }
  auto invited = cmd.invited;
  std::sort(invited.begin(), invited.end());
  if (std::adjacent_find(invited.begin(), invited.end()) != invited.end()) {
    return make_error(ErrorCode::bad_request, "An organisation is invited more than once");
  }
  return Ok{};
}

Status decide(const Person& actor, const std::optional<RoundAccess>& round,
              const CreateThread& cmd) {
  // A round the actor may not see is answered exactly like a missing one, so refusals do not
  // reveal which rounds exist.
  if (!round || !can_view_round(actor, *round)) {
    return make_error(ErrorCode::not_found, "No such round");
  }
  if (!can_create_thread(actor, *round)) {
    if (!can_create_round(actor)) {
      return make_error(ErrorCode::forbidden, "Only the secretariat can add threads to a round");
    }
    return make_error(ErrorCode::invalid_state, "This round is closed; no threads can be added");
  }
  return check_text(cmd.title, max_title_bytes, "The title");
}

Status decide(const Person& actor, const std::optional<RoundAccess>& round,
              const std::optional<ThreadFacts>& thread, const std::optional<PostFacts>& reply_to,
              const CreatePost& cmd) {
  if (!round || !can_view_round(actor, *round)) {
    return make_error(ErrorCode::not_found, "No such round");
  }
  if (!can_post_in_round(actor, *round)) {
    if (actor.role == Role::observer) {
      return make_error(ErrorCode::forbidden, "Observers can read a round but not post in it");
    }
    return make_error(ErrorCode::invalid_state, round->phase == Phase::draft
                                                    ? "This round is not open for posts yet"
                                                    : "This round is closed for posts");
  }
  if (!thread || thread->id != cmd.thread || thread->round != round->id) {
    return make_error(ErrorCode::not_found, "No such thread in this round");
  }
  if (cmd.reply_to &&
      (!reply_to || reply_to->id != *cmd.reply_to || reply_to->thread != thread->id)) {
    return make_error(ErrorCode::invalid_reply, "The post you reply to is not in this thread");
  }
  return check_text(cmd.body, max_body_bytes, "The post");
}

}  // namespace samrad::domain
