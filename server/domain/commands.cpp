// Decisions on commands: given the actor and the facts read in the transaction, the events to
// append or the refusal to send back. Checks run in the order a person would want them
// explained: existence, permission, the round's phase, then the text itself.
#include "domain/commands.hpp"

#include <algorithm>
#include <string>
#include <string_view>

#include "domain/permissions.hpp"
#include "domain/text.hpp"

namespace samrad::domain {

namespace {

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

Decision one_event(StreamId stream, EventData data) {
  return std::vector<NewEvent>{NewEvent{stream, std::move(data)}};
}

}  // namespace

Decision decide(const Person& actor, const CreateRound& cmd, const CreateRoundFacts& facts) {
  if (!can_create_round(actor)) {
    return make_error(ErrorCode::forbidden, "Only the secretariat can start a consultation round");
  }
  if (cmd.phase != Phase::draft && cmd.phase != Phase::open) {
    return make_error(ErrorCode::bad_request, "A new round starts as a draft or open");
  }
  if (auto status = check_text(cmd.title, max_title_bytes, "The title"); !status) {
    return status.error();
  }
  if (cmd.proposal.size() > max_proposal_bytes) {
    return make_error(ErrorCode::too_large, "The proposal is longer than " +
                                                std::to_string(max_proposal_bytes) + " bytes");
  }
  auto sorted = cmd.invited;
  std::sort(sorted.begin(), sorted.end());
  if (std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end()) {
    return make_error(ErrorCode::bad_request, "An organisation is invited more than once");
  }
  if (facts.invited.size() != cmd.invited.size()) {
    return make_error(ErrorCode::internal, "The invited organisations were not all looked up");
  }
  std::vector<Organisation> invited;
  for (std::size_t i = 0; i < cmd.invited.size(); ++i) {
    if (!facts.invited[i]) {
      return make_error(ErrorCode::not_found,
                        "No such organisation: " + std::to_string(cmd.invited[i]));
    }
    invited.push_back(*facts.invited[i]);
  }
  return one_event(StreamId{facts.new_round, StreamKind::main},
                   RoundCreated{cmd.title, cmd.proposal, cmd.phase, std::move(invited)});
}

Decision decide(const Person& actor, const CreateThread& cmd, const CreateThreadFacts& facts) {
  // A round the actor may not see is answered exactly like a missing one, so refusals do not
  // reveal which rounds exist.
  if (!facts.round || !can_view_round(actor, *facts.round)) {
    return make_error(ErrorCode::not_found, "No such round");
  }
  if (!can_create_thread(actor, *facts.round)) {
    if (!can_create_round(actor)) {
      return make_error(ErrorCode::forbidden, "Only the secretariat can add threads to a round");
    }
    return make_error(ErrorCode::invalid_state, "This round is closed; no threads can be added");
  }
  if (auto status = check_text(cmd.title, max_title_bytes, "The title"); !status) {
    return status.error();
  }
  return one_event(StreamId{facts.round->id, StreamKind::main},
                   ThreadCreated{facts.new_thread, cmd.title});
}

Decision decide(const Person& actor, const CreatePost& cmd, const CreatePostFacts& facts) {
  const auto& round = facts.round;
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
  const auto& thread = facts.thread;
  if (!thread || thread->id != cmd.thread || thread->round != round->id ||
      !can_view_stream(actor, *round, thread->stream)) {
    return make_error(ErrorCode::not_found, "No such thread in this round");
  }
  const auto& reply_to = facts.reply_to;
  if (cmd.reply_to &&
      (!reply_to || reply_to->id != *cmd.reply_to || reply_to->thread != thread->id)) {
    return make_error(ErrorCode::invalid_reply, "The post you reply to is not in this thread");
  }
  if (auto status = check_text(cmd.body, max_body_bytes, "The post"); !status) {
    return status.error();
  }
  return one_event(StreamId{round->id, thread->stream},
                   PostCreated{facts.new_post, cmd.thread, cmd.reply_to, cmd.body});
}

}  // namespace samrad::domain
