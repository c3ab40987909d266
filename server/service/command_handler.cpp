// The command handler (see command_handler.hpp): facts in, decision by the domain, events out.
#include "service/command_handler.hpp"

#include <variant>

namespace samrad::service {

namespace {

domain::CreateRoundFacts facts_for(store::WriteTransaction& tx, const domain::CreateRound& cmd) {
  domain::CreateRoundFacts facts{.new_round = tx.new_id(store::Entity::round), .invited = {}};
  for (const auto id : cmd.invited) facts.invited.push_back(tx.organisation(id));
  return facts;
}

domain::CreateThreadFacts facts_for(store::WriteTransaction& tx, const domain::CreateThread& cmd) {
  return {.round = tx.round(cmd.round), .new_thread = tx.new_id(store::Entity::thread)};
}

domain::CreatePostFacts facts_for(store::WriteTransaction& tx, const domain::CreatePost& cmd) {
  return {
      .round = tx.round(cmd.round),
      .thread = tx.thread(cmd.thread),
      .reply_to = cmd.reply_to ? tx.post(*cmd.reply_to) : std::nullopt,
      .new_post = tx.new_id(store::Entity::post),
  };
}

}  // namespace

store::Appended carry_out(store::WriteTransaction& tx, const Caller& caller, domain::Timestamp now,
                          const domain::Command& command) {
  if (caller.session_hash && !tx.session_is_live(*caller.session_hash, now)) {
    return domain::make_error(domain::ErrorCode::unauthenticated,
                              "Your session has ended; log in again");
  }
  auto decision = std::visit(
      [&](const auto& cmd) { return domain::decide(caller.person, cmd, facts_for(tx, cmd)); },
      command);
  if (!decision) return decision.error();
  std::vector<domain::Event> events;
  events.reserve(decision->size());
  for (auto& decided : *decision) {
    events.push_back(domain::Event{
        .stream = decided.stream,
        .seq = tx.next_seq(decided.stream),
        .at = now,
        .actor = caller.person,
        .data = std::move(decided.data),
    });
    tx.append(events.back());
  }
  return events;
}

std::size_t size_of(const domain::Command& command) {
  struct Size {
    std::size_t operator()(const domain::CreateRound& cmd) const {
      return cmd.title.size() + cmd.proposal.size() + 16 * cmd.invited.size();
    }
    std::size_t operator()(const domain::CreateThread& cmd) const { return cmd.title.size(); }
    std::size_t operator()(const domain::CreatePost& cmd) const { return cmd.body.size(); }
  };
  return std::visit(Size{}, command);
}

}  // namespace samrad::service
